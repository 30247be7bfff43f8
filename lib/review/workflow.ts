/**
 * The article workflow as a pure state machine (no database): which events move a document from
 * which status to which. The server (lib/server/review-workflow.ts and the annotation use-cases)
 * enforces it; the review page reads it to offer only the actions that can succeed.
 *
 *   unassigned ──start_work──▶ in_progress ──submit──▶ submitted ──start_review──▶ in_review ──approve──▶ approved
 *                                   ▲                      │                          │
 *                                   │                      └────────return────────────┤
 *                                   └──────start_work──── returned ◀───────────────────┘
 *
 * A returned article cannot be approved (nor reviewed) until its annotators resume, resubmit, and a
 * reviewer starts a new review: returned → in_progress → submitted → in_review → approved.
 */

/** Same values as `documents.status` (db/schema/documents.ts); repeated here to keep this module pure. */
export type WorkflowStatus = "unassigned" | "in_progress" | "submitted" | "in_review" | "approved" | "returned";

export type WorkflowEvent =
  /** An annotator writes a span or reopens their work. */
  | "start_work"
  /** Every annotator of the article has submitted. */
  | "submit"
  /** A reviewer opens the review of a submitted article ("Start review"). */
  | "start_review"
  /** A reviewer approves the reviewed article. */
  | "approve"
  /** A reviewer returns the article to its annotator(s), with a reason. */
  | "return";

/** The reviewer's events: these need `review.decide`. */
export const REVIEWER_EVENTS: readonly WorkflowEvent[] = ["start_review", "approve", "return"];

const TRANSITIONS: Record<WorkflowEvent, { from: readonly WorkflowStatus[]; to: WorkflowStatus }> = {
  start_work: { from: ["unassigned", "in_progress", "returned"], to: "in_progress" },
  submit: { from: ["in_progress"], to: "submitted" },
  start_review: { from: ["submitted"], to: "in_review" },
  approve: { from: ["in_review"], to: "approved" },
  return: { from: ["submitted", "in_review"], to: "returned" },
};

export type TransitionResult = { ok: true; from: WorkflowStatus; to: WorkflowStatus } | { ok: false; from: WorkflowStatus; message: string };

const LABEL: Record<WorkflowStatus, string> = {
  unassigned: "unassigned",
  in_progress: "in progress",
  submitted: "submitted",
  in_review: "in review",
  approved: "approved",
  returned: "returned to its annotators",
};

/** A short human name for a status ("in review"). */
export function statusLabel(status: WorkflowStatus): string {
  return LABEL[status];
}

function refusal(status: WorkflowStatus, event: WorkflowEvent): string {
  const now = `This article is ${LABEL[status]}`;
  switch (event) {
    case "start_review":
      if (status === "in_review") return `${now} already.`;
      if (status === "returned") return `${now}; it can be reviewed again once its annotators resubmit it.`;
      return `${now}; only a submitted article can be reviewed. Wait until every annotator has submitted it.`;
    case "approve":
      if (status === "submitted") return `${now}: start the review first, then approve it.`;
      if (status === "approved") return `${now} already.`;
      if (status === "returned") return `${now}, so it can't be approved: its annotators must resubmit it and a reviewer must review it again.`;
      return `${now}; only an article in review can be approved.`;
    case "return":
      if (status === "returned") return `${now} already.`;
      if (status === "approved") return `${now}; an approved article can no longer be returned.`;
      return `${now}; only a submitted article or one in review can be returned.`;
    case "submit":
      return `${now}; only work in progress can be submitted.`;
    case "start_work":
      return `${now}; work on it can't be started now.`;
  }
}

/** Where `event` takes an article in `status`, or why it can't. */
export function transition(status: WorkflowStatus, event: WorkflowEvent): TransitionResult {
  const rule = TRANSITIONS[event];
  if (rule.from.includes(status)) return { ok: true, from: status, to: rule.to };
  return { ok: false, from: status, message: refusal(status, event) };
}

export function canTransition(status: WorkflowStatus, event: WorkflowEvent): boolean {
  return TRANSITIONS[event].from.includes(status);
}

/** The reviewer actions available in `status` (for the review page's buttons). */
export function availableReviewerEvents(status: WorkflowStatus): WorkflowEvent[] {
  return REVIEWER_EVENTS.filter((e) => canTransition(status, e));
}

/** Applies events in order; stops at the first refused one. Handy for tests and for explaining paths. */
export function runEvents(status: WorkflowStatus, events: readonly WorkflowEvent[]): TransitionResult {
  let current: TransitionResult = { ok: true, from: status, to: status };
  for (const event of events) {
    if (!current.ok) return current;
    current = transition(current.to, event);
  }
  return current;
}

/** Longest accepted reason for a return or a rejection, in characters. */
export const REASON_MAX_LENGTH = 2000;
