"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { reviewFeedbackQuery } from "@/lib/api-client/review";
import type { ReviewDecisionDto, ReviewFeedbackDto } from "@/lib/review/types";

/** The return the annotator still has to act on, if any: the newest article decision, when it is a return and the work is not resubmitted. */
export function activeReturn(feedback: ReviewFeedbackDto): ReviewDecisionDto | null {
  const latest = feedback.decisions.find((d) => d.annotationId === null);
  if (!latest || latest.decision !== "return") return null;
  if (feedback.myAssignmentStatus !== "returned" && feedback.myAssignmentStatus !== "in_progress") return null;
  return latest;
}

function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/**
 * For the editor: "Returned by <reviewer>: <reason>", with the reviewers' comments on the article
 * and on the annotator's spans, and the spans they rejected. Renders nothing unless the article was
 * returned to this person and they have not resubmitted it. `onShowSpan` scrolls the editor to a span.
 *
 * Mount: <ReturnedBanner projectId={project.id} documentId={doc.id} onShowSpan={(id) => …} />
 */
export function ReturnedBanner({
  projectId,
  documentId,
  onShowSpan,
}: {
  projectId: string;
  documentId: string;
  onShowSpan?: (annotationId: string) => void;
}) {
  const query = useQuery(reviewFeedbackQuery(projectId, documentId));
  const [expanded, setExpanded] = useState(true);
  if (!query.data) return null;
  const ret = activeReturn(query.data);
  if (!ret) return null;
  const since = ret.createdAt;
  const comments = query.data.comments.filter((c) => c.createdAt >= since || c.annotationId !== null);
  const rejections = query.data.decisions.filter((d) => d.decision === "reject" && d.annotationId !== null);
  const notes = comments.length + rejections.length;
  return (
    <section
      role="region"
      aria-label="Returned by a reviewer"
      data-testid="returned-banner"
      className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
    >
      <div className="flex flex-wrap items-start gap-x-3 gap-y-1">
        <p className="font-semibold">
          <span aria-hidden>↩ </span>Returned by {ret.reviewerName ?? "a reviewer"}: <span className="font-normal">{ret.reason}</span>
        </p>
        <span className="text-xs opacity-80">{when(ret.createdAt)}</span>
        {notes ? (
          <button type="button" className="ml-auto text-xs underline" aria-expanded={expanded} onClick={() => setExpanded((e) => !e)}>
            {expanded ? "Hide" : "Show"} {notes} note{notes === 1 ? "" : "s"}
          </button>
        ) : null}
      </div>
      <p className="mt-1 text-xs opacity-80">Fix what the reviewer asked for, then submit the article again.</p>
      {expanded && notes ? (
        <ul className="mt-2 space-y-1.5">
          {comments.map((c) => (
            <li key={c.id} className="rounded bg-white/60 px-2 py-1 dark:bg-black/20" data-testid="returned-comment">
              <span className="font-medium">{c.authorName ?? "A reviewer"}</span>
              {c.span ? <span className="opacity-80"> on “{c.span.quote.length > 60 ? `${c.span.quote.slice(0, 59)}…` : c.span.quote}”</span> : <span className="opacity-80"> on the article</span>}
              : {c.body}
              {c.annotationId && onShowSpan ? (
                <button type="button" className="ml-2 text-xs underline" onClick={() => onShowSpan(c.annotationId!)}>
                  Show span
                </button>
              ) : null}
            </li>
          ))}
          {rejections.map((d) => (
            <li key={d.id} className="rounded bg-white/60 px-2 py-1 dark:bg-black/20" data-testid="returned-rejection">
              <span aria-hidden>✕ </span>
              <span className="font-medium">{d.reviewerName ?? "A reviewer"}</span> rejected a span: {d.reason}
              {onShowSpan ? (
                <button type="button" className="ml-2 text-xs underline" onClick={() => onShowSpan(d.annotationId!)}>
                  Show span
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
