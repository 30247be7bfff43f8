"use client";
import Link from "next/link";
import { LinkPending } from "@/components/ui/link-pending";
import type { QueueNeighborsDto } from "@/lib/server/queue-dto";

/** Where an article of my queue opens in the editor. */
export function editorHref(projectSlug: string, documentId: string): string {
  return `/projects/${projectSlug}/documents/${documentId}`;
}

/**
 * My place in my queue, in the editor's top bar: previous / next article (J / K go there too),
 * "3 of 12", and once this article is submitted, the next one still to do. Nothing when the
 * article is not in my queue (a reviewer reading it, or nothing assigned).
 */
export function QueueNav({ projectSlug, neighbors, isSubmitted, navigating }: { projectSlug: string; neighbors: QueueNeighborsDto | undefined; isSubmitted: boolean; navigating: boolean }) {
  if (!neighbors || neighbors.position === null) return null;
  const { previous, next, nextTodo, position, total } = neighbors;
  const step = (to: typeof previous, text: string, key: string, rel: "prev" | "next") =>
    to ? (
      <Link href={editorHref(projectSlug, to.documentId)} className="sl-queue-step" rel={rel} title={`${to.title} (${key})`} aria-label={`${rel === "prev" ? "Previous" : "Next"} article: ${to.title}`}>
        {text}
        <LinkPending />
      </Link>
    ) : (
      <span className="sl-queue-step" aria-disabled="true" title={rel === "prev" ? "This is the first article in your queue" : "This is the last article in your queue"}>
        {text}
      </span>
    );
  return (
    <nav aria-label="Your queue" className="flex items-center gap-1 text-sm" data-testid="queue-nav">
      {step(previous, "‹", "K", "prev")}
      <span className="text-muted tabular-nums" data-testid="queue-position">
        {position} of {total}
      </span>
      {step(next, "›", "J", "next")}
      {navigating ? <span role="status" aria-label="Opening the article…" className="sl-link-pending" /> : null}
      {isSubmitted && nextTodo ? (
        <Link href={editorHref(projectSlug, nextTodo.documentId)} className="sl-primary-button ml-2" data-testid="next-todo" title={nextTodo.title}>
          Next to do →
          <LinkPending />
        </Link>
      ) : null}
    </nav>
  );
}
