import "server-only";
import type { Db } from "@/db/connect";
import { getAnnotation, insertAnnotationIfAbsent, type AnnotationWithOwner } from "@/db/queries/annotations";
import { insertAuditEvent } from "@/db/queries/audit";
import { authorizeProject, type Actor } from "@/lib/auth/guards";
import { ZCreateAnnotationRequest } from "@/lib/validation/annotations";
import type { AnnotationDto } from "./annotation-dto";
import {
  annotationSnapshot,
  assertCanWriteOwnLayer,
  checkAttributes,
  checkEntity,
  checkEntityType,
  checkNote,
  checkOverlap,
  checkSpan,
  DOCUMENT_NOT_FOUND,
  layerPermission,
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
import { AppError } from "./errors";
import { publishDocumentChange } from "./live";

export interface WriteOptions {
  /** The request's `Idempotency-Key` header. */
  idempotencyKey?: string | null;
}

function sameAttributes(a: Record<string, string | boolean>, b: Record<string, string | boolean>): boolean {
  const ak = Object.keys(a);
  return ak.length === Object.keys(b).length && ak.every((k) => Object.prototype.hasOwnProperty.call(b, k) && a[k] === b[k]);
}

/**
 * Tags a span: POST /api/projects/:projectId/documents/:documentId/annotations.
 *
 * Authorize (annotations.write; gold.write for the gold layer) → validate (shape; then offsets,
 * quote, label, attributes, entity, note, overlap against the stored text and the project) → insert
 * with server-computed prefix/suffix → start the writer's assignment → audit → NOTIFY, all in one
 * transaction. A client-chosen `id` makes retries safe: re-sending the same span with the same id
 * returns it; a different span under a taken id is 409.
 */
export async function createAnnotation(
  db: Db,
  actor: Actor,
  projectId: string,
  documentId: string,
  input: unknown,
  options: WriteOptions = {},
): Promise<WriteResult<{ annotation: AnnotationDto }>> {
  // Authorize first (a non-member learns nothing from validation messages); the layer asked for decides the permission.
  const askedLayer = typeof input === "object" && input !== null && (input as { layer?: unknown }).layer === "gold" ? "gold" : "annotator";
  const ctx = await authorizeProject(db, actor, projectId, layerPermission(askedLayer));
  const data = parseInput(ZCreateAnnotationRequest, input);
  const layer = data.layer ?? "annotator";
  const docId = requireId(documentId, DOCUMENT_NOT_FOUND);
  const pid = ctx.project.id;
  const ownerId = layer === "gold" ? null : actor.userId;

  return runWrite(
    db,
    actor,
    { idempotencyKey: options.idempotencyKey, operation: `annotation.create:${pid}:${docId}`, request: data },
    async (tx) => {
      const target = await loadWriteTarget(tx, ctx, docId);
      if (layer === "annotator") assertCanWriteOwnLayer(ctx, target);
      const text = await loadDocumentText(tx, pid, target);
      const selector = checkSpan(text, data.start, data.end, data.quote);
      const label = await loadLabel(tx, pid, data.labelId, { refuseArchived: true });
      const attributes = checkAttributes(label, data.attributes ?? {});
      const entityType = checkEntityType(label, data.entityType);
      const note = checkNote(data.note);
      const entityId = await checkEntity(tx, pid, data.entityId);
      await checkOverlap(tx, { label, projectId: pid, documentId: docId, layer, ownerId, start: data.start, end: data.end, excludeId: data.id });

      const row = await insertAnnotationIfAbsent(tx, {
        ...(data.id ? { id: data.id } : {}),
        projectId: pid,
        documentId: docId,
        layer,
        ownerId,
        labelId: label.id,
        startOffset: data.start,
        endOffset: data.end,
        quote: selector.exact,
        prefix: selector.prefix,
        suffix: selector.suffix,
        attributes,
        note,
        entityId,
        entityType,
        createdBy: actor.userId,
        updatedBy: actor.userId,
      });
      if (!row) {
        // The client-chosen id is taken: a retry of this very span returns it, anything else is a clash.
        const existing = data.id ? await getAnnotation(tx, pid, data.id) : undefined;
        if (
          existing &&
          isSameSpan(existing, { documentId: docId, layer, ownerId, createdBy: actor.userId, labelId: label.id, start: data.start, end: data.end, attributes, note, entityId, entityType })
        ) {
          return { status: 201, body: { annotation: toAnnotationDtoWithOwner(existing) } };
        }
        throw new AppError(
          "conflict",
          existing?.deletedAt
            ? "A span with this id was created and has since been deleted. Restore it, or create the span again without an id."
            : "A different span already uses this id. Create the span again with a new id.",
          { details: { code: "id_taken" } },
        );
      }

      const assignment = layer === "annotator" ? await startAssignmentOnWrite(tx, ctx, target) : null;
      await insertAuditEvent(tx, {
        projectId: pid,
        actorId: actor.userId,
        action: "annotation.create",
        entityType: "annotation",
        entityId: row.id,
        before: null,
        after: { ...annotationSnapshot(row), ...(assignment ? { assignment } : {}) },
      });
      await publishDocumentChange(tx, { projectId: pid, documentId: docId, kind: "annotation", id: row.id, actorId: actor.userId });
      return { status: 201, body: { annotation: toAnnotationDto(row, ownerId ? actor.name : null) } };
    },
  );
}

function isSameSpan(
  existing: AnnotationWithOwner,
  wanted: {
    documentId: string;
    layer: string;
    ownerId: string | null;
    createdBy: string;
    labelId: string;
    start: number;
    end: number;
    attributes: Record<string, string | boolean>;
    note: string | null;
    entityId: string | null;
    entityType: string | null;
  },
): boolean {
  return (
    existing.deletedAt === null &&
    existing.documentId === wanted.documentId &&
    existing.layer === wanted.layer &&
    existing.ownerId === wanted.ownerId &&
    existing.createdBy === wanted.createdBy &&
    existing.labelId === wanted.labelId &&
    existing.startOffset === wanted.start &&
    existing.endOffset === wanted.end &&
    sameAttributes(existing.attributes, wanted.attributes) &&
    existing.note === wanted.note &&
    existing.entityId === wanted.entityId &&
    existing.entityType === wanted.entityType
  );
}
