import type { GoldAgreementReport, SpanScore } from "@/lib/agreement";
import { Card } from "@/components/ui/card";
import { bandOf, formatCount, formatScore, KAPPA_BANDS, plural, undefinedReasonText } from "./format";
import { BarLegend, ScoreBar, type BarTone } from "./score-bar";

function countsTitle(mode: BarTone, s: SpanScore): string {
  return `${mode === "exact" ? "Exact" : "Overlap"} matching against gold: ${formatCount(s.tp)} spans match gold, ${formatCount(s.fp)} are not in gold, ${formatCount(s.fn)} gold spans were missed.`;
}

function ScoreGroup({ mode, score }: { mode: BarTone; score: SpanScore }) {
  const title = countsTitle(mode, score);
  return (
    <div className="space-y-1" role="group" aria-label={mode === "exact" ? "Exact match" : "Overlap"}>
      <p className="text-muted text-xs font-medium">{mode === "exact" ? "Exact match" : "Overlap"}</p>
      <ScoreBar name="precision" nameWidth="w-[4.5rem]" tone={mode} value={score.precision} title={`Precision: share of this annotator's spans that gold has. ${title}`} />
      <ScoreBar name="recall" nameWidth="w-[4.5rem]" tone={mode} value={score.recall} title={`Recall: share of gold's spans this annotator found. ${title}`} />
      <ScoreBar name="F1" nameWidth="w-[4.5rem]" tone={mode} value={score.f1} title={`F1: the harmonic mean of precision and recall. ${title}`} />
    </div>
  );
}

/** Each selected annotator against the adjudicated gold layer, over the articles that have both. */
export function GoldScores({ gold, nameOf, goldSpans }: { gold: GoldAgreementReport; nameOf: (id: string) => string; goldSpans: number }) {
  return (
    <div className="space-y-3">
      <p className="text-muted text-xs">
        Gold (the reviewers&apos; adjudicated layer) is the reference: {plural(gold.documents, "article")} with gold, {plural(goldSpans, "gold span")}.
        Precision says how much of what an annotator marked is in gold, recall how much of gold they found.
      </p>
      <BarLegend />
      <ul className="grid gap-3 lg:grid-cols-2" aria-label="Annotators against gold">
        {gold.annotators.map((a) => {
          const name = nameOf(a.annotator);
          const kappa = a.cohenKappa.value;
          const band = kappa === null ? null : bandOf(kappa, KAPPA_BANDS);
          return (
            <li key={a.annotator}>
              <Card className="p-3">
                <div className="mb-2 flex flex-wrap items-baseline justify-between gap-x-3">
                  <span className="font-medium">{name}</span>
                  <span className="text-muted text-xs tabular-nums">
                    {plural(a.documents, "article")}, {plural(a.tokens, "token")}
                  </span>
                </div>
                {a.documents === 0 ? (
                  <p className="text-muted text-sm">No article has both gold and {name}&apos;s layer.</p>
                ) : (
                  <>
                    <p
                      className="mb-2 text-sm"
                      title={
                        kappa === null
                          ? `Not defined: ${undefinedReasonText(a.cohenKappa.undefinedReason, "gold")}.`
                          : `Token-level Cohen's κ between ${name} and gold over ${plural(a.tokens, "token")} (${band?.label}).`
                      }
                    >
                      Cohen&apos;s κ with gold <span className="font-semibold tabular-nums">{formatScore(kappa)}</span>
                      {band ? <span className="text-muted"> · {band.label}</span> : null}
                    </p>
                    <div className="grid gap-3 sm:grid-cols-2">
                      <ScoreGroup mode="exact" score={a.span.exact.micro} />
                      <ScoreGroup mode="overlap" score={a.span.overlap.micro} />
                    </div>
                  </>
                )}
              </Card>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
