import "server-only";
import { createHash } from "node:crypto";
import type { z } from "zod";
import type { Db } from "@/db/connect";
import {
  findOverlappingAnnotations,
  getDocumentText,
  getDocumentWriteTarget,
  getLabelForWrite,
  lockAnnotationLayer,
  type AnnotationRow,
  type AnnotationWithOwner,
  type DocumentWriteTarget,
  type LabelRowForWrite,
} from "@/db/queries/annotations";
import { insertAssignmentIfAbsent, listAssignmentStatuses, lockDocumentStatus, setDocumentStatus, updateAssignmentStatus, type AssignmentRow } from "@/db/queries/assignments";
import { getEntity, type EntityRow } from "@/db/queries/entities";
import { claimIdempotencyKey, completeIdempotencyKey, getIdempotencyRecord, IDEMPOTENCY_PENDING_STATUS } from "@/db/queries/idempotency";
import type { RelationRow } from "@/db/queries/relations";
import type { AnnotationLayer, AssignmentStatus, DocumentStatus } from "@/db/schema";
import { codePointLength, createOffsetIndex, getOffsetIndex, type OffsetIndex } from "@/lib/annotation/offsets";
import { buildQuoteSelector, validateSpan, type QuoteSelector } from "@/lib/annotation/selectors";
import type { Actor, ProjectContext } from "@/lib/auth/guards";
import { hasPermission } from "@/lib/auth/permissions";
import { fieldErrors } from "@/lib/validation/auth";
import { IDEMPOTENCY_KEY_MAX_LENGTH } from "@/lib/validation/annotations";
import {
  ATTRIBUTE_TEXT_MAX_LENGTH,
  NOTE_MAX_LENGTH,
  type AnnotationDto,
  type AssignmentDto,
  type EntityDto,
  type RelationDto,
} from "./annotation-dto";
import { AppError } from "./errors";
import { UUID_PATTERN } from "@/lib/validation/ids";

/*
 * Building blocks shared by the annotation use-cases (create-annotation.ts, update-annotation.ts,
 * delete-annotation.ts, list-annotations.ts, relations.ts, entities.ts, submit-document.ts).
 */

// ---------------------------------------------------------------------------------------------
// DTOs

export function toAnnotationDto(row: AnnotationRow, ownerName: string | null): AnnotationDto {
  return {
    id: row.id,
    documentId: row.documentId,
    layer: row.layer,
    ownerId: row.ownerId,
    ownerName: row.ownerId === null ? null : ownerName,
    labelId: row.labelId,
    start: row.startOffset,
    end: row.endOffset,
    quote: row.quote,
    prefix: row.prefix,
    suffix: row.suffix,
    attributes: row.attributes,
    note: row.note,
    entityId: row.entityId,
    entityType: row.entityType,
    version: row.version,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    deletedAt: row.deletedAt ? row.deletedAt.toISOString() : null,
  };
}

export function toAnnotationDtoWithOwner(row: AnnotationWithOwner): AnnotationDto {
  return toAnnotationDto(row, row.ownerName);
}

export function toRelationDto(row: RelationRow): RelationDto {
  return {
    id: row.id,
    documentId: row.documentId,
    type: row.type,
    fromId: row.fromId,
    toId: row.toId,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    deletedAt: row.deletedAt ? row.deletedAt.toISOString() : null,
  };
}

export function toEntityDto(row: EntityRow): EntityDto {
  return { id: row.id, name: row.name, type: row.type, externalId: row.externalId };
}

export function toAssignmentDto(row: AssignmentRow): AssignmentDto {
  return {
    documentId: row.documentId,
    userId: row.userId,
    status: row.status,
    submittedAt: row.submittedAt ? row.submittedAt.toISOString() : null,
  };
}

/** What the audit log keeps of an annotation (before/after of each change). */
export function annotationSnapshot(row: AnnotationRow): Record<string, unknown> {
  return {
    documentId: row.documentId,
    layer: row.layer,
    ownerId: row.ownerId,
    labelId: row.labelId,
    start: row.startOffset,
    end: row.endOffset,
    quote: row.quote,
    attributes: row.attributes,
    note: row.note,
    entityId: row.entityId,
    entityType: row.entityType,
    version: row.version,
    deletedAt: row.deletedAt ? row.deletedAt.toISOString() : null,
  };
}

export function relationSnapshot(row: RelationRow): Record<string, unknown> {
  return {
    documentId: row.documentId,
    type: row.type,
    fromId: row.fromId,
    toId: row.toId,
    version: row.version,
    deletedAt: row.deletedAt ? row.deletedAt.toISOString() : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Input

/** Parses with a zod schema; failures are 422 `validation_failed` with field errors. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const fields = fieldErrors(parsed.error);
    const first = Object.entries(fields)[0];
    const message = first ? (first[0] === "_form" ? first[1][0] : `${first[0]}: ${first[1][0]}`) : undefined;
    throw new AppError("validation_failed", message ?? "Some fields need attention.", { fields, details: { code: "invalid_request" } });
  }
  return parsed.data;
}


/** A path id that is not a UUID can't name anything: 404 with the given message (never a database error). */
export function requireId(id: string | undefined, notFoundMessage: string): string {
  if (!id || !UUID_PATTERN.test(id)) throw new AppError("not_found", notFoundMessage);
  return id.toLowerCase();
}

export const DOCUMENT_NOT_FOUND = "This article does not exist in the project (it may have been deleted). Go back to the library and open it again.";
export const ANNOTATION_NOT_FOUND = "This span does not exist in the project. Reload the article to see its current spans.";
export const RELATION_NOT_FOUND = "This relation does not exist in the project. Reload the article to see its current relations.";

/** Code points, as every limit in the product is counted. */
export function lengthInCodePoints(s: string): number {
  return codePointLength(s);
}

// ---------------------------------------------------------------------------------------------
// Who may write where

/** The permission a write to `layer` needs. */
export function layerPermission(layer: AnnotationLayer): "gold.write" | "annotations.write" {
  return layer === "gold" ? "gold.write" : "annotations.write";
}

/**
 * May the actor change this existing span (or a relation between spans of its layer)? Gold spans
 * need `gold.write`; an annotator layer belongs to its owner alone (reviewers read other layers,
 * they never edit them: they adjudicate into gold).
 */
export function assertCanWriteLayerOf(ctx: ProjectContext, span: { layer: AnnotationLayer; ownerId: string | null }): void {
  if (span.layer === "gold") {
    if (!hasPermission(ctx.role, "gold.write")) {
      throw new AppError("forbidden", `Your role (${ctx.role}) cannot change the gold layer (gold.write). Ask a reviewer.`);
    }
    return;
  }
  if (span.ownerId !== ctx.actor.userId) {
    throw new AppError("forbidden", "This span is in another person's layer; you can only change your own spans.");
  }
}

/**
 * THE RULE for writing to one's own annotator layer on a document:
 *
 * - Nobody writes while their own assignment on the document is `submitted` or `approved` (409):
 *   submitted work is locked until the person reopens it; approved work until a reviewer returns it.
 * - Reviewers, managers and owners may otherwise write to any document of the project.
 * - Annotators may write to a document when
 *     (a) it is assigned to them (any assignment row of theirs), or
 *     (b) the project setting `openDocuments` is on, or
 *     (c) the document has no assignments at all, so the editor works on articles created directly,
 *         before anyone assigned them. Assignments that annotators started themselves by writing
 *         (see {@link startAssignmentOnWrite}: `assigned_by` = the annotator) do not count here,
 *         so the first annotator to write does not lock the others out of an unassigned article.
 *   Otherwise 403: the article is assigned to other people.
 *
 * The gold layer is governed by `gold.write` alone, not by assignments.
 */
export function assertCanWriteOwnLayer(ctx: ProjectContext, target: DocumentWriteTarget): void {
  const mine = target.myAssignmentStatus;
  if (mine === "submitted") {
    throw new AppError("conflict", "You submitted this article, so your spans on it are locked. Reopen it to make changes.", {
      details: { code: "assignment_submitted" },
    });
  }
  if (mine === "approved") {
    throw new AppError(
      "conflict",
      "A reviewer approved your work on this article, so it can no longer be changed. Ask a reviewer to return it if something needs fixing.",
      { details: { code: "assignment_approved" } },
    );
  }
  if (ctx.role !== "annotator") return;
  if (mine !== null) return;
  if (ctx.project.settings.openDocuments) return;
  if (!target.hasAssignments) return;
  throw new AppError(
    "forbidden",
    "This article is assigned to other annotators, and this project does not let annotators open articles assigned to others. Ask a manager to assign it to you.",
  );
}

/** The document (scoped by the project) with the actor's assignment state; 404 when it is not in the project. */
export async function loadWriteTarget(tx: Db, ctx: ProjectContext, documentId: string): Promise<DocumentWriteTarget> {
  return requireWriteTarget(await getDocumentWriteTarget(tx, { projectId: ctx.project.id, documentId, userId: ctx.actor.userId }));
}

/** {@link loadWriteTarget}'s check on a target already read: 404 when there is none. */
export function requireWriteTarget(target: DocumentWriteTarget | undefined): DocumentWriteTarget {
  if (!target) throw new AppError("not_found", DOCUMENT_NOT_FOUND);
  return target;
}

/**
 * The workflow status a document should have given its assignments' statuses:
 * in_progress while anyone is at work; submitted when everyone submitted (in_review is kept while a
 * reviewer has it); approved when everyone was approved; returned when work was sent back and
 * nobody has resumed; in_progress when some have finished and others not started. When everyone is
 * merely assigned (or nobody is), the current status stands: assigning is not this code's business.
 */
export function computeDocumentStatus(statuses: readonly AssignmentStatus[], current: DocumentStatus): DocumentStatus {
  if (statuses.length === 0) return current;
  if (statuses.includes("in_progress")) return "in_progress";
  if (statuses.every((s) => s === "approved")) return "approved";
  if (statuses.every((s) => s === "submitted" || s === "approved")) return current === "in_review" ? "in_review" : "submitted";
  if (statuses.includes("returned")) return "returned";
  if (statuses.some((s) => s === "submitted" || s === "approved")) return "in_progress";
  return current;
}

/**
 * Locks the document for a change of its workflow status and returns the status as it is now.
 * Take it BEFORE changing an assignment, then {@link refreshDocumentStatus}: two people submitting
 * at the same moment otherwise each read the other's old assignment status, and whoever commits
 * last writes a status that matches neither (both submitted, the article still "returned" — seen
 * in CI). The review workflow locks the same row first too, so the order is always document, then
 * assignments.
 */
export async function lockDocumentForStatus(tx: Db, projectId: string, documentId: string): Promise<DocumentStatus> {
  const current = await lockDocumentStatus(tx, { projectId, documentId });
  if (current === undefined) throw new AppError("not_found", DOCUMENT_NOT_FOUND);
  return current;
}

/**
 * Recomputes and stores the document's status from its assignments (same transaction). `current`
 * is what {@link lockDocumentForStatus} returned: the lock must be held since before the caller
 * changed any assignment.
 */
export async function refreshDocumentStatus(tx: Db, params: { projectId: string; documentId: string; current: DocumentStatus }): Promise<DocumentStatus> {
  const statuses = await listAssignmentStatuses(tx, params);
  const next = computeDocumentStatus(statuses, params.current);
  if (next !== params.current) await setDocumentStatus(tx, { projectId: params.projectId, documentId: params.documentId, status: next });
  return next;
}

/**
 * A write to one's own layer means work has started: the first write creates the writer's
 * assignment (`in_progress`, `assigned_by` = the writer), and a write on an `assigned` or
 * `returned` assignment moves it to `in_progress`. Returns what changed (for the audit event), or
 * null when nothing did. Call only after {@link assertCanWriteOwnLayer}.
 */
export async function startAssignmentOnWrite(
  tx: Db,
  ctx: ProjectContext,
  target: DocumentWriteTarget,
): Promise<{ from: AssignmentStatus | null; to: "in_progress"; documentStatus: DocumentStatus } | null> {
  const from = target.myAssignmentStatus;
  if (from === "in_progress" || from === "submitted" || from === "approved") return null;
  const key = { projectId: ctx.project.id, documentId: target.id, userId: ctx.actor.userId };
  const current = await lockDocumentForStatus(tx, ctx.project.id, target.id);
  if (from === null) {
    const row = await insertAssignmentIfAbsent(tx, { ...key, status: "in_progress", assignedBy: ctx.actor.userId });
    if (!row) return null; // a concurrent write of the same person created it
  } else {
    await updateAssignmentStatus(tx, { ...key, status: "in_progress" });
  }
  const documentStatus = await refreshDocumentStatus(tx, { projectId: ctx.project.id, documentId: target.id, current });
  return { from, to: "in_progress", documentStatus };
}

// ---------------------------------------------------------------------------------------------
// Document text (cached)

interface CachedText {
  contentHash: string;
  length: number;
  text: string;
  index: OffsetIndex;
}

const TEXT_CACHE_MAX_DOCUMENTS = 64;
const TEXT_CACHE_MAX_UNITS = 64_000_000;
const textCache = new Map<string, CachedText>();
let textCacheUnits = 0;

/**
 * The document's exact text. Saves are frequent and texts can be long, so texts are cached in
 * memory per document id (LRU, bounded by count and size) and reused while the row's content hash
 * and length are unchanged (both are read with every write, in {@link loadWriteTarget}); a changed
 * text is reloaded. The offset index is built once per cached text.
 */
export async function loadDocumentText(tx: Db, projectId: string, target: DocumentWriteTarget): Promise<string> {
  const hit = textCache.get(target.id);
  if (hit && hit.contentHash === target.contentHash && hit.length === target.length) {
    textCache.delete(target.id);
    textCache.set(target.id, hit);
    primeOffsetIndex(hit);
    return hit.text;
  }
  const row = await getDocumentText(tx, projectId, target.id);
  if (!row) throw new AppError("not_found", DOCUMENT_NOT_FOUND);
  if (hit) {
    textCache.delete(target.id);
    textCacheUnits -= hit.text.length;
  }
  const entry: CachedText = { contentHash: row.contentHash, length: target.length, text: row.text, index: createOffsetIndex(row.text) };
  if (entry.text.length <= TEXT_CACHE_MAX_UNITS) {
    textCache.set(target.id, entry);
    textCacheUnits += entry.text.length;
    while (textCache.size > TEXT_CACHE_MAX_DOCUMENTS || textCacheUnits > TEXT_CACHE_MAX_UNITS) {
      const oldest = textCache.entries().next();
      if (oldest.done) break;
      textCache.delete(oldest.value[0]);
      textCacheUnits -= oldest.value[1].text.length;
    }
  }
  primeOffsetIndex(entry);
  return entry.text;
}

/**
 * `validateSpan`/`buildQuoteSelector` look the text's offset index up in a small LRU keyed by the
 * text; asking for it here with the cached string keeps that lookup a pointer comparison and makes
 * sure the index is there (rebuilt only if the LRU dropped it, e.g. after many other documents).
 */
function primeOffsetIndex(entry: CachedText): void {
  const index = getOffsetIndex(entry.text);
  if (index !== entry.index) entry.index = index;
}

/** For tests and benchmarks: forget every cached text. */
export function clearDocumentTextCache(): void {
  textCache.clear();
  textCacheUnits = 0;
}

// ---------------------------------------------------------------------------------------------
// Span, label, attributes, note, entity, overlap

/**
 * Checks `[start, end)` against the exact text (and the client's quote, when given) and computes
 * the quote selector; the server never takes prefix/suffix from the client. Failures are 422 with
 * `details.code` one of out_of_range, empty_or_inverted, splits_character, quote_mismatch.
 */
export function checkSpan(text: string, start: number, end: number, quote: string | undefined): QuoteSelector {
  const result = validateSpan(text, { start, end, quote });
  if (!result.ok) {
    const field = result.code === "quote_mismatch" ? "quote" : result.code === "empty_or_inverted" ? "end" : "start";
    throw new AppError("validation_failed", result.message, { fields: { [field]: [result.message] }, details: { code: result.code } });
  }
  return buildQuoteSelector(text, start, end);
}

/** The label for a span; 422 when it is not a label of this project, or archived (for new spans). */
export async function loadLabel(tx: Db, projectId: string, labelId: string, options: { refuseArchived: boolean }): Promise<LabelRowForWrite> {
  return requireLabel(await getLabelForWrite(tx, projectId, labelId), labelId, options);
}

/** {@link loadLabel}'s checks on a label already read: 422 when it is not the project's, or archived when that is refused. */
export function requireLabel(label: LabelRowForWrite | undefined, labelId: string, options: { refuseArchived: boolean }): LabelRowForWrite {
  if (!label) {
    throw new AppError("validation_failed", `Label ${labelId} is not a label of this project. Reload the label list and pick one of its labels.`, {
      fields: { labelId: ["Not a label of this project."] },
      details: { code: "label_not_found" },
    });
  }
  if (options.refuseArchived && label.archivedAt !== null) {
    throw new AppError("validation_failed", `The label "${label.name}" is archived and can't be used for new spans. Pick another label.`, {
      fields: { labelId: [`"${label.name}" is archived.`] },
      details: { code: "label_archived" },
    });
  }
  return label;
}

function attributeError(label: LabelRowForWrite, key: string, code: string, message: string): AppError {
  return new AppError("validation_failed", message, { fields: { [`attributes.${key}`]: [message] }, details: { code, key, labelId: label.id } });
}

/**
 * Attribute values checked against the label's definitions: only defined keys; a choice must be
 * one of its options, a boolean true/false, a text at most its maxLength (default
 * ATTRIBUTE_TEXT_MAX_LENGTH) code points. Unknown keys and bad values are 422 naming them.
 */
export function checkAttributes(label: LabelRowForWrite, attributes: Record<string, string | boolean>): Record<string, string | boolean> {
  const defs = new Map(label.attributes.map((a) => [a.key, a]));
  const known = label.attributes.map((a) => a.key);
  const out: Record<string, string | boolean> = {};
  for (const [key, value] of Object.entries(attributes)) {
    const def = defs.get(key);
    if (!def) {
      throw attributeError(
        label,
        key,
        "unknown_attribute",
        `The label "${label.name}" has no attribute "${key}"` + (known.length ? ` (it has: ${known.join(", ")}).` : " (it has no attributes)."),
      );
    }
    if (def.type === "boolean") {
      if (typeof value !== "boolean") {
        throw attributeError(label, key, "invalid_attribute_value", `Attribute "${def.name}" (${key}) of "${label.name}" is yes/no: send true or false, not ${JSON.stringify(value)}.`);
      }
    } else if (def.type === "choice") {
      if (typeof value !== "string" || !def.options.includes(value)) {
        throw attributeError(
          label,
          key,
          "invalid_attribute_value",
          `Attribute "${def.name}" (${key}) of "${label.name}" must be one of ${def.options.map((o) => JSON.stringify(o)).join(", ")}; got ${JSON.stringify(value)}.`,
        );
      }
    } else {
      if (typeof value !== "string") {
        throw attributeError(label, key, "invalid_attribute_value", `Attribute "${def.name}" (${key}) of "${label.name}" is text, not ${JSON.stringify(value)}.`);
      }
      const max = def.maxLength ?? ATTRIBUTE_TEXT_MAX_LENGTH;
      const length = lengthInCodePoints(value);
      if (length > max) {
        throw attributeError(
          label,
          key,
          "attribute_too_long",
          `Attribute "${def.name}" (${key}) of "${label.name}" has at most ${max} characters; this one has ${length}.`,
        );
      }
    }
    out[key] = value;
  }
  return out;
}

/** The attributes that are still valid under another label (used when a span changes label and the client sent none). */
export function keepValidAttributes(label: LabelRowForWrite, attributes: Record<string, string | boolean>): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (const [key, value] of Object.entries(attributes)) {
    try {
      Object.assign(out, checkAttributes(label, { [key]: value }));
    } catch {
      // not valid under the new label: dropped (the audit event records the before/after)
    }
  }
  return out;
}

/** An entity type must be one of the label's entity types; empty means none. */
export function checkEntityType(label: LabelRowForWrite, entityType: string | null | undefined): string | null {
  if (entityType === null || entityType === undefined || entityType === "") return null;
  if (label.entityTypes.includes(entityType)) return entityType;
  const message = label.entityTypes.length
    ? `"${entityType}" is not an entity type of the label "${label.name}"; use one of ${label.entityTypes.map((t) => JSON.stringify(t)).join(", ")}.`
    : `The label "${label.name}" has no entity types; leave the entity type empty.`;
  throw new AppError("validation_failed", message, { fields: { entityType: [message] }, details: { code: "entity_type_not_allowed" } });
}

/** A note is stored verbatim (rendering it inertly is the UI's job), at most NOTE_MAX_LENGTH code points. */
export function checkNote(note: string | null | undefined): string | null {
  if (note === null || note === undefined) return null;
  const length = lengthInCodePoints(note);
  if (length > NOTE_MAX_LENGTH) {
    const message = `A note has at most ${NOTE_MAX_LENGTH.toLocaleString("en")} characters; this one has ${length.toLocaleString("en")}. Shorten it.`;
    throw new AppError("validation_failed", message, { fields: { note: [message] }, details: { code: "note_too_long" } });
  }
  return note;
}

/** The entity must be in the project's registry (422 otherwise). */
export async function checkEntity(tx: Db, projectId: string, entityId: string | null | undefined): Promise<string | null> {
  if (!entityId) return null;
  const entity = await getEntity(tx, projectId, entityId);
  if (!entity) {
    const message = `Entity ${entityId} is not in this project's entity registry. Search the registry or create the entity first.`;
    throw new AppError("validation_failed", message, { fields: { entityId: [message] }, details: { code: "entity_not_found" } });
  }
  return entity.id;
}

function shorten(s: string, max = 40): string {
  const cps = Array.from(s);
  return JSON.stringify(cps.length > max ? `${cps.slice(0, max - 1).join("")}…` : s);
}

/**
 * Enforces overlap policies within one layer (document + layer + owner): a span of a `none` label
 * may overlap nothing, and nothing may overlap it; spans of a `no-same-label` label may not overlap
 * each other. Skipped entirely when no label of the project restricts overlaps. Takes a
 * transaction-scoped lock on the layer so two concurrent writes can't both pass the check.
 */
export async function checkOverlap(
  tx: Db,
  params: {
    label: LabelRowForWrite;
    projectId: string;
    documentId: string;
    layer: AnnotationLayer;
    ownerId: string | null;
    start: number;
    end: number;
    excludeId?: string;
  },
): Promise<void> {
  const { label } = params;
  if (!label.projectHasOverlapRules) return;
  await lockAnnotationLayer(tx, params);
  const overlapping = await findOverlappingAnnotations(tx, params);
  for (const other of overlapping) {
    const sameLabel = other.labelId === label.id;
    const rule =
      label.overlapPolicy === "none"
        ? `spans labelled "${label.name}" may not overlap other spans`
        : other.overlapPolicy === "none"
          ? `spans labelled "${other.labelName}" may not overlap other spans`
          : sameLabel && label.overlapPolicy === "no-same-label"
            ? `two "${label.name}" spans may not overlap`
            : null;
    if (rule) {
      const whose = params.layer === "gold" ? "the gold layer" : "this layer";
      throw new AppError(
        "validation_failed",
        `This span (${params.start}–${params.end}) overlaps the "${other.labelName}" span ${shorten(other.quote)} at ${other.start}–${other.end} in ${whose}, and ${rule}. Adjust one of them.`,
        { details: { code: "overlap", conflictingId: other.id } },
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Transactions with idempotency

export interface WriteResult<B> {
  /** HTTP status to answer with (201 for creations, 200 otherwise). */
  status: number;
  body: B;
  /** True when this is the stored response of an earlier request with the same Idempotency-Key. */
  replayed: boolean;
}

/** The `Idempotency-Key` header value, trimmed; null when absent or empty; 400 when too long. */
export function normalizeIdempotencyKey(key: string | null | undefined): string | null {
  const trimmed = key?.trim();
  if (!trimmed) return null;
  if (trimmed.length > IDEMPOTENCY_KEY_MAX_LENGTH) {
    throw new AppError("bad_request", `The Idempotency-Key header has at most ${IDEMPOTENCY_KEY_MAX_LENGTH} characters; use a UUID.`);
  }
  return trimmed;
}

/** What an Idempotency-Key's record keeps: the request's fingerprint, and the response to replay. */
export interface StoredResponse {
  fingerprint: string;
  body: unknown;
}

/** Identifies a request for its Idempotency-Key: the operation (and target) and the validated body. */
export function idempotencyFingerprint(operation: string, request: unknown): string {
  return createHash("sha256")
    .update(JSON.stringify([operation, request ?? null]))
    .digest("hex");
}

/**
 * Runs a write in one transaction. With an Idempotency-Key, the key is claimed FIRST in that same
 * transaction (a row in idempotency_keys, primary key user + key) and the response is stored with
 * it before commit, so:
 * - a key seen before returns the stored status and body without writing again;
 * - a concurrent request with the same key waits on the primary key (PostgreSQL) or on PGlite's
 *   single connection, then finds the committed row and replays it: the write applies once;
 * - a write that fails rolls the claim back too, so a retry runs again.
 * A key reused for a different request (other operation, target or body) is refused with 409.
 */
export async function runWrite<B>(
  db: Db,
  actor: Actor,
  options: { idempotencyKey?: string | null; operation: string; request: unknown },
  write: (tx: Db) => Promise<{ status: number; body: B }>,
): Promise<WriteResult<B>> {
  const key = normalizeIdempotencyKey(options.idempotencyKey);
  if (!key) {
    const result = await db.transaction(async (tx) => write(tx));
    return { ...result, replayed: false };
  }
  const fingerprint = idempotencyFingerprint(options.operation, options.request);
  return db.transaction(async (tx) => {
    const claimed = await claimIdempotencyKey(tx, { userId: actor.userId, key });
    if (!claimed) {
      const record = await getIdempotencyRecord(tx, { userId: actor.userId, key });
      if (!record || record.status === IDEMPOTENCY_PENDING_STATUS) {
        throw new AppError("conflict", "A request with this Idempotency-Key is still being processed. Retry in a moment.", {
          details: { code: "idempotency_in_progress" },
        });
      }
      const stored = record.response as StoredResponse | null;
      if (!stored || stored.fingerprint !== fingerprint) {
        throw new AppError("conflict", "This Idempotency-Key was already used for a different request. Use a new key for each change.", {
          details: { code: "idempotency_key_reused" },
        });
      }
      return { status: record.status, body: stored.body as B, replayed: true };
    }
    const result = await write(tx);
    const response: StoredResponse = { fingerprint, body: result.body };
    await completeIdempotencyKey(tx, { userId: actor.userId, key, status: result.status, response });
    return { ...result, replayed: false };
  });
}
