import type { LabelAgreement, LabelPairAverage } from "@/lib/agreement";
import type { AgreementLabelDto } from "@/lib/server/agreement";
import { formatCount, formatScore, plural } from "./format";
import { BarLegend, ScoreBar } from "./score-bar";

function averageTitle(label: string, mode: "exact" | "overlap", avg: LabelPairAverage): string {
  const how = mode === "exact" ? "same start, end and label" : "same label and overlapping";
  const counts = `Summed over all pairs: ${formatCount(avg.tp)} matched (tp), ${formatCount(avg.fp)} fp, ${formatCount(avg.fn)} fn.`;
  if (avg.meanF1 === null) return `${label}, ${mode} (${how}): not defined — no pair has a span of this label. ${counts}`;
  return `${label}, ${mode} (${how}): mean span F1 ${formatScore(avg.meanF1)} over ${plural(avg.pairs, "pair")} that used this label. ${counts}`;
}

/**
 * Span F1 per label, exact and overlap matching, as two labelled bars per label. Each is the mean
 * of the pairs' F1 for that label (over the pairs where either used it); label ids are resolved
 * to names and shown in the project's label order.
 */
export function LabelBars({ perLabel, labels }: { perLabel: LabelAgreement[]; labels: AgreementLabelDto[] }) {
  const order = new Map(labels.map((l, i) => [l.id, i]));
  const byId = new Map(labels.map((l) => [l.id, l]));
  const rows = [...perLabel].sort((x, y) => (order.get(x.label) ?? Infinity) - (order.get(y.label) ?? Infinity));
  return (
    <figure className="space-y-3" data-testid="agreement-label-bars">
      {rows.length === 0 ? (
        <p className="text-muted text-sm">No spans in the selection, so there is nothing to score per label.</p>
      ) : (
        <ul className="space-y-3" aria-label="Span F1 per label">
          {rows.map((row) => {
            const label = byId.get(row.label);
            const name = label?.name ?? "Deleted label";
            const pairs = Math.max(row.exact.pairs, row.overlap.pairs);
            return (
              <li key={row.label} className="grid gap-x-4 gap-y-1 sm:grid-cols-[12rem_1fr]" data-label={name}>
                <div className="min-w-0 text-sm">
                  <div className="flex items-center gap-2">
                    <span aria-hidden className="inline-block size-3 shrink-0 rounded-sm" style={{ background: label?.color ?? "transparent" }} />
                    <span className="truncate font-medium">{name}</span>
                    {label?.archived ? <span className="text-muted text-xs">(archived)</span> : null}
                  </div>
                  <p className="text-muted text-xs">{pairs === 0 ? "no pair used it" : `mean over ${plural(pairs, "pair")}`}</p>
                </div>
                <div className="space-y-1">
                  <ScoreBar name="exact" tone="exact" value={row.exact.meanF1} title={averageTitle(name, "exact", row.exact)} />
                  <ScoreBar name="overlap" tone="overlap" value={row.overlap.meanF1} title={averageTitle(name, "overlap", row.overlap)} />
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <figcaption className="space-y-2">
        <BarLegend />
        <p className="text-muted text-xs leading-relaxed">
          Span F1 compares whole spans, not tokens: 1 means both annotators marked the same spans. Exact counts a match only for the same start,
          end and label; overlap also accepts spans of the same label that share text, so the gap between the two bars shows how much
          disagreement is only about where a span starts or ends. Hover a bar for matched and unmatched counts.
        </p>
      </figcaption>
    </figure>
  );
}
