/**
 * Flattens agreement reports into uniform rows (one figure per row) for tables and exports.
 * Callers serialize (CSV, JSON, spreadsheet); every field is a string, a number or null.
 */
import type { AgreementReport, GoldAgreementReport, SpanAgreement } from "./compute-agreement";
import type { AgreementCoefficient } from "./kappa";
import type { SpanScore } from "./span-f1";

export type AgreementRowScope = "pair" | "overall" | "label" | "conflicts" | "gold";

export type AgreementMetric =
  | "cohen_kappa"
  | "fleiss_kappa"
  | "krippendorff_alpha"
  | "span_f1_exact"
  | "span_f1_overlap"
  | "mean_span_f1_exact"
  | "mean_span_f1_overlap"
  | "conflict_tokens";

export interface AgreementRow {
  scope: AgreementRowScope;
  metric: AgreementMetric;
  /** Pair rows: the reference annotator. Gold rows: the gold annotator. Conflict rows: the annotator (null = total). */
  annotatorA: string | null;
  annotatorB: string | null;
  /** Null = all labels (micro average / token-level figure). */
  label: string | null;
  value: number | null;
  precision: number | null;
  recall: number | null;
  tp: number | null;
  fp: number | null;
  fn: number | null;
  /** Pairs averaged (label rows). */
  pairs: number | null;
  documents: number | null;
  tokens: number | null;
  /** Why `value` is null, when it is (e.g. "single-category"). */
  note: string | null;
}

export function agreementReportToRows(report: AgreementReport): AgreementRow[] {
  const rows: AgreementRow[] = [];
  for (const pair of report.pairs) {
    const base = { scope: "pair" as const, annotatorA: pair.annotatorA, annotatorB: pair.annotatorB };
    rows.push(coefficientRow(base, "cohen_kappa", pair.cohenKappa, pair.documents, pair.tokens));
    pushSpanRows(rows, base, pair.span, pair.documents, pair.tokens);
  }
  const { fleissKappa, krippendorffAlpha } = report.overall;
  const overall = { scope: "overall" as const, annotatorA: null, annotatorB: null };
  rows.push(coefficientRow(overall, "fleiss_kappa", fleissKappa, fleissKappa.documents, fleissKappa.tokens));
  rows.push(
    coefficientRow(overall, "krippendorff_alpha", krippendorffAlpha, krippendorffAlpha.documents, krippendorffAlpha.tokens),
  );
  for (const entry of report.perLabel) {
    for (const [metric, average] of [
      ["mean_span_f1_exact", entry.exact],
      ["mean_span_f1_overlap", entry.overlap],
    ] as const) {
      rows.push({
        ...emptyRow("label", metric),
        label: entry.label,
        value: average.meanF1,
        tp: average.tp,
        fp: average.fp,
        fn: average.fn,
        pairs: average.pairs,
        note: average.meanF1 === null ? "no spans of this label" : null,
      });
    }
  }
  for (const entry of report.conflicts.perAnnotator) {
    rows.push({ ...emptyRow("conflicts", "conflict_tokens"), annotatorA: entry.annotator, value: entry.tokens, documents: entry.documents });
  }
  rows.push({ ...emptyRow("conflicts", "conflict_tokens"), value: report.conflicts.tokens });
  return rows;
}

export function goldAgreementReportToRows(report: GoldAgreementReport): AgreementRow[] {
  const rows: AgreementRow[] = [];
  for (const entry of report.annotators) {
    const base = { scope: "gold" as const, annotatorA: report.gold, annotatorB: entry.annotator };
    rows.push(coefficientRow(base, "cohen_kappa", entry.cohenKappa, entry.documents, entry.tokens));
    pushSpanRows(rows, base, entry.span, entry.documents, entry.tokens);
  }
  return rows;
}

type RowBase = Pick<AgreementRow, "scope" | "annotatorA" | "annotatorB">;

function emptyRow(scope: AgreementRowScope, metric: AgreementMetric): AgreementRow {
  return {
    scope,
    metric,
    annotatorA: null,
    annotatorB: null,
    label: null,
    value: null,
    precision: null,
    recall: null,
    tp: null,
    fp: null,
    fn: null,
    pairs: null,
    documents: null,
    tokens: null,
    note: null,
  };
}

function coefficientRow(
  base: RowBase,
  metric: AgreementMetric,
  coefficient: AgreementCoefficient,
  documents: number,
  tokens: number,
): AgreementRow {
  return {
    ...emptyRow(base.scope, metric),
    ...base,
    value: coefficient.value,
    documents,
    tokens,
    note: coefficient.undefinedReason,
  };
}

function pushSpanRows(rows: AgreementRow[], base: RowBase, span: SpanAgreement, documents: number, tokens: number): void {
  for (const [metric, result] of [
    ["span_f1_exact", span.exact],
    ["span_f1_overlap", span.overlap],
  ] as const) {
    rows.push(spanRow(base, metric, null, result.micro, documents, tokens));
    for (const entry of result.perLabel) rows.push(spanRow(base, metric, entry.label, entry, documents, tokens));
  }
}

function spanRow(
  base: RowBase,
  metric: AgreementMetric,
  label: string | null,
  score: SpanScore,
  documents: number,
  tokens: number,
): AgreementRow {
  return {
    ...emptyRow(base.scope, metric),
    ...base,
    label,
    value: score.f1,
    precision: score.precision,
    recall: score.recall,
    tp: score.tp,
    fp: score.fp,
    fn: score.fn,
    documents,
    tokens,
    note: score.f1 === null ? "no spans" : null,
  };
}
