import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "@/db/connect";
import { getAnnotation, lockAnnotationLayer, type AnnotationRow } from "@/db/queries/annotations";
import { insertAuditEvent } from "@/db/queries/audit";
import { getDocument } from "@/db/queries/documents";
import { listLabels } from "@/db/queries/labels";
import {
  insertAuditEvents,
  insertGoldAnnotations,
  insertRelationRows,
  insertReviewDecision,
  insertReviewDecisions,
  type AnnotationInsert,
  type RelationRowFull,
} from "@/db/queries/review";
import type { AuditEventInput } from "@/db/queries/audit";
import { IntervalIndex } from "@/lib/annotation/interval-index";
import { authorizeProject, type Actor, type ProjectContext } from "@/lib/auth/guards";
import { findOverlapConflict, GoldIndex, planGoldRelations, type OverlapPolicyName } from "@/lib/review/gold-plan";
import type { AcceptAgreedResultDto, AcceptResultDto, RejectResultDto } from "@/lib/review/types";
import { ZAcceptAgreedRequest, ZAcceptRequest, ZRejectRequest } from "@/lib/validation/review";
import type { AnnotationDto } from "./annotation-dto";
import { annotationSnapshot, ANNOTATION_NOT_FOUND, checkOverlap, DOCUMENT_NOT_FOUND, loadLabel, parseInput, relationSnapshot, requireId } from "./annotations-shared";
import { createAnnotation, type WriteOptions } from "./create-annotation";
import { AppError } from "./errors";
import { publishDocumentChange } from "./live";
import { toDecisionDto } from "./review-workflow";
import { compareReviewLayers, loadReviewLayers, toReviewRelationDto, toReviewSpanDto } from "./review-view";

/*
 * Adjudication into the gold layer (POST …/gold/accept, …/gold/accept-agreed, …/gold/reject).
 *
 * Accepting copies an annotator's span into gold (start/end/quote/prefix/suffix, label, attributes,
 * note, entity; `sourceAnnotationId` = the original; layer gold, no owner, version 1) unless gold
 * already has an identical span (same boundaries and label), and brings relations along whose two
 * ends are, or thereby become, in gold. Every gold write is audited and answered with a NOTIFY.
 * Direct edits of gold spans go through the annotation use-cases with `layer: "gold"` (they need
 * gold.write): createGoldSpan below, PATCH/DELETE /api/projects/:projectId/annotations/:id.
 */

const NOT_AN_ANNOTATOR_SPAN = "Only a span from an annotator's layer can be accepted into gold or rejected; this one is already in the gold layer.";

async function loadAnnotatorSpan(tx: Db, projectId: string, documentId: string, annotationId: string): Promise<AnnotationRow> {
  const span = await getAnnotation(tx, projectId, annotationId);
  if (!span || span.documentId !== documentId || span.deletedAt !== null) throw new AppError("not_found", ANNOTATION_NOT_FOUND);
  if (span.layer !== "annotator") throw new AppError("validation_failed", NOT_AN_ANNOTATOR_SPAN, { fields: { annotationId: [NOT_AN_ANNOTATOR_SPAN] }, details: { code: "not_annotator_span" } });
  return span;
}

function goldCopy(source: AnnotationRow, actorId: string, id: string = randomUUID()): AnnotationInsert {
  return {
    id,
    projectId: source.projectId,
    documentId: source.documentId,
    layer: "gold",
    ownerId: null,
    labelId: source.labelId,
    startOffset: source.startOffset,
    endOffset: source.endOffset,
    quote: source.quote,
    prefix: source.prefix,
    suffix: source.suffix,
    attributes: source.attributes,
    note: source.note,
    entityId: source.entityId,
    entityType: source.entityType,
    sourceAnnotationId: source.id,
    version: 1,
    createdBy: actorId,
    updatedBy: actorId,
  };
}

/**
 * Creates the gold relations whose two ends correspond to gold spans (see GoldIndex), skipping
 * those gold already has; audits each. `onlyTouching` limits it to relations at these annotator spans.
 */
async function bringRelationsAlong(
  tx: Db,
  ctx: ProjectContext,
  documentId: string,
  data: Awaited<ReturnType<typeof loadReviewLayers>>,
  gold: GoldIndex,
  onlyTouching?: ReadonlySet<string>,
): Promise<RelationRowFull[]> {
  const annotatorSpans = new Map<string, AnnotationRow>();
  for (const layer of data.layers) for (const s of layer.spans) annotatorSpans.set(s.id, s);
  const candidates = data.layers
    .flatMap((l) => l.relations)
    .filter((r) => !onlyTouching || onlyTouching.has(r.fromId) || onlyTouching.has(r.toId));
  const toGold = (id: string) => {
    const span = annotatorSpans.get(id);
    return span ? gold.match({ id: span.id, start: span.startOffset, end: span.endOffset, labelId: span.labelId }) : undefined;
  };
  const plan = planGoldRelations(candidates, toGold, data.gold.relations);
  if (plan.length === 0) return [];
  const rows = await insertRelationRows(
    tx,
    plan.map((p) => ({ projectId: ctx.project.id, documentId, type: p.type, fromId: p.fromId, toId: p.toId, createdBy: ctx.actor.userId })),
  );
  await insertAuditEvents(
    tx,
    rows.map((row, i) => ({
      projectId: ctx.project.id,
      actorId: ctx.actor.userId,
      action: "gold.relation.accept",
      entityType: "relation",
      entityId: row.id,
      after: { ...relationSnapshot(row), layer: "gold", sourceRelationId: plan[i]!.sourceRelationId },
    })),
  );
  return rows;
}

/** Accepts one annotator span into gold (POST …/gold/accept { annotationId }). */
export async function acceptIntoGold(db: Db, actor: Actor, projectId: string, documentId: string, input: unknown): Promise<AcceptResultDto> {
  const ctx = await authorizeProject(db, actor, projectId, "gold.write");
  const { annotationId } = parseInput(ZAcceptRequest, input);
  const docId = requireId(documentId, DOCUMENT_NOT_FOUND);
  const pid = ctx.project.id;
  return db.transaction(async (tx) => {
    if (!(await getDocument(tx, pid, docId))) throw new AppError("not_found", DOCUMENT_NOT_FOUND);
    const source = await loadAnnotatorSpan(tx, pid, docId, annotationId.toLowerCase());
    // Serialise gold writers of this document: the duplicate check below is read-then-write.
    await lockAnnotationLayer(tx, { documentId: docId, layer: "gold", ownerId: null });
    const data = await loadReviewLayers(tx, { projectId: pid, documentId: docId });
    const gold = new GoldIndex(data.gold.spans.map((g) => ({ id: g.id, start: g.startOffset, end: g.endOffset, labelId: g.labelId, sourceAnnotationId: g.sourceAnnotationId })));
    // Already in gold: accepted from this span before (even if the gold copy was edited since), or an identical gold span.
    const existingId = gold.match({ id: source.id, start: source.startOffset, end: source.endOffset, labelId: source.labelId });
    let goldRow: AnnotationRow;
    let created = false;
    if (existingId) {
      goldRow = data.gold.spans.find((g) => g.id === existingId)!;
    } else {
      const label = await loadLabel(tx, pid, source.labelId, { refuseArchived: false });
      await checkOverlap(tx, { label, projectId: pid, documentId: docId, layer: "gold", ownerId: null, start: source.startOffset, end: source.endOffset });
      const [row] = await insertGoldAnnotations(tx, [goldCopy(source, actor.userId)]);
      if (!row) throw new Error("insert of a gold span returned no row");
      goldRow = row;
      created = true;
      gold.add({ id: row.id, start: row.startOffset, end: row.endOffset, labelId: row.labelId, sourceAnnotationId: row.sourceAnnotationId });
      const decision = await insertReviewDecision(tx, { projectId: pid, documentId: docId, annotationId: source.id, reviewerId: actor.userId, decision: "accept", reason: null });
      await insertAuditEvent(tx, {
        projectId: pid,
        actorId: actor.userId,
        action: "gold.accept",
        entityType: "annotation",
        entityId: row.id,
        before: null,
        after: { ...annotationSnapshot(row), sourceAnnotationId: source.id, decisionId: decision.id },
      });
    }
    const relations = await bringRelationsAlong(tx, ctx, docId, data, gold, new Set([source.id]));
    if (created || relations.length > 0) {
      await publishDocumentChange(tx, { projectId: pid, documentId: docId, kind: "annotation", id: goldRow.id, actorId: actor.userId });
    }
    return { annotation: toReviewSpanDto(goldRow), created, relations: relations.map(toReviewRelationDto) };
  });
}

/**
 * Accepts every agreed span of the document into gold in one transaction
 * (POST …/gold/accept-agreed { annotatorIds? }): agreement is computed over the given layers
 * (default: every layer that annotated). Items already in gold are left alone; items gold's overlap
 * rules forbid are skipped and reported. Relations whose ends are now in gold come along.
 */
export async function acceptAgreedIntoGold(db: Db, actor: Actor, projectId: string, documentId: string, input: unknown): Promise<AcceptAgreedResultDto> {
  const ctx = await authorizeProject(db, actor, projectId, "gold.write");
  const { annotatorIds } = parseInput(ZAcceptAgreedRequest, input ?? {});
  const docId = requireId(documentId, DOCUMENT_NOT_FOUND);
  const pid = ctx.project.id;
  return db.transaction(async (tx) => {
    if (!(await getDocument(tx, pid, docId))) throw new AppError("not_found", DOCUMENT_NOT_FOUND);
    await lockAnnotationLayer(tx, { documentId: docId, layer: "gold", ownerId: null });
    const data = await loadReviewLayers(tx, { projectId: pid, documentId: docId });
    let layerIds: string[] | undefined;
    if (annotatorIds) {
      const known = new Set(data.layers.map((l) => l.annotator.id));
      layerIds = [...new Set(annotatorIds.map((id) => id.toLowerCase()))];
      const unknown = layerIds.filter((id) => !known.has(id));
      if (unknown.length) {
        const message = `${unknown.length === 1 ? "One of the layers named has" : `${unknown.length} of the layers named have`} no spans or assignment on this article. Reload the review and try again.`;
        throw new AppError("validation_failed", message, { fields: { annotatorIds: [message] }, details: { code: "unknown_layer", unknown } });
      }
    }
    const comparison = compareReviewLayers(data, layerIds);
    const agreed = comparison.items.filter((i) => i.kind === "agreed");
    const rowsById = new Map<string, AnnotationRow>();
    for (const layer of data.layers) for (const s of layer.spans) rowsById.set(s.id, s);

    const gold = new GoldIndex(data.gold.spans.map((g) => ({ id: g.id, start: g.startOffset, end: g.endOffset, labelId: g.labelId, sourceAnnotationId: g.sourceAnnotationId })));
    const labels = await listLabels(tx, pid, { includeArchived: true });
    const policies = new Map<string, OverlapPolicyName>(labels.map((l) => [l.id, l.overlapPolicy]));
    const names = new Map(labels.map((l) => [l.id, l.name]));
    const hasRules = labels.some((l) => l.overlapPolicy !== "any");
    const goldIntervals = hasRules
      ? new IntervalIndex(data.gold.spans.map((g) => ({ id: g.id, start: g.startOffset, end: g.endOffset, labelId: g.labelId })))
      : null;

    const inserts: AnnotationInsert[] = [];
    const skipped: AcceptAgreedResultDto["skipped"] = [];
    let alreadyInGold = 0;
    for (const item of agreed) {
      if (item.spans.some((s) => gold.match(s))) {
        alreadyInGold += 1;
        continue;
      }
      // Every layer has this span; take the first layer's (in display order) as the source.
      const representative = item.annotators.find((a) => a.spans.length > 0)?.spans[0];
      const source = representative ? rowsById.get(representative.id) : undefined;
      if (!source) continue;
      if (goldIntervals) {
        const conflict = findOverlapConflict(
          { start: source.startOffset, end: source.endOffset, labelId: source.labelId },
          goldIntervals.query(source.startOffset, source.endOffset),
          (id) => policies.get(id) ?? "any",
          (id) => names.get(id) ?? id,
        );
        if (conflict) {
          skipped.push({ start: source.startOffset, end: source.endOffset, labelId: source.labelId, reason: conflict.reason });
          continue;
        }
      }
      const values = goldCopy(source, actor.userId);
      inserts.push(values);
      const id = values.id!;
      gold.add({ id, start: source.startOffset, end: source.endOffset, labelId: source.labelId, sourceAnnotationId: source.id });
      goldIntervals?.insert({ id, start: source.startOffset, end: source.endOffset, labelId: source.labelId });
    }

    const created = await insertGoldAnnotations(tx, inserts);
    if (created.length) {
      await insertReviewDecisions(
        tx,
        created.map((row) => ({ projectId: pid, documentId: docId, annotationId: row.sourceAnnotationId, reviewerId: actor.userId, decision: "accept" as const, reason: null })),
      );
      const events: AuditEventInput[] = created.map((row) => ({
        projectId: pid,
        actorId: actor.userId,
        action: "gold.accept",
        entityType: "annotation",
        entityId: row.id,
        before: null,
        after: { ...annotationSnapshot(row), sourceAnnotationId: row.sourceAnnotationId, via: "accept-agreed" },
      }));
      await insertAuditEvents(tx, events);
    }
    const relations = await bringRelationsAlong(tx, ctx, docId, data, gold);
    await insertAuditEvent(tx, {
      projectId: pid,
      actorId: actor.userId,
      action: "gold.accept_agreed",
      entityType: "document",
      entityId: docId,
      after: { agreedItems: agreed.length, accepted: created.length, alreadyInGold, skipped: skipped.length, relations: relations.length, layers: comparison.annotators },
    });
    if (created.length || relations.length) {
      await publishDocumentChange(tx, { projectId: pid, documentId: docId, kind: "annotation", id: created[0]?.id ?? docId, actorId: actor.userId });
    }
    console.log(`[review] accept-agreed ${docId}: ${created.length} accepted, ${alreadyInGold} already in gold, ${skipped.length} skipped, ${relations.length} relations`);
    return { agreedItems: agreed.length, accepted: created.length, alreadyInGold, skipped, relations: relations.length };
  });
}

/** Rejects an annotator's span with a reason (POST …/gold/reject { annotationId, reason }). */
export async function rejectSpan(db: Db, actor: Actor, projectId: string, documentId: string, input: unknown): Promise<RejectResultDto> {
  const ctx = await authorizeProject(db, actor, projectId, "gold.write");
  const { annotationId, reason } = parseInput(ZRejectRequest, input);
  const docId = requireId(documentId, DOCUMENT_NOT_FOUND);
  const pid = ctx.project.id;
  return db.transaction(async (tx) => {
    if (!(await getDocument(tx, pid, docId))) throw new AppError("not_found", DOCUMENT_NOT_FOUND);
    const span = await loadAnnotatorSpan(tx, pid, docId, annotationId.toLowerCase());
    const decision = await insertReviewDecision(tx, { projectId: pid, documentId: docId, annotationId: span.id, reviewerId: actor.userId, decision: "reject", reason });
    await insertAuditEvent(tx, {
      projectId: pid,
      actorId: actor.userId,
      action: "review.reject",
      entityType: "annotation",
      entityId: span.id,
      after: { decisionId: decision.id, reason, ownerId: span.ownerId, labelId: span.labelId, start: span.startOffset, end: span.endOffset },
    });
    await publishDocumentChange(tx, { projectId: pid, documentId: docId, kind: "review", id: decision.id, actorId: actor.userId });
    return { decision: toDecisionDto(decision, actor.name) };
  });
}

/**
 * Adds a span straight to gold (not accepted from a layer): the annotation engineer's create
 * use-case with `layer: "gold"`, so it is validated, versioned and audited like every span.
 */
export async function createGoldSpan(
  db: Db,
  actor: Actor,
  projectId: string,
  documentId: string,
  input: Record<string, unknown>,
  options: WriteOptions = {},
): Promise<{ annotation: AnnotationDto }> {
  const result = await createAnnotation(db, actor, projectId, documentId, { ...input, layer: "gold" }, options);
  return result.body;
}
