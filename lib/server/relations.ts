import "server-only";
import type { Db } from "@/db/connect";
import { getAnnotationsWithLabels, lockAnnotationLayer } from "@/db/queries/annotations";
import { insertAuditEvent } from "@/db/queries/audit";
import {
  findLiveDuplicateRelation,
  getRelation,
  insertRelationIfAbsent,
  restoreRelationRows,
  softDeleteRelation,
  type RelationRow,
} from "@/db/queries/relations";
import { authorizeProject, type Actor, type ProjectContext } from "@/lib/auth/guards";
import { ZCreateRelationRequest } from "@/lib/validation/annotations";
import type { RelationDto } from "./annotation-dto";
import {
  assertCanWriteLayerOf,
  assertCanWriteOwnLayer,
  DOCUMENT_NOT_FOUND,
  loadWriteTarget,
  parseInput,
  relationSnapshot,
  RELATION_NOT_FOUND,
  requireId,
  runWrite,
  startAssignmentOnWrite,
  toRelationDto,
  type WriteResult,
} from "./annotations-shared";
import type { WriteOptions } from "./create-annotation";
import { AppError } from "./errors";
import { publishDocumentChange } from "./live";

function relationError(message: string, code: string, field?: string): AppError {
  return new AppError("validation_failed", message, { ...(field ? { fields: { [field]: [message] } } : {}), details: { code } });
}

function show(quote: string): string {
  const cps = Array.from(quote);
  return JSON.stringify(cps.length > 40 ? `${cps.slice(0, 39).join("")}…` : quote);
}

/**
 * Links two spans: POST /api/projects/:projectId/documents/:documentId/relations.
 *
 * Both spans must be live, in this document and in the same layer (same owner); the writer must be
 * allowed to write that layer; the type must be one the source span's label allows towards the
 * target's label kind (`relationTypes[].targetKinds`); the same link may exist only once.
 */
export async function createRelation(
  db: Db,
  actor: Actor,
  projectId: string,
  documentId: string,
  input: unknown,
  options: WriteOptions = {},
): Promise<WriteResult<{ relation: RelationDto }>> {
  const ctx = await authorizeProject(db, actor, projectId, "annotations.write");
  const data = parseInput(ZCreateRelationRequest, input);
  const docId = requireId(documentId, DOCUMENT_NOT_FOUND);
  const pid = ctx.project.id;

  return runWrite(db, actor, { idempotencyKey: options.idempotencyKey, operation: `relation.create:${pid}:${docId}`, request: data }, async (tx) => {
    const target = await loadWriteTarget(tx, ctx, docId);
    if (data.fromId === data.toId) throw relationError("A relation links two different spans; pick another target.", "self_relation", "toId");
    const spans = await getAnnotationsWithLabels(tx, pid, [data.fromId, data.toId]);
    const from = spans.find((s) => s.id === data.fromId);
    const to = spans.find((s) => s.id === data.toId);
    for (const [span, which, field] of [
      [from, "source", "fromId"],
      [to, "target", "toId"],
    ] as const) {
      if (!span || span.deletedAt !== null) {
        throw relationError(`The ${which} span does not exist (or was deleted). Reload the article.`, "span_not_found", field);
      }
      if (span.documentId !== docId) throw relationError(`The ${which} span belongs to another article.`, "different_document", field);
    }
    if (!from || !to) throw new Error("unreachable");
    if (from.layer !== to.layer || from.ownerId !== to.ownerId) {
      throw relationError("Both spans of a relation must be in the same layer.", "different_layer", "toId");
    }
    assertCanWriteLayerOf(ctx, from);
    if (from.layer === "annotator") assertCanWriteOwnLayer(ctx, target);

    const allowed = from.labelRelationTypes.filter((t) => t.targetKinds.includes(to.labelKind)).map((t) => t.type);
    if (!allowed.includes(data.type)) {
      const message = allowed.length
        ? `A "${from.labelName}" span can't have a "${data.type}" relation to a "${to.labelName}" span; allowed: ${allowed.map((t) => JSON.stringify(t)).join(", ")}.`
        : `A "${from.labelName}" span can't have any relation to a "${to.labelName}" span (${to.labelKind}); the label schema allows none.`;
      throw relationError(message, "relation_type_not_allowed", "type");
    }
    // Serialise writers of this layer so two concurrent equal links can't both pass the duplicate check.
    await lockAnnotationLayer(tx, { documentId: docId, layer: from.layer, ownerId: from.ownerId });
    const duplicate = await findLiveDuplicateRelation(tx, { projectId: pid, fromId: from.id, toId: to.id, type: data.type, excludeId: data.id });
    if (duplicate) {
      throw new AppError("conflict", `These spans are already linked by "${data.type}" (${show(from.quote)} → ${show(to.quote)}).`, {
        details: { code: "duplicate_relation", existing: toRelationDto(duplicate) },
      });
    }

    const row = await insertRelationIfAbsent(tx, {
      ...(data.id ? { id: data.id } : {}),
      projectId: pid,
      documentId: docId,
      type: data.type,
      fromId: from.id,
      toId: to.id,
      createdBy: actor.userId,
    });
    if (!row) {
      const existing = data.id ? await getRelation(tx, pid, data.id) : undefined;
      if (
        existing &&
        existing.deletedAt === null &&
        existing.createdBy === actor.userId &&
        existing.documentId === docId &&
        existing.fromId === from.id &&
        existing.toId === to.id &&
        existing.type === data.type
      ) {
        return { status: 201, body: { relation: toRelationDto(existing) } };
      }
      throw new AppError("conflict", "A different relation already uses this id. Create the relation again with a new id.", { details: { code: "id_taken" } });
    }
    const assignment = from.layer === "annotator" ? await startAssignmentOnWrite(tx, ctx, target) : null;
    await insertAuditEvent(tx, {
      projectId: pid,
      actorId: actor.userId,
      action: "relation.create",
      entityType: "relation",
      entityId: row.id,
      before: null,
      after: { ...relationSnapshot(row), ...(assignment ? { assignment } : {}) },
    });
    await publishDocumentChange(tx, { projectId: pid, documentId: docId, kind: "relation", id: row.id, actorId: actor.userId });
    return { status: 201, body: { relation: toRelationDto(row) } };
  });
}

/** A relation and the layer it lives in (its source span's), checked for the actor's write access. */
async function loadRelationForWrite(tx: Db, ctx: ProjectContext, id: string) {
  const relation = await getRelation(tx, ctx.project.id, id);
  if (!relation) throw new AppError("not_found", RELATION_NOT_FOUND);
  const spans = await getAnnotationsWithLabels(tx, ctx.project.id, [relation.fromId, relation.toId]);
  const from = spans.find((s) => s.id === relation.fromId);
  if (!from) throw new AppError("not_found", RELATION_NOT_FOUND);
  assertCanWriteLayerOf(ctx, from);
  const target = await loadWriteTarget(tx, ctx, relation.documentId);
  if (from.layer === "annotator") assertCanWriteOwnLayer(ctx, target);
  return { relation, from, to: spans.find((s) => s.id === relation.toId), target };
}

/** Unlinks: DELETE /api/projects/:projectId/relations/:relationId (soft; deleting a deleted relation returns it). */
export async function deleteRelation(
  db: Db,
  actor: Actor,
  projectId: string,
  relationId: string,
  options: WriteOptions = {},
): Promise<WriteResult<{ relation: RelationDto }>> {
  const ctx = await authorizeProject(db, actor, projectId, "annotations.write");
  const id = requireId(relationId, RELATION_NOT_FOUND);
  const pid = ctx.project.id;
  return runWrite(db, actor, { idempotencyKey: options.idempotencyKey, operation: `relation.delete:${pid}:${id}`, request: null }, async (tx) => {
    const { relation, from, target } = await loadRelationForWrite(tx, ctx, id);
    if (relation.deletedAt !== null) return { status: 200, body: { relation: toRelationDto(relation) } };
    const row = await softDeleteRelation(tx, { projectId: pid, id });
    if (!row) throw new AppError("conflict", "This relation changed while it was being deleted. Reload the article and try again.");
    const assignment = from.layer === "annotator" ? await startAssignmentOnWrite(tx, ctx, target) : null;
    await audit(tx, ctx, "relation.delete", relation, row, assignment);
    await publishDocumentChange(tx, { projectId: pid, documentId: row.documentId, kind: "relation", id, actorId: actor.userId });
    return { status: 200, body: { relation: toRelationDto(row) } };
  });
}

/** Undo of an unlink: POST /api/projects/:projectId/relations/:relationId/restore. Both spans must be live. */
export async function restoreRelation(
  db: Db,
  actor: Actor,
  projectId: string,
  relationId: string,
  options: WriteOptions = {},
): Promise<WriteResult<{ relation: RelationDto }>> {
  const ctx = await authorizeProject(db, actor, projectId, "annotations.write");
  const id = requireId(relationId, RELATION_NOT_FOUND);
  const pid = ctx.project.id;
  return runWrite(db, actor, { idempotencyKey: options.idempotencyKey, operation: `relation.restore:${pid}:${id}`, request: null }, async (tx) => {
    const { relation, from, to, target } = await loadRelationForWrite(tx, ctx, id);
    if (relation.deletedAt === null) return { status: 200, body: { relation: toRelationDto(relation) } };
    for (const [span, which] of [
      [from, "source"],
      [to, "target"],
    ] as const) {
      if (!span || span.deletedAt !== null) {
        throw relationError(`The relation's ${which} span is deleted; restore that span first.`, "relation_end_deleted");
      }
    }
    const duplicate = await findLiveDuplicateRelation(tx, { projectId: pid, fromId: relation.fromId, toId: relation.toId, type: relation.type, excludeId: id });
    if (duplicate) {
      throw new AppError("conflict", `These spans are already linked by "${relation.type}" again; there is nothing to restore.`, {
        details: { code: "duplicate_relation", existing: toRelationDto(duplicate) },
      });
    }
    const [row] = await restoreRelationRows(tx, { projectId: pid, ids: [id] });
    if (!row) throw new AppError("conflict", "This relation changed while it was being restored. Reload the article and try again.");
    const assignment = from.layer === "annotator" ? await startAssignmentOnWrite(tx, ctx, target) : null;
    await audit(tx, ctx, "relation.restore", relation, row, assignment);
    await publishDocumentChange(tx, { projectId: pid, documentId: row.documentId, kind: "relation", id, actorId: actor.userId });
    return { status: 200, body: { relation: toRelationDto(row) } };
  });
}

async function audit(tx: Db, ctx: ProjectContext, action: string, before: RelationRow, after: RelationRow, assignment: unknown): Promise<void> {
  await insertAuditEvent(tx, {
    projectId: ctx.project.id,
    actorId: ctx.actor.userId,
    action,
    entityType: "relation",
    entityId: after.id,
    before: relationSnapshot(before),
    after: { ...relationSnapshot(after), ...(assignment ? { assignment } : {}) },
  });
}
