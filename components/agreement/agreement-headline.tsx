import type { OverallAgreement } from "@/lib/agreement";
import { Card } from "@/components/ui/card";
import { ALPHA_BAND_HELP, ALPHA_BANDS, bandOf, formatScore, formatShare, KAPPA_BAND_HELP, KAPPA_BANDS, plural, undefinedReasonText, type ScoreBand } from "./format";

function Figure({
  name,
  scope,
  value,
  bands,
  reason,
  restsOn,
  help,
  bandHelp,
  observed,
  expected,
  note,
  testId,
}: {
  name: string;
  scope: string;
  value: number | null;
  bands: readonly ScoreBand[];
  reason: string;
  restsOn: string;
  help: string;
  bandHelp: string;
  observed: number | null;
  expected: number | null;
  note?: string | null;
  testId: string;
}) {
  const band = value === null ? null : bandOf(value, bands);
  const agreementLine = observed !== null && expected !== null ? `Observed agreement ${formatShare(observed)}, expected by chance ${formatShare(expected)}.` : null;
  const hover = [`${name}: ${value === null ? `not defined — ${reason}` : `${formatScore(value)} (${band?.label})`}.`, `Rests on ${restsOn}.`, agreementLine, help, bandHelp]
    .filter(Boolean)
    .join(" ");
  return (
    <Card className="p-4" title={hover} data-testid={testId}>
      <h4 className="text-sm font-medium">
        {name} <span className="text-muted font-normal">· {scope}</span>
      </h4>
      <div className="mt-2 flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <span className="text-4xl font-semibold tabular-nums" data-value={value ?? ""}>
          {formatScore(value)}
        </span>
        {band ? (
          <span className="inline-flex items-center gap-1.5 text-sm">
            <span aria-hidden className="border-default inline-block size-3 rounded-sm border" style={{ background: band.background }} />
            {band.label}
          </span>
        ) : (
          <span className="text-muted text-sm">Not defined: {reason}.</span>
        )}
      </div>
      <p className="text-muted mt-1 text-xs tabular-nums">
        Rests on {restsOn}.{agreementLine ? ` ${agreementLine}` : ""}
      </p>
      {note ? <p className="mt-1 text-xs text-amber-700 dark:text-amber-400">{note}</p> : null}
      <p className="mt-3 text-xs leading-relaxed">{help}</p>
      <p className="text-muted mt-1 text-xs leading-relaxed">{bandHelp}</p>
    </Card>
  );
}

/** Fleiss' κ and Krippendorff's α over all selected annotators, each with what it rests on and how to read it. */
export function AgreementHeadline({ overall }: { overall: OverallAgreement }) {
  const { fleissKappa: fleiss, krippendorffAlpha: alpha } = overall;
  const fewerForFleiss = fleiss.documents < alpha.documents && fleiss.documents > 0;
  return (
    <section aria-labelledby="agreement-headline-heading" data-testid="agreement-headline">
      <h3 id="agreement-headline-heading" className="sr-only">
        Overall agreement
      </h3>
      <div className="grid gap-4 md:grid-cols-2">
        <Figure
          testId="agreement-fleiss"
          name="Fleiss' κ"
          scope="all selected annotators at once"
          value={fleiss.value}
          bands={KAPPA_BANDS}
          reason={undefinedReasonText(fleiss.undefinedReason, "fleiss", fleiss.raters)}
          restsOn={`${plural(fleiss.raters, "annotator")}, ${plural(fleiss.documents, "article")}, ${plural(fleiss.tokens, "token")}`}
          observed={fleiss.observedAgreement}
          expected={fleiss.expectedAgreement}
          note={
            fewerForFleiss
              ? `Only ${plural(fleiss.documents, "article")} of ${alpha.documents.toLocaleString("en-US")} have every selected annotator; κ uses just those. Pick the annotators who share articles for a fuller figure.`
              : null
          }
          help="How often annotators give a token the same label (the label of the span covering it, or none), corrected for the agreement expected by chance from how often each label is used. 1 is perfect agreement, 0 no better than chance, below 0 worse than chance. It needs a complete table, so it uses only articles every selected annotator annotated."
          bandHelp={KAPPA_BAND_HELP}
        />
        <Figure
          testId="agreement-alpha"
          name="Krippendorff's α"
          scope="nominal, token level"
          value={alpha.value}
          bands={ALPHA_BANDS}
          reason={undefinedReasonText(alpha.undefinedReason, "alpha")}
          restsOn={`${plural(alpha.documents, "article")}, ${plural(alpha.tokens, "token")} (${plural(alpha.pairableValues, "token label")} compared)`}
          observed={alpha.observedAgreement}
          expected={alpha.expectedAgreement}
          help="The same question as κ — do annotators label tokens alike beyond chance? — but it allows annotators to be missing, so it uses every article that at least two selected annotators annotated. 1 is perfect agreement, 0 no better than chance."
          bandHelp={ALPHA_BAND_HELP}
        />
      </div>
    </section>
  );
}
