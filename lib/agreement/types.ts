/**
 * Plain input data for inter-annotator agreement.
 *
 * Offsets are integer positions (Unicode code points, as produced elsewhere in Spanlab); this
 * module never looks at text, it only compares integers. Intervals are half-open: `[start, end)`.
 */

/** One annotated span. `label` must not be the reserved outside label `"O"`. */
export interface AgreementSpan {
  start: number;
  end: number;
  label: string;
}

/** Everything one annotator marked in one document. An empty `spans` list means "annotated, found nothing". */
export interface AnnotatorLayer {
  annotator: string;
  spans: AgreementSpan[];
}

/** One token, as `[start, end)` offsets. */
export interface TokenOffsets {
  start: number;
  end: number;
}

/**
 * One document with the layers of every annotator who worked on it. An annotator without a layer
 * did not annotate the document and is treated as missing (not as "found nothing").
 *
 * `tokens` come from the caller's tokenizer and must be ordered: starts and ends both
 * non-decreasing (the usual output of any left-to-right tokenizer).
 */
export interface AgreementDocument {
  id: string;
  length: number;
  tokens: TokenOffsets[];
  layers: AnnotatorLayer[];
}
