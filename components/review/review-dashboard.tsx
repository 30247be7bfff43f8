"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Card, EmptyState } from "@/components/ui/card";
import { reviewDashboardQuery } from "@/lib/api-client/review";
import type { GoldScoreDto } from "@/lib/server/agreement";
import type { ReviewDashboardDto, ReviewQueueItemDto } from "@/lib/server/review-queue";

/**
 * The reviewer's dashboard: the queue of submitted articles, oldest first (the one that has waited
 * longest at the top, with how long), counts per status, and — once gold exists — each annotator's
 * precision / recall / F1 against gold as bars.
 */
const STATUS_TEXT: Record<string, string> = {
  unassigned: "Unassigned",
  in_progress: "In progress",
  submitted: "Submitted",
  in_review: "In review",
  approved: "Approved",
  returned: "Returned",
};

function waited(iso: string | null, now: number): string {
  if (!iso) return "—";
  const mins = Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));
  if (mins < 60) return `${mins} min`;
  const hours = Math.round(mins / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} days`;
}

function pct(v: number | null): string {
  return v === null ? "—" : `${(v * 100).toFixed(1)}%`;
}

export function ReviewDashboard({ projectId, projectSlug }: { projectId: string; projectSlug: string }) {
  const [offset, setOffset] = useState(0);
  const query = useQuery({ ...reviewDashboardQuery(projectId, offset), placeholderData: keepPreviousData });
  if (query.isPending) return <p className="text-muted" role="status">Loading the review queue…</p>;
  if (query.isError) {
    return (
      <p role="alert" className="text-sm text-red-700 dark:text-red-400">
        Couldn&apos;t load the review queue: {query.error.message}{" "}
        <button type="button" className="underline" onClick={() => void query.refetch()}>
          Try again
        </button>
      </p>
    );
  }
  const d: ReviewDashboardDto = query.data;
  const waiting = d.counts.submitted + d.counts.in_review;
  const now = Date.parse(d.generatedAt);
  return (
    <div className="space-y-6">
      <ul className="flex flex-wrap gap-2 text-sm" aria-label="Articles by status">
        {(["submitted", "in_review", "returned", "approved", "in_progress", "unassigned"] as const).map((s) => (
          <li key={s} className="surface rounded-md border px-3 py-1.5">
            {STATUS_TEXT[s]} <span className="font-semibold tabular-nums">{d.counts[s].toLocaleString("en-US")}</span>
          </li>
        ))}
      </ul>

      <section aria-labelledby="queue-heading">
        <h2 id="queue-heading" className="mb-2 font-semibold">
          Waiting for review <span className="text-muted font-normal">({waiting.toLocaleString("en-US")}, oldest first)</span>
        </h2>
        {d.items.length === 0 ? (
          <EmptyState title="Nothing is waiting for review">
            Articles appear here when all their annotators have submitted them. See who is still working on the{" "}
            <Link className="underline" href={`/projects/${projectSlug}`}>
              Library
            </Link>{" "}
            tab.
          </EmptyState>
        ) : (
          <Card className="overflow-x-auto">
            <table className="w-full text-sm" data-testid="review-queue">
              <thead className="text-muted text-left text-xs uppercase tracking-wide">
                <tr>
                  <th className="px-3 py-2 font-medium">Article</th>
                  <th className="px-3 py-2 font-medium">Status</th>
                  <th className="px-3 py-2 font-medium">Annotators</th>
                  <th className="px-3 py-2 text-right font-medium">Spans</th>
                  <th className="px-3 py-2 text-right font-medium">Waiting</th>
                </tr>
              </thead>
              <tbody>
                {d.items.map((item) => (
                  <QueueRow key={item.id} item={item} projectSlug={projectSlug} now={now} />
                ))}
              </tbody>
            </table>
          </Card>
        )}
        {offset > 0 || d.nextOffset !== null ? (
          <div className="mt-2 flex gap-2 text-sm">
            <button type="button" className="sl-secondary-button" disabled={offset === 0} onClick={() => setOffset((o) => Math.max(0, o - 50))}>
              Previous
            </button>
            <button type="button" className="sl-secondary-button" disabled={d.nextOffset === null} onClick={() => d.nextOffset !== null && setOffset(d.nextOffset)}>
              Next
            </button>
          </div>
        ) : null}
      </section>

      <section aria-labelledby="gold-heading">
        <h2 id="gold-heading" className="mb-2 font-semibold">
          Annotators against gold
        </h2>
        {d.gold ? (
          <GoldScores gold={d.gold} />
        ) : (
          <p className="text-muted text-sm">
            Once articles have a gold layer (accept spans in a review), each annotator&apos;s precision and recall against it shows here.
          </p>
        )}
      </section>
    </div>
  );
}

function QueueRow({ item, projectSlug, now }: { item: ReviewQueueItemDto; projectSlug: string; now: number }) {
  return (
    <tr className="border-t">
      <td className="px-3 py-2">
        <Link className="font-medium hover:underline" href={`/projects/${projectSlug}/review/${item.id}`}>
          {item.title}
        </Link>
        <span className="text-muted ml-2 text-xs">{item.length.toLocaleString("en-US")} characters</span>
        {item.hasGold ? <span className="ml-2 rounded bg-amber-100 px-1 text-xs text-amber-900 dark:bg-amber-900 dark:text-amber-100">gold started</span> : null}
        {item.unreadComments ? <span className="ml-2 rounded bg-accent-600 px-1 text-xs text-white">{item.unreadComments} new comments</span> : null}
      </td>
      <td className="px-3 py-2">{STATUS_TEXT[item.status] ?? item.status}</td>
      <td className="px-3 py-2">{item.annotators.map((a) => `${a.name} (${a.status.replace("_", " ")})`).join(", ") || "—"}</td>
      <td className="px-3 py-2 text-right tabular-nums">{item.spans.toLocaleString("en-US")}</td>
      <td className="px-3 py-2 text-right tabular-nums" title={item.readySince ? `Ready since ${new Date(item.readySince).toLocaleString()}` : undefined}>
        {waited(item.readySince, now)}
      </td>
    </tr>
  );
}

function Bar({ value, className, label }: { value: number | null; className: string; label: string }) {
  return (
    <div className="flex items-center gap-2" title={label}>
      <div className="h-2 w-40 overflow-hidden rounded-full bg-black/10 dark:bg-white/10" role="img" aria-label={label}>
        <div className={`h-full ${className}`} style={{ width: `${Math.max(0, Math.min(1, value ?? 0)) * 100}%` }} />
      </div>
      <span className="w-14 text-right text-xs tabular-nums">{pct(value)}</span>
    </div>
  );
}

function GoldScores({ gold }: { gold: NonNullable<ReviewDashboardDto["gold"]> }) {
  return (
    <Card className="p-4">
      <p className="text-muted mb-3 text-xs">
        Over {gold.documents.toLocaleString("en-US")} article{gold.documents === 1 ? "" : "s"} with gold ({gold.goldSpans.toLocaleString("en-US")} gold spans). Exact match: same
        boundaries and label; gold is the reference, so precision is how many of the annotator&apos;s spans gold kept, recall how many gold spans the annotator found.
      </p>
      <ul className="space-y-3" data-testid="gold-scores">
        {gold.annotators.map((a: GoldScoreDto) => (
          <li key={a.annotator.id} className="grid gap-1 sm:grid-cols-[12rem_1fr]">
            <div>
              <div className="font-medium">{a.annotator.name}</div>
              <div className="text-muted text-xs">
                {a.documents} article{a.documents === 1 ? "" : "s"} · κ {a.cohenKappa === null ? "—" : a.cohenKappa.toFixed(2)}
              </div>
            </div>
            <div className="space-y-1 text-xs">
              <div className="flex flex-wrap items-center gap-x-4 gap-y-1">
                <span className="w-16">Precision</span>
                <Bar value={a.exact.precision} className="bg-sky-600" label={`${a.annotator.name}: precision ${pct(a.exact.precision)} (exact; tp ${a.exact.tp}, fp ${a.exact.fp})`} />
              </div>
              <div className="flex flex-wrap items-center gap-x-4 gap-y-1">
                <span className="w-16">Recall</span>
                <Bar value={a.exact.recall} className="bg-emerald-600" label={`${a.annotator.name}: recall ${pct(a.exact.recall)} (exact; tp ${a.exact.tp}, fn ${a.exact.fn})`} />
              </div>
              <div className="text-muted">
                F1 {pct(a.exact.f1)} exact · {pct(a.overlap.f1)} overlap
              </div>
            </div>
          </li>
        ))}
      </ul>
    </Card>
  );
}
