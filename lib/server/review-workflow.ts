import "server-only";
import type { Db } from "@/db/connect";
import { insertAuditEvent } from "@/db/queries/audit";
import {
  insertArticleComment,
  insertReviewDecision,
  listAssignmentsWithUsers,
  lockDocumentForReview,
  setAssignmentsStatus,
  updateDocumentStatusFrom,
  type ReviewDecisionRow,
} from "@/db/queries/review";
import type { AssignmentStatus } from "@/db/schema";
import { authorizeProject, type Actor, type ProjectContext } from "@/lib/auth/guards";
import { transition, type WorkflowEvent } from "@/lib/review/workflow";
import type { ReviewDecisionDto, WorkflowResultDto } from "@/lib/review/types";
import { ZReturnRequest } from "@/lib/validation/review";
import { DOCUMENT_NOT_FOUND, parseInput, requireId } from "./annotations-shared";
import { AppError } from "./errors";
import { publishDocumentChange } from "./live";

/*
 * The reviewer's side of the article workflow (the rules are in lib/review/workflow.ts):
 *   POST …/review/start    submitted → in_review
 *   POST …/review/approve  in_review → approved (every submitted assignment → approved)
 *   POST …/review/return   submitted | in_review → returned (the annotators' assignments → returned)
 * Each runs in one transaction that locks the document row, checks the transition against the
 * status it finds, writes the change, a review decision (approve / return), an audit event, and a
 * NOTIFY (kind "workflow") that the review page and the editors listen to.
 */

export function toDecisionDto(row: ReviewDecisionRow, reviewerName: string | null): ReviewDecisionDto {
  return {
    id: row.id,
    decision: row.decision,
    reason: row.reason,
    annotationId: row.annotationId,
    reviewerId: row.reviewerId,
    reviewerName,
    createdAt: row.createdAt.toISOString(),
  };
}

interface Transition {
  ctx: ProjectContext;
  tx: Db;
  documentId: string;
  from: WorkflowResultDto["document"]["status"];
  to: WorkflowResultDto["document"]["status"];
  title: string;
}

/** Locks the document, checks that `event` may happen now, applies it. The caller authorized (review.decide). */
async function runTransition(
  db: Db,
  ctx: ProjectContext,
  documentId: string,
  event: WorkflowEvent,
  apply: (t: Transition) => Promise<Omit<WorkflowResultDto, "document">>,
): Promise<WorkflowResultDto> {
  const actor = ctx.actor;
  const docId = requireId(documentId, DOCUMENT_NOT_FOUND);
  return db.transaction(async (tx) => {
    const doc = await lockDocumentForReview(tx, { projectId: ctx.project.id, documentId: docId });
    if (!doc) throw new AppError("not_found", DOCUMENT_NOT_FOUND);
    const step = transition(doc.status, event);
    if (!step.ok) throw new AppError("conflict", step.message, { details: { code: "invalid_transition", status: doc.status, event } });
    const changed = await updateDocumentStatusFrom(tx, { projectId: ctx.project.id, documentId: docId, from: step.from, to: step.to });
    if (!changed) throw new AppError("conflict", "The article's status changed at the same moment. Reload it and try again.");
    const rest = await apply({ ctx, tx, documentId: docId, from: step.from, to: step.to, title: doc.title });
    await publishDocumentChange(tx, { projectId: ctx.project.id, documentId: docId, kind: "workflow", id: docId, actorId: actor.userId });
    console.log(`[review] ${event} ${docId}: ${step.from} → ${step.to} by ${actor.userId}`);
    return { document: { id: docId, status: step.to }, ...rest };
  });
}

async function audit(t: Transition, action: string, after: Record<string, unknown>): Promise<void> {
  await insertAuditEvent(t.tx, {
    projectId: t.ctx.project.id,
    actorId: t.ctx.actor.userId,
    action,
    entityType: "document",
    entityId: t.documentId,
    before: { status: t.from },
    after: { status: t.to, ...after },
  });
}

/** "Start review": a submitted article goes to in_review. */
export async function startReview(db: Db, actor: Actor, projectId: string, documentId: string): Promise<WorkflowResultDto> {
  const ctx = await authorizeProject(db, actor, projectId, "review.decide");
  return runTransition(db, ctx, documentId, "start_review", async (t) => {
    await audit(t, "review.start", {});
    return { assignments: [], decision: null, commentId: null };
  });
}

/** Approves an article in review: its submitted assignments become approved. */
export async function approveDocument(db: Db, actor: Actor, projectId: string, documentId: string): Promise<WorkflowResultDto> {
  const ctx = await authorizeProject(db, actor, projectId, "review.decide");
  return runTransition(db, ctx, documentId, "approve", async (t) => {
    const pid = t.ctx.project.id;
    const people = await listAssignmentsWithUsers(t.tx, { projectId: pid, documentId: t.documentId });
    const changed = await setAssignmentsStatus(t.tx, {
      projectId: pid,
      documentId: t.documentId,
      userIds: people.map((p) => p.userId),
      from: ["submitted"],
      to: "approved",
    });
    const decision = await insertReviewDecision(t.tx, {
      projectId: pid,
      documentId: t.documentId,
      annotationId: null,
      reviewerId: actor.userId,
      decision: "approve",
      reason: null,
    });
    await audit(t, "review.approve", { decisionId: decision.id, assignments: changed });
    return { assignments: changed, decision: toDecisionDto(decision, actor.name), commentId: null };
  });
}

const RETURNABLE: AssignmentStatus[] = ["submitted", "approved"];

/**
 * Returns an article to its annotators with a reason (and an optional comment, posted on the
 * article): their submitted work becomes `returned` and editable again. `annotatorIds` narrows it
 * to some of them.
 */
export async function returnDocument(db: Db, actor: Actor, projectId: string, documentId: string, input: unknown): Promise<WorkflowResultDto> {
  const ctx = await authorizeProject(db, actor, projectId, "review.decide");
  const data = parseInput(ZReturnRequest, input);
  return runTransition(db, ctx, documentId, "return", async (t) => {
    const pid = t.ctx.project.id;
    const people = await listAssignmentsWithUsers(t.tx, { projectId: pid, documentId: t.documentId });
    const returnable = people.filter((p) => RETURNABLE.includes(p.status));
    let targets = returnable;
    if (data.annotatorIds) {
      const wanted = new Set(data.annotatorIds.map((id) => id.toLowerCase()));
      targets = returnable.filter((p) => wanted.has(p.userId));
      const unknown = [...wanted].filter((id) => !targets.some((p) => p.userId === id));
      if (unknown.length) {
        const message = `Only submitted work can be returned; ${unknown.length === 1 ? "one of the people named has" : `${unknown.length} of the people named have`} no submitted work on this article. Pick from: ${returnable.map((p) => p.name).join(", ") || "nobody"}.`;
        throw new AppError("validation_failed", message, { fields: { annotatorIds: [message] }, details: { code: "not_returnable", unknown } });
      }
    }
    if (targets.length === 0) {
      throw new AppError("conflict", "Nobody has submitted work on this article, so there is nothing to return.", { details: { code: "nothing_to_return" } });
    }
    const changed = await setAssignmentsStatus(t.tx, {
      projectId: pid,
      documentId: t.documentId,
      userIds: targets.map((p) => p.userId),
      from: RETURNABLE,
      to: "returned",
    });
    const decision = await insertReviewDecision(t.tx, {
      projectId: pid,
      documentId: t.documentId,
      annotationId: null,
      reviewerId: actor.userId,
      decision: "return",
      reason: data.reason,
    });
    let commentId: string | null = null;
    if (data.comment) {
      const comment = await insertArticleComment(t.tx, { projectId: pid, documentId: t.documentId, authorId: actor.userId, body: data.comment });
      commentId = comment.id;
      await insertAuditEvent(t.tx, {
        projectId: pid,
        actorId: actor.userId,
        action: "comment.create",
        entityType: "comment",
        entityId: comment.id,
        after: { documentId: t.documentId, annotationId: null, body: data.comment, via: "review.return" },
      });
      await publishDocumentChange(t.tx, { projectId: pid, documentId: t.documentId, kind: "comment", id: comment.id, actorId: actor.userId });
    }
    await audit(t, "review.return", { decisionId: decision.id, reason: data.reason, commentId, assignments: changed });
    return { assignments: changed, decision: toDecisionDto(decision, actor.name), commentId };
  });
}
