/**
 * Integer codes for span labels, so that per-token work runs on typed arrays instead of strings.
 *
 * Code 0 is the outside label `"O"` (token covered by no span). Real labels get codes 1..L in
 * ascending UTF-16 code-unit order of their names (a plain `<` comparison, independent of the
 * runtime locale), so "smaller code" and "smaller label name" are the same thing.
 */

export const OUTSIDE_LABEL = "O";
export const OUTSIDE_CODE = 0;

export interface LabelCodebook {
  /** Real labels in code order: `labels[i]` has code `i + 1`. */
  readonly labels: readonly string[];
  readonly codes: ReadonlyMap<string, number>;
}

/** Locale-independent string order (UTF-16 code units), used for every sort in this module. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Builds a codebook from label names (duplicates are ignored).
 * Throws a RangeError for the reserved outside label `"O"`, which would be indistinguishable from
 * "no span" in token sequences.
 */
export function createLabelCodebook(labels: Iterable<string>): LabelCodebook {
  const unique = new Set<string>();
  for (const label of labels) {
    assertUsableLabel(label);
    unique.add(label);
  }
  const sorted = [...unique].sort(compareCodeUnits);
  const codes = new Map<string, number>();
  sorted.forEach((label, index) => codes.set(label, index + 1));
  return { labels: sorted, codes };
}

/** The code of `label`, or -1 when the codebook does not contain it (such spans are ignored). */
export function lookupLabelCode(codebook: LabelCodebook, label: string): number {
  return codebook.codes.get(label) ?? -1;
}

/** The label name of a code; `"O"` for code 0. Throws for codes outside the codebook. */
export function lookupLabelName(codebook: LabelCodebook, code: number): string {
  if (code === OUTSIDE_CODE) return OUTSIDE_LABEL;
  const label = codebook.labels[code - 1];
  if (label === undefined) throw new RangeError(`Unknown label code ${code}`);
  return label;
}

export function assertUsableLabel(label: string): void {
  if (typeof label !== "string") throw new TypeError(`Span label must be a string, got ${typeof label}`);
  if (label === OUTSIDE_LABEL) {
    throw new RangeError(`"${OUTSIDE_LABEL}" is reserved for tokens outside every span and cannot be a span label`);
  }
}
