/**
 * Public API of the annotation core. Pure TypeScript: no React, Next.js, database or DOM.
 * All offsets are Unicode CODE POINT offsets into the document text unless stated otherwise.
 */
export {
  codePointLength,
  createOffsetIndex,
  getOffsetIndex,
  sliceByCodePoints,
  type OffsetIndex,
} from "./offsets";
export {
  graphemeAt,
  isGraphemeBoundary,
  nextGraphemeBoundary,
  previousGraphemeBoundary,
  snapToGraphemes,
  type GraphemeBounds,
} from "./graphemes";
export { nextWordBoundary, previousWordBoundary, snapToWords, type CpRange } from "./words";
export { splitSentences, tokenizeWords, TOKENIZER_DESCRIPTION, type Sentence, type Token } from "./tokenize";
export {
  buildQuoteSelector,
  CONTEXT_LENGTH,
  reanchor,
  validateSpan,
  type AnchorHint,
  type QuoteSelector,
  type Reanchored,
  type ReanchorOptions,
  type SpanErrorCode,
  type SpanToValidate,
  type SpanValidation,
} from "./selectors";
export { computeStacking, createIntervalIndex, IntervalIndex } from "./interval-index";
export {
  compareSpans,
  sortSpans,
  spansOverlap,
  type IdentifiedInterval,
  type Interval,
  type LabelKind,
  type SpanLike,
} from "./spans";
