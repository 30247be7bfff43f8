import "server-only";
import type { Db } from "@/db/connect";
import { getAnnotation, getAnnotationsWithLabels, restoreAnnotationRow, softDeleteAnnotationIfVersion } from "@/db/queries/annotations";
import { insertAuditEvent } from "@/db/queries/audit";
import { findLiveDuplicateRelation, getRelationsByIds, restoreRelationRows, softDeleteRelationsOfAnnotation } from "@/db/queries/relations";
import { authorizeProject, type Actor } from "@/lib/auth/guards";
import { ZDeleteAnnotationQuery, ZRestoreAnnotationRequest } from "@/lib/validation/annotations";
import type { AnnotationDto, RelationDto } from "./annotation-dto";
import {
  ANNOTATION_NOT_FOUND,
  annotationSnapshot,
  assertCanWriteLayerOf,
  assertCanWriteOwnLayer,
  checkOverlap,
  loadLabel,
  loadWriteTarget,
  parseInput,
  requireId,
  runWrite,
  startAssignmentOnWrite,
  toAnnotationDto,
  toAnnotationDtoWithOwner,
  toRelationDto,
  type WriteResult,
} from "./annotations-shared";
import type { WriteOptions } from "./create-annotation";
import { AppError } from "./errors";
import { publishDocumentChange } from "./live";
import { versionConflict } from "./update-annotation";

/**
 * Deletes a span: DELETE /api/projects/:projectId/annotations/:annotationId?version=N.
 *
 * A soft delete (deletedAt set, version bumped) at the given version (409 version_conflict with
 * the current span otherwise); its live relations are soft-deleted with it and returned in
 * `removedRelations`, so an undo can restore exactly those. One audit event records both.
 */
export async function deleteAnnotation(
  db: Db,
  actor: Actor,
  projectId: string,
  annotationId: string,
  query: { version?: string | number | null },
  options: WriteOptions = {},
): Promise<WriteResult<{ annotation: AnnotationDto; removedRelations: RelationDto[] }>> {
  const ctx = await authorizeProject(db, actor, projectId, "annotations.write");
  const { version } = parseInput(ZDeleteAnnotationQuery, { version: query.version ?? undefined });
  const id = requireId(annotationId, ANNOTATION_NOT_FOUND);
  const pid = ctx.project.id;

  return runWrite(db, actor, { idempotencyKey: options.idempotencyKey, operation: `annotation.delete:${pid}:${id}`, request: { version } }, async (tx) => {
    const current = await getAnnotation(tx, pid, id);
    if (!current) throw new AppError("not_found", ANNOTATION_NOT_FOUND);
    assertCanWriteLayerOf(ctx, current);
    if (current.deletedAt !== null || current.version !== version) throw versionConflict(current, version);
    const target = await loadWriteTarget(tx, ctx, current.documentId);
    if (current.layer === "annotator") assertCanWriteOwnLayer(ctx, target);

    const row = await softDeleteAnnotationIfVersion(tx, { projectId: pid, id, version, actorId: actor.userId });
    if (!row) {
      const now = await getAnnotation(tx, pid, id);
      if (!now) throw new AppError("not_found", ANNOTATION_NOT_FOUND);
      throw versionConflict(now, version);
    }
    const removed = await softDeleteRelationsOfAnnotation(tx, { projectId: pid, annotationId: id });
    const assignment = current.layer === "annotator" ? await startAssignmentOnWrite(tx, ctx, target) : null;
    await insertAuditEvent(tx, {
      projectId: pid,
      actorId: actor.userId,
      action: "annotation.delete",
      entityType: "annotation",
      entityId: id,
      before: annotationSnapshot(current),
      after: { ...annotationSnapshot(row), removedRelationIds: removed.map((r) => r.id), ...(assignment ? { assignment } : {}) },
    });
    await publishDocumentChange(tx, { projectId: pid, documentId: row.documentId, kind: "annotation", id, actorId: actor.userId });
    return { status: 200, body: { annotation: toAnnotationDto(row, current.ownerName), removedRelations: removed.map(toRelationDto) } };
  });
}

/**
 * Undoes a delete: POST /api/projects/:projectId/annotations/:annotationId/restore with
 * `{ relationIds? }` (usually the `removedRelations` of the delete). The span comes back (version
 * bumped) if its layer's overlap rules still allow it; each listed relation must start or end at
 * this span and have its other end live. Restoring a live span changes nothing and returns it.
 */
export async function restoreAnnotation(
  db: Db,
  actor: Actor,
  projectId: string,
  annotationId: string,
  input: unknown,
  options: WriteOptions = {},
): Promise<WriteResult<{ annotation: AnnotationDto; restoredRelations: RelationDto[] }>> {
  const ctx = await authorizeProject(db, actor, projectId, "annotations.write");
  const data = parseInput(ZRestoreAnnotationRequest, input ?? {});
  const id = requireId(annotationId, ANNOTATION_NOT_FOUND);
  const pid = ctx.project.id;
  const relationIds = [...new Set((data.relationIds ?? []).map((r) => r.toLowerCase()))];

  return runWrite(db, actor, { idempotencyKey: options.idempotencyKey, operation: `annotation.restore:${pid}:${id}`, request: { relationIds } }, async (tx) => {
    const current = await getAnnotation(tx, pid, id);
    if (!current) throw new AppError("not_found", ANNOTATION_NOT_FOUND);
    assertCanWriteLayerOf(ctx, current);
    if (current.deletedAt === null) {
      return { status: 200, body: { annotation: toAnnotationDtoWithOwner(current), restoredRelations: [] } };
    }
    const target = await loadWriteTarget(tx, ctx, current.documentId);
    if (current.layer === "annotator") assertCanWriteOwnLayer(ctx, target);
    const label = await loadLabel(tx, pid, current.labelId, { refuseArchived: false });
    await checkOverlap(tx, {
      label,
      projectId: pid,
      documentId: current.documentId,
      layer: current.layer,
      ownerId: current.ownerId,
      start: current.startOffset,
      end: current.endOffset,
      excludeId: id,
    });

    const row = await restoreAnnotationRow(tx, { projectId: pid, id, actorId: actor.userId });
    if (!row) {
      const now = await getAnnotation(tx, pid, id);
      if (!now) throw new AppError("not_found", ANNOTATION_NOT_FOUND);
      throw versionConflict(now, current.version);
    }

    // Relations to bring back: each must touch this span, and its other end must be live.
    const candidates = await getRelationsByIds(tx, pid, relationIds);
    const found = new Set(candidates.map((r) => r.id));
    const missing = relationIds.filter((r) => !found.has(r));
    if (missing.length) {
      throw restoreRelationError(`Relation ${missing[0]} does not exist in this project.`, "relation_not_found");
    }
    const toRestore: string[] = [];
    const otherEnds = await getAnnotationsWithLabels(
      tx,
      pid,
      candidates.map((r) => (r.fromId === id ? r.toId : r.fromId)),
    );
    const live = new Map(otherEnds.map((a) => [a.id, a]));
    for (const rel of candidates) {
      if (rel.fromId !== id && rel.toId !== id) {
        throw restoreRelationError(`Relation ${rel.id} does not start or end at this span, so it can't be restored with it.`, "relation_not_attached");
      }
      if (rel.deletedAt === null) continue; // already live
      const otherId = rel.fromId === id ? rel.toId : rel.fromId;
      const other = live.get(otherId);
      if (!other || other.deletedAt !== null) {
        throw restoreRelationError(
          `Relation ${rel.id} (${rel.type}) points to a span that is deleted${other ? ` ("${other.labelName}" ${JSON.stringify(other.quote)})` : ""}; restore that span first.`,
          "relation_end_deleted",
        );
      }
      const duplicate = await findLiveDuplicateRelation(tx, { projectId: pid, fromId: rel.fromId, toId: rel.toId, type: rel.type, excludeId: rel.id });
      if (duplicate) continue; // an equal relation was made meanwhile: keep that one
      toRestore.push(rel.id);
    }
    const restored = await restoreRelationRows(tx, { projectId: pid, ids: toRestore });
    const assignment = current.layer === "annotator" ? await startAssignmentOnWrite(tx, ctx, target) : null;
    await insertAuditEvent(tx, {
      projectId: pid,
      actorId: actor.userId,
      action: "annotation.restore",
      entityType: "annotation",
      entityId: id,
      before: annotationSnapshot(current),
      after: { ...annotationSnapshot(row), restoredRelationIds: restored.map((r) => r.id), ...(assignment ? { assignment } : {}) },
    });
    await publishDocumentChange(tx, { projectId: pid, documentId: row.documentId, kind: "annotation", id, actorId: actor.userId });
    return { status: 200, body: { annotation: toAnnotationDto(row, current.ownerName), restoredRelations: restored.map(toRelationDto) } };
  });
}

function restoreRelationError(message: string, code: string): AppError {
  return new AppError("validation_failed", message, { fields: { relationIds: [message] }, details: { code } });
}
