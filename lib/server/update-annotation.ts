import "server-only";
import type { Db } from "@/db/connect";
import { getAnnotation, updateAnnotationIfVersion, type AnnotationChanges, type AnnotationWithOwner } from "@/db/queries/annotations";
import { insertAuditEvent } from "@/db/queries/audit";
import { authorizeProject, type Actor } from "@/lib/auth/guards";
import { ZUpdateAnnotationRequest } from "@/lib/validation/annotations";
import type { AnnotationDto } from "./annotation-dto";
import {
  ANNOTATION_NOT_FOUND,
  annotationSnapshot,
  assertCanWriteLayerOf,
  assertCanWriteOwnLayer,
  checkAttributes,
  checkEntity,
  checkEntityType,
  checkNote,
  checkOverlap,
  checkSpan,
  keepValidAttributes,
  loadDocumentText,
  loadLabel,
  loadWriteTarget,
  parseInput,
  requireId,
  runWrite,
  startAssignmentOnWrite,
  toAnnotationDto,
  toAnnotationDtoWithOwner,
  type WriteResult,
} from "./annotations-shared";
import type { WriteOptions } from "./create-annotation";
import { AppError } from "./errors";
import { publishDocumentChange } from "./live";

/**
 * 409 `version_conflict` carrying the stored span (`details.current`), so the editor can show both
 * versions and let the person re-apply their edit.
 */
export function versionConflict(current: AnnotationWithOwner, basedOn: number): AppError {
  const message = current.deletedAt
    ? `This span was deleted (it is now at version ${current.version}); restore it before editing it.`
    : `This span changed since you loaded it (your edit is based on version ${basedOn}; it is now at version ${current.version}, perhaps from another tab). Review the current version and apply your edit again.`;
  return new AppError("version_conflict", message, { details: { current: toAnnotationDtoWithOwner(current) } });
}

/**
 * Edits a span: PATCH /api/projects/:projectId/annotations/:annotationId.
 *
 * Only the fields sent change. `version` is the version the edit is based on; the row is updated
 * with `... where id = $1 and version = $2` (and the version bumped), so of two edits from the same
 * base the second gets 409 version_conflict with the current span. New offsets need the quote the
 * client saw (checked against the text; prefix/suffix are recomputed). When the label changes and
 * no attributes are sent, attributes and entity type that the new label does not define are dropped
 * (the audit event keeps the before and after).
 */
export async function updateAnnotation(
  db: Db,
  actor: Actor,
  projectId: string,
  annotationId: string,
  input: unknown,
  options: WriteOptions = {},
): Promise<WriteResult<{ annotation: AnnotationDto }>> {
  const ctx = await authorizeProject(db, actor, projectId, "annotations.write");
  const data = parseInput(ZUpdateAnnotationRequest, input);
  const id = requireId(annotationId, ANNOTATION_NOT_FOUND);
  const pid = ctx.project.id;

  return runWrite(db, actor, { idempotencyKey: options.idempotencyKey, operation: `annotation.update:${pid}:${id}`, request: data }, async (tx) => {
    const current = await getAnnotation(tx, pid, id);
    if (!current) throw new AppError("not_found", ANNOTATION_NOT_FOUND);
    assertCanWriteLayerOf(ctx, current);
    if (current.deletedAt !== null || current.version !== data.version) throw versionConflict(current, data.version);
    const target = await loadWriteTarget(tx, ctx, current.documentId);
    if (current.layer === "annotator") assertCanWriteOwnLayer(ctx, target);

    const changes: AnnotationChanges = {};
    const start = data.start ?? current.startOffset;
    const end = data.end ?? current.endOffset;
    const spanChanged = start !== current.startOffset || end !== current.endOffset;
    if (spanChanged && data.quote === undefined) {
      const message = "Send the quote (the text between the new start and end, as you see it) with new offsets.";
      throw new AppError("validation_failed", message, { fields: { quote: [message] }, details: { code: "quote_required" } });
    }
    if (data.start !== undefined || data.end !== undefined || data.quote !== undefined) {
      const text = await loadDocumentText(tx, pid, target);
      const selector = checkSpan(text, start, end, data.quote);
      if (spanChanged) Object.assign(changes, { startOffset: start, endOffset: end, quote: selector.exact, prefix: selector.prefix, suffix: selector.suffix });
    }

    const labelChanged = data.labelId !== undefined && data.labelId !== current.labelId;
    const label = await loadLabel(tx, pid, data.labelId ?? current.labelId, { refuseArchived: labelChanged });
    if (labelChanged) changes.labelId = label.id;

    if (data.attributes !== undefined) changes.attributes = checkAttributes(label, data.attributes);
    else if (labelChanged) changes.attributes = keepValidAttributes(label, current.attributes);

    if (data.entityType !== undefined) changes.entityType = checkEntityType(label, data.entityType);
    else if (labelChanged && current.entityType !== null && !label.entityTypes.includes(current.entityType)) changes.entityType = null;

    if (data.note !== undefined) changes.note = checkNote(data.note);
    if (data.entityId !== undefined) changes.entityId = await checkEntity(tx, pid, data.entityId);

    if (spanChanged || labelChanged) {
      await checkOverlap(tx, { label, projectId: pid, documentId: current.documentId, layer: current.layer, ownerId: current.ownerId, start, end, excludeId: id });
    }

    const row = await updateAnnotationIfVersion(tx, { projectId: pid, id, version: data.version, actorId: actor.userId, changes });
    if (!row) {
      const now = await getAnnotation(tx, pid, id);
      if (!now) throw new AppError("not_found", ANNOTATION_NOT_FOUND);
      throw versionConflict(now, data.version);
    }
    const assignment = current.layer === "annotator" ? await startAssignmentOnWrite(tx, ctx, target) : null;
    await insertAuditEvent(tx, {
      projectId: pid,
      actorId: actor.userId,
      action: "annotation.update",
      entityType: "annotation",
      entityId: row.id,
      before: annotationSnapshot(current),
      after: { ...annotationSnapshot(row), ...(assignment ? { assignment } : {}) },
    });
    await publishDocumentChange(tx, { projectId: pid, documentId: row.documentId, kind: "annotation", id: row.id, actorId: actor.userId });
    return { status: 200, body: { annotation: toAnnotationDto(row, current.ownerName) } };
  });
}
