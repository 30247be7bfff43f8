import { and, asc, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { Db } from "../connect";
import {
  annotations,
  assignments,
  auditEvents,
  comments,
  documents,
  relations,
  reviewDecisions,
  users,
  type AssignmentStatus,
  type DocumentStatus,
  type ReviewDecision,
} from "../schema";
import type { AuditEventInput } from "./audit";

export type ReviewDecisionRow = typeof reviewDecisions.$inferSelect;
export type ReviewDecisionWithReviewer = ReviewDecisionRow & { reviewerName: string | null };

/** The document's workflow fields, locked for the rest of the transaction (review transitions). */
export async function lockDocumentForReview(
  db: Db,
  params: { projectId: string; documentId: string },
): Promise<{ id: string; title: string; status: DocumentStatus } | undefined> {
  const [row] = await db
    .select({ id: documents.id, title: documents.title, status: documents.status })
    .from(documents)
    .where(and(eq(documents.projectId, params.projectId), eq(documents.id, params.documentId)))
    .for("update")
    .limit(1);
  return row;
}

/** Sets the status only if it is still `from`; true when it changed. */
export async function updateDocumentStatusFrom(
  db: Db,
  params: { projectId: string; documentId: string; from: DocumentStatus; to: DocumentStatus },
): Promise<boolean> {
  const rows = await db
    .update(documents)
    .set({ status: params.to, updatedAt: sql`now()` })
    .where(and(eq(documents.projectId, params.projectId), eq(documents.id, params.documentId), eq(documents.status, params.from)))
    .returning({ id: documents.id });
  return rows.length > 0;
}

export interface AssignmentWithUser {
  id: string;
  userId: string;
  name: string;
  status: AssignmentStatus;
  submittedAt: Date | null;
}

/** Every assignment of the document with the assignee's name. */
export async function listAssignmentsWithUsers(db: Db, params: { projectId: string; documentId: string }): Promise<AssignmentWithUser[]> {
  return db
    .select({ id: assignments.id, userId: assignments.userId, name: users.name, status: assignments.status, submittedAt: assignments.submittedAt })
    .from(assignments)
    .innerJoin(users, eq(users.id, assignments.userId))
    .where(and(eq(assignments.projectId, params.projectId), eq(assignments.documentId, params.documentId)))
    .orderBy(asc(users.name), asc(assignments.userId));
}

/** Moves the listed users' assignments that are in one of `from` to `to`; returns the changed rows. */
export async function setAssignmentsStatus(
  db: Db,
  params: { projectId: string; documentId: string; userIds: string[]; from: AssignmentStatus[]; to: AssignmentStatus },
): Promise<{ userId: string; status: AssignmentStatus }[]> {
  if (params.userIds.length === 0) return [];
  return db
    .update(assignments)
    .set({ status: params.to, updatedAt: sql`now()` })
    .where(
      and(
        eq(assignments.projectId, params.projectId),
        eq(assignments.documentId, params.documentId),
        inArray(assignments.userId, params.userIds),
        inArray(assignments.status, params.from),
      ),
    )
    .returning({ userId: assignments.userId, status: assignments.status });
}

export async function insertReviewDecision(
  db: Db,
  values: { projectId: string; documentId: string; annotationId: string | null; reviewerId: string; decision: ReviewDecision; reason: string | null },
): Promise<ReviewDecisionRow> {
  const [row] = await db.insert(reviewDecisions).values(values).returning();
  if (!row) throw new Error("insert into review_decisions returned no row");
  return row;
}

/** Many decisions in one statement per 1,000 rows. */
export async function insertReviewDecisions(
  db: Db,
  values: { projectId: string; documentId: string; annotationId: string | null; reviewerId: string; decision: ReviewDecision; reason: string | null }[],
): Promise<void> {
  for (let i = 0; i < values.length; i += 1000) await db.insert(reviewDecisions).values(values.slice(i, i + 1000));
}

/** The document's decisions with the reviewer's name, newest first. */
export async function listReviewDecisions(db: Db, params: { projectId: string; documentId: string }): Promise<ReviewDecisionWithReviewer[]> {
  return db
    .select({
      id: reviewDecisions.id,
      projectId: reviewDecisions.projectId,
      documentId: reviewDecisions.documentId,
      annotationId: reviewDecisions.annotationId,
      reviewerId: reviewDecisions.reviewerId,
      decision: reviewDecisions.decision,
      reason: reviewDecisions.reason,
      createdAt: reviewDecisions.createdAt,
      reviewerName: users.name,
    })
    .from(reviewDecisions)
    .leftJoin(users, eq(users.id, reviewDecisions.reviewerId))
    .where(and(eq(reviewDecisions.projectId, params.projectId), eq(reviewDecisions.documentId, params.documentId)))
    .orderBy(desc(reviewDecisions.createdAt), desc(reviewDecisions.id));
}

/**
 * Article decisions (approve / return) and decisions about one owner's spans, with the reviewer's
 * name, newest first: what an annotator is told about their work.
 */
export async function listFeedbackDecisions(
  db: Db,
  params: { projectId: string; documentId: string; ownerId: string },
): Promise<ReviewDecisionWithReviewer[]> {
  const all = await listReviewDecisions(db, params);
  const spanIds = all.flatMap((d) => (d.annotationId ? [d.annotationId] : []));
  if (spanIds.length === 0) return all.filter((d) => d.annotationId === null);
  const mine = new Set(
    (
      await db
        .select({ id: annotations.id })
        .from(annotations)
        .where(and(eq(annotations.projectId, params.projectId), eq(annotations.ownerId, params.ownerId), inArray(annotations.id, [...new Set(spanIds)])))
    ).map((r) => r.id),
  );
  return all.filter((d) => d.annotationId === null || mine.has(d.annotationId));
}

export type AnnotationInsert = typeof annotations.$inferInsert;
export type AnnotationRowFull = typeof annotations.$inferSelect;

/** Inserts gold spans in statements of 500 rows; returns them. */
export async function insertGoldAnnotations(db: Db, values: AnnotationInsert[]): Promise<AnnotationRowFull[]> {
  const out: AnnotationRowFull[] = [];
  for (let i = 0; i < values.length; i += 500) out.push(...(await db.insert(annotations).values(values.slice(i, i + 500)).returning()));
  return out;
}

export type RelationInsert = typeof relations.$inferInsert;
export type RelationRowFull = typeof relations.$inferSelect;

/** Inserts relations in statements of 1,000 rows; returns them. */
export async function insertRelationRows(db: Db, values: RelationInsert[]): Promise<RelationRowFull[]> {
  const out: RelationRowFull[] = [];
  for (let i = 0; i < values.length; i += 1000) out.push(...(await db.insert(relations).values(values.slice(i, i + 1000)).returning()));
  return out;
}

/** Many audit events in statements of 1,000 rows (same transaction as the changes they record). */
export async function insertAuditEvents(db: Db, events: AuditEventInput[]): Promise<void> {
  for (let i = 0; i < events.length; i += 1000) {
    await db.insert(auditEvents).values(
      events.slice(i, i + 1000).map((e) => ({
        projectId: e.projectId,
        actorId: e.actorId,
        action: e.action,
        entityType: e.entityType,
        entityId: e.entityId,
        before: e.before ?? null,
        after: e.after ?? null,
      })),
    );
  }
}

export interface FeedbackCommentRow {
  id: string;
  annotationId: string | null;
  authorId: string | null;
  authorName: string | null;
  body: string;
  createdAt: Date;
  spanStart: number | null;
  spanEnd: number | null;
  spanQuote: string | null;
}

/** Live comments on the article itself and on one owner's spans, with authors, oldest first. */
export async function listFeedbackComments(db: Db, params: { projectId: string; documentId: string; ownerId: string }): Promise<FeedbackCommentRow[]> {
  return db
    .select({
      id: comments.id,
      annotationId: comments.annotationId,
      authorId: comments.authorId,
      authorName: users.name,
      body: comments.body,
      createdAt: comments.createdAt,
      spanStart: annotations.startOffset,
      spanEnd: annotations.endOffset,
      spanQuote: annotations.quote,
    })
    .from(comments)
    .leftJoin(users, eq(users.id, comments.authorId))
    .leftJoin(annotations, eq(annotations.id, comments.annotationId))
    .where(
      and(
        eq(comments.projectId, params.projectId),
        eq(comments.documentId, params.documentId),
        isNull(comments.deletedAt),
        or(isNull(comments.annotationId), eq(annotations.ownerId, params.ownerId)),
      ),
    )
    .orderBy(asc(comments.createdAt), asc(comments.id));
}

/** Inserts an article comment (used for the comment that goes with a return). */
export async function insertArticleComment(
  db: Db,
  values: { projectId: string; documentId: string; authorId: string; body: string },
): Promise<{ id: string }> {
  const [row] = await db
    .insert(comments)
    .values({ ...values, annotationId: null, mentions: [] })
    .returning({ id: comments.id });
  if (!row) throw new Error("insert into comments returned no row");
  return row;
}
