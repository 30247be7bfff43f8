"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { formatCount, formatDay } from "@/components/library/format";
import { ASSIGNMENT_META } from "@/components/library/status";
import { Button } from "@/components/ui/button";
import { Card, EmptyState, ProgressBar } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { queueQuery } from "@/lib/api-client/library";
import type { QueueStatus } from "@/lib/server/queue-dto";
import { LinkPending } from "@/components/ui/link-pending";

const ACTION: Record<QueueStatus, string> = {
  returned: "Continue",
  in_progress: "Continue",
  assigned: "Start",
  submitted: "Open",
  approved: "Open",
};

/** My assigned articles: returned first, then in progress, assigned, submitted; with my progress. */
export function QueueView({ projectId, projectSlug, pageSize }: { projectId: string; projectSlug: string; pageSize: number }) {
  const [limit, setLimit] = useState(pageSize);
  const q = useQuery(queueQuery(projectId, limit));
  if (q.error) {
    return (
      <p role="alert" className="text-sm text-red-600">
        Couldn&apos;t load your queue: {q.error.message}
      </p>
    );
  }
  if (!q.data) return <p className="text-muted text-sm">Loading your queue…</p>;
  const { items, counts } = q.data;
  const done = counts.submitted + counts.approved;
  if (counts.total === 0) {
    return (
      <EmptyState title="Nothing assigned to you yet">
        A manager assigns articles from the Library. They will appear here, with the ones returned to you first.
      </EmptyState>
    );
  }
  const next = items.find((i) => i.status !== "submitted" && i.status !== "approved");
  return (
    <div className="space-y-4">
      <Card className="p-4">
        <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
          <h2 className="font-semibold">Your progress</h2>
          <span className="text-muted text-sm tabular-nums">
            {formatCount(done)} of {formatCount(counts.total)} done
          </span>
        </div>
        <ProgressBar value={done} max={counts.total} label="Your progress" />
        <p className="text-muted mt-2 text-xs">
          {[
            counts.returned ? `${formatCount(counts.returned)} returned to you` : null,
            counts.inProgress ? `${formatCount(counts.inProgress)} in progress` : null,
            counts.assigned ? `${formatCount(counts.assigned)} not started` : null,
            counts.submitted ? `${formatCount(counts.submitted)} submitted` : null,
            counts.approved ? `${formatCount(counts.approved)} approved` : null,
          ]
            .filter(Boolean)
            .join(" · ")}
        </p>
        {next ? (
          <Link
            href={`/projects/${projectSlug}/documents/${next.documentId}`}
            className="mt-3 inline-flex h-10 items-center rounded-md bg-accent-600 px-4 text-sm font-medium text-white hover:bg-accent-700"
          >
            {ACTION[next.status]} with “{next.title.length > 60 ? `${next.title.slice(0, 57)}…` : next.title}”
            <LinkPending />
          </Link>
        ) : (
          <p className="mt-3 text-sm">Everything assigned to you is submitted. Well done.</p>
        )}
      </Card>
      <Card className="p-0">
        <ul aria-label="Your queue" className="divide-y divide-[var(--border)]">
          {items.map((item) => {
            const meta = ASSIGNMENT_META[item.status];
            return (
              <li key={item.documentId} className="flex items-center gap-3 px-4 py-3">
                <span className={cn("inline-flex w-28 shrink-0 items-center gap-1.5 text-xs font-medium", meta.text)}>
                  <span aria-hidden>{meta.symbol}</span>
                  {meta.label}
                </span>
                <span className="min-w-0 flex-1">
                  <span className="block truncate font-medium">{item.title}</span>
                  <span className="text-muted text-xs">
                    {formatCount(item.length)} characters · {formatCount(item.spanCount)} of your spans · updated {formatDay(item.updatedAt)}
                  </span>
                </span>
                <Link
                  href={`/projects/${projectSlug}/documents/${item.documentId}`}
                  className="border-default inline-flex h-8 items-center rounded-md border px-3 text-sm hover:bg-black/5 dark:hover:bg-white/5"
                  aria-label={`${ACTION[item.status]}: ${item.title}`}
                >
                  {ACTION[item.status]}
                  <LinkPending />
                </Link>
              </li>
            );
          })}
        </ul>
      </Card>
      {q.data.nextOffset !== null ? (
        <Button variant="secondary" onClick={() => setLimit((l) => Math.min(500, l + pageSize))} isLoading={q.isFetching} disabled={limit >= 500}>
          Show more
        </Button>
      ) : null}
    </div>
  );
}
