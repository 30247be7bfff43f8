export type { AgreementDocument, AgreementSpan, AnnotatorLayer, TokenOffsets } from "./types";
export { OUTSIDE_LABEL, createLabelCodebook, type LabelCodebook } from "./label-codebook";
export {
  computePairwiseSpanF1,
  computeSpanF1,
  matchSpans,
  scoreSpanCounts,
  type LabelSpanScore,
  type PairwiseSpanF1,
  type SpanCounts,
  type SpanF1Options,
  type SpanF1Result,
  type SpanMatch,
  type SpanMatchMode,
  type SpanScore,
} from "./span-f1";
export {
  assignTokenLabelCodes,
  assignTokenLabels,
  type TokenLabelCodes,
  type TokenLabelOptions,
  type TokenLabelResult,
} from "./token-labels";
export {
  computeCohenKappa,
  computeCohenKappaFromTable,
  computeFleissKappa,
  computeFleissKappaFromRatings,
  computeKrippendorffAlpha,
  type AgreementCoefficient,
  type AgreementUndefinedReason,
  type FleissKappaResult,
  type KrippendorffAlphaResult,
  type MaybeRating,
  type Rating,
} from "./kappa";
export {
  agreementAgainstGold,
  computeAgreement,
  type AgreementOptions,
  type AgreementReport,
  type AnnotatorConflicts,
  type ConflictSummary,
  type Coverage,
  type GoldAgreementReport,
  type GoldAnnotatorAgreement,
  type LabelAgreement,
  type LabelPairAverage,
  type OverallAgreement,
  type PairAgreement,
  type SpanAgreement,
} from "./compute-agreement";
export {
  agreementReportToRows,
  goldAgreementReportToRows,
  type AgreementMetric,
  type AgreementRow,
  type AgreementRowScope,
} from "./to-rows";
