import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "@/db/connect";
import { FOREIGN_KEY_VIOLATION, sqlState, UNIQUE_VIOLATION } from "@/db/errors";
import {
  getAnnotation,
  getLabelForWrite,
  getSaveContext,
  insertAnnotationAtOnce,
  insertAnnotationIfAbsent,
  type AnnotationRow,
  type AnnotationWithOwner,
  type DocumentWriteTarget,
  type LabelRowForWrite,
} from "@/db/queries/annotations";
import { insertAuditEvent } from "@/db/queries/audit";
import type { AnnotationLayer } from "@/db/schema";
import { authorizeMembership, type Actor, type ProjectContext } from "@/lib/auth/guards";
import { ZCreateAnnotationRequest, type TCreateAnnotationRequest } from "@/lib/validation/annotations";
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
  idempotencyFingerprint,
  layerPermission,
  normalizeIdempotencyKey,
  loadDocumentText,
  loadLabel,
  loadWriteTarget,
  parseInput,
  requireId,
  requireLabel,
  requireWriteTarget,
  runWrite,
  startAssignmentOnWrite,
  toAnnotationDto,
  toAnnotationDtoWithOwner,
  type StoredResponse,
  type WriteResult,
} from "./annotations-shared";
import { AppError, isAppError } from "./errors";
import { documentChangeNotification, publishDocumentChange } from "./live";

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
 *
 * The common case — a span in a layer already being worked on, in a project without overlap rules —
 * takes a short path with the same checks and the same effects: the reads at once, then one
 * statement that writes the row, its audit event, the idempotency record and the NOTIFY
 * (createAtOnce). Everything else, and anything that path can't settle (a key or id already taken),
 * goes through the transaction below.
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
  const raw = typeof input === "object" && input !== null ? (input as { layer?: unknown; labelId?: unknown }) : {};
  const askedLayer = raw.layer === "gold" ? "gold" : "annotator";
  // One round trip reads the membership, the document and the label named in the body (every tag
  // in the editor comes here); the checks below still run in their order, membership first.
  const askedLabelId = typeof raw.labelId === "string" ? raw.labelId : null;
  const read = await getSaveContext(db, { userId: actor.userId, projectIdOrSlug: projectId, documentId, labelId: askedLabelId });
  const ctx = authorizeMembership(actor, read.membership, layerPermission(askedLayer));
  const data = parseInput(ZCreateAnnotationRequest, input);
  const layer = data.layer ?? "annotator";
  const docId = requireId(documentId, DOCUMENT_NOT_FOUND);
  const pid = ctx.project.id;
  const ownerId = layer === "gold" ? null : actor.userId;

  const quick = await createAtOnce(db, ctx, {
    data,
    docId,
    layer,
    ownerId,
    idempotencyKey: options.idempotencyKey,
    target: read.target,
    label: data.labelId === askedLabelId ? { row: read.label } : null,
  });
  if (quick) return quick;

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
        ...spanValues({ pid, docId, layer, ownerId, labelId: label.id, data, selector, attributes, note, entityId, entityType, actorId: actor.userId }),
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

/**
 * The short path of createAnnotation (see there): null when it does not apply or could not write,
 * and the caller's transaction then decides. The checks and their order are the transaction's: a
 * request refused here is refused the same way there.
 */
async function createAtOnce(
  db: Db,
  ctx: ProjectContext,
  req: {
    data: TCreateAnnotationRequest;
    docId: string;
    layer: AnnotationLayer;
    ownerId: string | null;
    idempotencyKey?: string | null;
    /** The document as read with the membership. */
    target: DocumentWriteTarget | undefined;
    /** The label as read with the membership; null when that read asked for another id. */
    label: { row: LabelRowForWrite | undefined } | null;
  },
): Promise<WriteResult<{ annotation: AnnotationDto }> | null> {
  const { data, docId, layer, ownerId } = req;
  const pid = ctx.project.id;
  const actor = ctx.actor;
  const key = normalizeIdempotencyKey(req.idempotencyKey);
  const [labelRead, entityRead] = await Promise.allSettled([
    req.label ? req.label.row : getLabelForWrite(db, pid, data.labelId),
    checkEntity(db, pid, data.entityId),
  ]);
  let checked;
  try {
    const target = requireWriteTarget(req.target);
    if (layer === "annotator") assertCanWriteOwnLayer(ctx, target);
    const text = await loadDocumentText(db, pid, target);
    const selector = checkSpan(text, data.start, data.end, data.quote);
    const label = requireLabel(settled(labelRead), data.labelId, { refuseArchived: true });
    const attributes = checkAttributes(label, data.attributes ?? {});
    const entityType = checkEntityType(label, data.entityType);
    const note = checkNote(data.note);
    const entityId = settled(entityRead);
    checked = { target, selector, label, attributes, entityType, note, entityId };
  } catch (err) {
    // With an Idempotency-Key, a refusal is the transaction's to give: it looks the key up first,
    // so a retry of a request that was applied replays its answer even if the label was archived
    // or the article submitted since.
    if (key && isAppError(err)) return null;
    throw err;
  }
  const { target, selector, label, attributes, entityType, note, entityId } = checked;
  // Overlap rules need the layer locked while checking; a first write starts the assignment and
  // recomputes the document's status: both are the transaction's work.
  if (label.projectHasOverlapRules) return null;
  if (layer === "annotator" && target.myAssignmentStatus !== "in_progress") return null;

  const now = new Date();
  const row: AnnotationRow = {
    id: data.id ?? randomUUID(),
    ...spanValues({ pid, docId, layer, ownerId, labelId: label.id, data, selector, attributes, note, entityId, entityType, actorId: actor.userId }),
    sourceAnnotationId: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
  };
  const body = { annotation: toAnnotationDto(row, ownerId ? actor.name : null) };
  const response: StoredResponse = { fingerprint: idempotencyFingerprint(`annotation.create:${pid}:${docId}`, data), body };
  try {
    await insertAnnotationAtOnce(db, {
      row,
      audit: { projectId: pid, actorId: actor.userId, action: "annotation.create", entityType: "annotation", entityId: row.id, before: null, after: annotationSnapshot(row) },
      idempotency: key ? { userId: actor.userId, key, status: 201, response } : null,
      notify: documentChangeNotification({ projectId: pid, documentId: docId, kind: "annotation", id: row.id, actorId: actor.userId }),
    });
  } catch (err) {
    const state = sqlState(err);
    if (state === UNIQUE_VIOLATION || state === FOREIGN_KEY_VIOLATION) return null;
    throw err;
  }
  return { status: 201, body, replayed: false };
}

/** The columns of a new span that both ways of writing it fill the same way. */
function spanValues(p: {
  pid: string;
  docId: string;
  layer: AnnotationLayer;
  ownerId: string | null;
  labelId: string;
  data: TCreateAnnotationRequest;
  selector: { exact: string; prefix: string; suffix: string };
  attributes: Record<string, string | boolean>;
  note: string | null;
  entityId: string | null;
  entityType: string | null;
  actorId: string;
}) {
  return {
    projectId: p.pid,
    documentId: p.docId,
    layer: p.layer,
    ownerId: p.ownerId,
    labelId: p.labelId,
    startOffset: p.data.start,
    endOffset: p.data.end,
    quote: p.selector.exact,
    prefix: p.selector.prefix,
    suffix: p.selector.suffix,
    attributes: p.attributes,
    note: p.note,
    entityId: p.entityId,
    entityType: p.entityType,
    createdBy: p.actorId,
    updatedBy: p.actorId,
  };
}

/** The value of a settled read, or its error thrown (so errors surface in the order the checks are written). */
function settled<T>(result: PromiseSettledResult<T>): T {
  if (result.status === "rejected") throw result.reason;
  return result.value;
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
