import "server-only";
import type { Db } from "@/db/connect";
import { readTogether } from "@/db/reads";
import { listDocumentAnnotations, type AnnotationRow } from "@/db/queries/annotations";
import { getDocument } from "@/db/queries/documents";
import { getEntitiesByIds } from "@/db/queries/entities";
import { listLabels } from "@/db/queries/labels";
import { listDocumentRelations, type RelationRow } from "@/db/queries/relations";
import { listAssignmentsWithUsers, listFeedbackComments, listFeedbackDecisions, listReviewDecisions, type AssignmentWithUser } from "@/db/queries/review";
import { authorizeProject, type Actor, type ProjectContext } from "@/lib/auth/guards";
import { hasPermission } from "@/lib/auth/permissions";
import { compareLayers, type CompareResult, type LayerSpan } from "@/lib/review/compare-layers";
import { assignLayerIdentities, isComparedLayer } from "@/lib/review/layers";
import type {
  MergedDto,
  ReviewAnnotatorDto,
  ReviewFeedbackDto,
  ReviewLayerDto,
  ReviewRelationDto,
  ReviewSpanDto,
  ReviewViewDto,
} from "@/lib/review/types";
import { availableReviewerEvents } from "@/lib/review/workflow";
import { toLabelDto } from "./dto";
import { DOCUMENT_NOT_FOUND, requireId } from "./annotations-shared";
import { AppError } from "./errors";
import { toDecisionDto } from "./review-workflow";

export function toReviewSpanDto(row: AnnotationRow): ReviewSpanDto {
  return {
    id: row.id,
    layer: row.layer,
    ownerId: row.ownerId,
    labelId: row.labelId,
    start: row.startOffset,
    end: row.endOffset,
    attributes: row.attributes,
    note: row.note,
    entityId: row.entityId,
    entityType: row.entityType,
    version: row.version,
    sourceAnnotationId: row.sourceAnnotationId,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toReviewRelationDto(row: RelationRow): ReviewRelationDto {
  return { id: row.id, type: row.type, fromId: row.fromId, toId: row.toId, version: row.version };
}

export function toMergedDto(result: CompareResult): MergedDto {
  return {
    annotators: result.annotators,
    counts: result.counts,
    items: result.items.map((item) => ({
      key: item.key,
      kind: item.kind,
      differences: item.differences,
      start: item.start,
      end: item.end,
      labelIds: item.labelIds,
      annotators: item.annotators.map((a) => ({ annotator: a.annotator, spanIds: a.spans.map((s) => s.id) })),
      missing: item.missing,
    })),
  };
}

export interface ReviewLayersData {
  /** Layers in display order (by annotator name). */
  layers: { annotator: ReviewAnnotatorDto; spans: AnnotationRow[]; relations: RelationRow[] }[];
  gold: { spans: AnnotationRow[]; relations: RelationRow[] };
  assignments: AssignmentWithUser[];
  /** Live relations of the document, every layer. */
  allRelations: RelationRow[];
}

/**
 * Everything the review of one document rests on, in four queries: live spans of every layer,
 * live relations, assignments with names. Layers are the people assigned plus anyone who has spans.
 */
export async function loadReviewLayers(db: Db, params: { projectId: string; documentId: string }): Promise<ReviewLayersData> {
  // Gold adjudication calls this inside its transaction: readTogether runs these one after another there.
  const [rows, relations, assignments] = await readTogether(db, [
    () => listDocumentAnnotations(db, { ...params, scope: { kind: "all" } }),
    () => listDocumentRelations(db, params),
    () => listAssignmentsWithUsers(db, params),
  ] as const);
  const people = new Map<string, string>();
  for (const a of assignments) people.set(a.userId, a.name);
  const byOwner = new Map<string, AnnotationRow[]>();
  const goldSpans: AnnotationRow[] = [];
  for (const row of rows) {
    if (row.layer === "gold" || row.ownerId === null) {
      goldSpans.push(row);
      continue;
    }
    if (!people.has(row.ownerId)) people.set(row.ownerId, row.ownerName ?? "Former member");
    const list = byOwner.get(row.ownerId);
    if (list) list.push(row);
    else byOwner.set(row.ownerId, [row]);
  }
  const spanOwner = new Map<string, string | null>();
  for (const row of rows) spanOwner.set(row.id, row.layer === "gold" ? null : row.ownerId);
  const relationsByOwner = new Map<string | null, RelationRow[]>();
  for (const r of relations) {
    const owner = spanOwner.get(r.fromId);
    if (owner === undefined || spanOwner.get(r.toId) !== owner) continue; // an end is deleted, or it crosses layers
    const list = relationsByOwner.get(owner);
    if (list) list.push(r);
    else relationsByOwner.set(owner, [r]);
  }
  const statusOf = new Map(assignments.map((a) => [a.userId, a]));
  const identities = assignLayerIdentities([...people].map(([id, name]) => ({ id, name })));
  const layers = identities.map((who) => {
    const spans = byOwner.get(who.id) ?? [];
    const assignment = statusOf.get(who.id);
    const status = assignment?.status ?? null;
    return {
      annotator: {
        ...who,
        assignmentStatus: status,
        submittedAt: assignment?.submittedAt ? assignment.submittedAt.toISOString() : null,
        isCompared: isComparedLayer(spans.length, status),
      },
      spans,
      relations: relationsByOwner.get(who.id) ?? [],
    };
  });
  return { layers, gold: { spans: goldSpans, relations: relationsByOwner.get(null) ?? [] }, assignments, allRelations: relations };
}

/** The comparison spans of the given layers (default: the compared ones). */
export function compareReviewLayers(data: ReviewLayersData, annotatorIds?: readonly string[]): CompareResult<LayerSpan> {
  const ids = annotatorIds ?? data.layers.filter((l) => l.annotator.isCompared).map((l) => l.annotator.id);
  const wanted = new Set(ids);
  const spans: LayerSpan[] = [];
  for (const layer of data.layers) {
    if (!wanted.has(layer.annotator.id)) continue;
    for (const s of layer.spans) spans.push({ id: s.id, annotator: layer.annotator.id, start: s.startOffset, end: s.endOffset, labelId: s.labelId });
  }
  // Keep the display order of the layers for the annotator list.
  return compareLayers(spans, { annotators: data.layers.map((l) => l.annotator.id).filter((id) => wanted.has(id)) });
}

/** Reviewers, managers and owners review; annotators get a read-only view when the project lets them see each other. */
export function reviewAccess(ctx: ProjectContext): ReviewViewDto["access"] {
  const full = hasPermission(ctx.role, "review.decide") || hasPermission(ctx.role, "annotations.readAll");
  if (!full && ctx.project.settings.annotatorsSeeEachOther !== true) {
    throw new AppError(
      "forbidden",
      `Your role (${ctx.role}) can't open the review of an article (review.decide): it shows every annotator's layer. Ask a reviewer, or a manager to let annotators see each other's work.`,
    );
  }
  return {
    mode: full ? "review" : "read-only",
    canDecide: hasPermission(ctx.role, "review.decide"),
    canWriteGold: hasPermission(ctx.role, "gold.write"),
    canComment: hasPermission(ctx.role, "comments.write"),
  };
}

/**
 * GET /api/projects/:projectId/documents/:documentId/review: the article, every annotator's layer,
 * gold, the merged comparison, decisions and the actions available.
 */
export async function getReviewView(db: Db, actor: Actor, projectId: string, documentId: string): Promise<ReviewViewDto> {
  const ctx = await authorizeProject(db, actor, projectId, "project.read");
  const access = reviewAccess(ctx);
  const docId = requireId(documentId, DOCUMENT_NOT_FOUND);
  const pid = ctx.project.id;
  const doc = await getDocument(db, pid, docId);
  if (!doc) throw new AppError("not_found", DOCUMENT_NOT_FOUND);
  const isReviewer = access.mode === "review";
  const [data, labels, decisions] = await Promise.all([
    loadReviewLayers(db, { projectId: pid, documentId: docId }),
    listLabels(db, pid, { includeArchived: true }),
    isReviewer ? listReviewDecisions(db, { projectId: pid, documentId: docId }) : Promise.resolve([]),
  ]);
  const entityIds = new Set<string>();
  for (const layer of data.layers) for (const s of layer.spans) if (s.entityId) entityIds.add(s.entityId);
  if (isReviewer) for (const s of data.gold.spans) if (s.entityId) entityIds.add(s.entityId);
  const entities = await getEntitiesByIds(db, pid, [...entityIds]);
  const layers: ReviewLayerDto[] = data.layers.map((l) => ({
    annotator: l.annotator,
    annotations: l.spans.map(toReviewSpanDto),
    relations: l.relations.map(toReviewRelationDto),
  }));
  return {
    document: { id: doc.id, title: doc.title, text: doc.text, length: doc.length, status: doc.status, updatedAt: doc.updatedAt.toISOString() },
    labels: labels.map(toLabelDto),
    layers,
    gold: isReviewer ? { annotations: data.gold.spans.map(toReviewSpanDto), relations: data.gold.relations.map(toReviewRelationDto) } : null,
    merged: toMergedDto(compareReviewLayers(data)),
    decisions: decisions.map((d) => toDecisionDto(d, d.reviewerName)),
    entities: entities.map((e) => ({ id: e.id, name: e.name, type: e.type })),
    status: doc.status,
    access,
    actions: access.canDecide ? availableReviewerEvents(doc.status) : [],
  };
}

/**
 * GET …/review/feedback: what reviewers said about the caller's work on the article (the return's
 * reason, rejections of their spans, comments on the article and on their spans), so the editor can
 * show "Returned by <reviewer>: <reason>". Any member may ask about their own work.
 */
export async function getReviewFeedback(db: Db, actor: Actor, projectId: string, documentId: string): Promise<ReviewFeedbackDto> {
  const ctx = await authorizeProject(db, actor, projectId, "documents.read");
  const docId = requireId(documentId, DOCUMENT_NOT_FOUND);
  const pid = ctx.project.id;
  const doc = await getDocument(db, pid, docId);
  if (!doc) throw new AppError("not_found", DOCUMENT_NOT_FOUND);
  const params = { projectId: pid, documentId: docId, ownerId: actor.userId };
  const [decisions, comments, assignments] = await Promise.all([
    listFeedbackDecisions(db, params),
    listFeedbackComments(db, params),
    listAssignmentsWithUsers(db, { projectId: pid, documentId: docId }),
  ]);
  return {
    status: doc.status,
    myAssignmentStatus: assignments.find((a) => a.userId === actor.userId)?.status ?? null,
    decisions: decisions.map((d) => toDecisionDto(d, d.reviewerName)),
    comments: comments.map((c) => ({
      id: c.id,
      annotationId: c.annotationId,
      span: c.annotationId && c.spanStart !== null && c.spanEnd !== null ? { start: c.spanStart, end: c.spanEnd, quote: c.spanQuote ?? "" } : null,
      authorId: c.authorId,
      authorName: c.authorName,
      body: c.body,
      createdAt: c.createdAt.toISOString(),
    })),
  };
}
