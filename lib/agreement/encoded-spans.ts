/**
 * Internal compact form of a span list: parallel typed arrays sorted by (label code, start, end,
 * input position). Building it validates the spans and drops labels outside the codebook.
 * `encodeSpansInto` refills a reusable buffer so that corpus-wide runs allocate nothing per layer.
 */
import type { AgreementSpan } from "./types";
import { lookupLabelCode, OUTSIDE_LABEL, type LabelCodebook } from "./label-codebook";

export interface EncodedSpans {
  /** Valid entries; the arrays may be longer (reused buffers). */
  count: number;
  codes: Int32Array;
  starts: Float64Array;
  ends: Float64Array;
  /** Position of each encoded span in the caller's original array. */
  sourceIndices: Int32Array;
}

export interface SpanBounds {
  /** Upper bound for `end` (the document length), when known. */
  length?: number;
  /** For error messages only. */
  documentId?: string;
  /** For error messages only. */
  annotator?: string;
}

export function createEncodedSpans(capacity = 0): EncodedSpans {
  return {
    count: 0,
    codes: new Int32Array(capacity),
    starts: new Float64Array(capacity),
    ends: new Float64Array(capacity),
    sourceIndices: new Int32Array(capacity),
  };
}

/** Encodes into a fresh buffer (see `encodeSpansInto`). */
export function encodeSpans(
  spans: readonly AgreementSpan[],
  codebook: LabelCodebook,
  bounds: SpanBounds = {},
): EncodedSpans {
  return encodeSpansInto(createEncodedSpans(spans.length), spans, codebook, bounds);
}

/**
 * Validates `spans` and writes those with a codebook label into `target`, sorted. Every span
 * (also of ignored labels) must have safe-integer offsets with `0 <= start <= end` (and
 * `end <= length` when given); otherwise a RangeError is thrown, because a silently skipped
 * malformed span would distort the agreement figures.
 */
export function encodeSpansInto(
  target: EncodedSpans,
  spans: readonly AgreementSpan[],
  codebook: LabelCodebook,
  bounds: SpanBounds = {},
): EncodedSpans {
  if (target.codes.length < spans.length) {
    const capacity = Math.max(spans.length, target.codes.length * 2);
    target.codes = new Int32Array(capacity);
    target.starts = new Float64Array(capacity);
    target.ends = new Float64Array(capacity);
    target.sourceIndices = new Int32Array(capacity);
  }
  const { codes, starts, ends, sourceIndices } = target;
  let count = 0;
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i];
    if (span === undefined) throw new TypeError(`${describe(bounds)}span #${i} is missing`);
    assertValidSpan(span, i, bounds);
    const code = lookupLabelCode(codebook, span.label);
    if (code < 0) continue;
    codes[count] = code;
    starts[count] = span.start;
    ends[count] = span.end;
    sourceIndices[count] = i;
    count++;
  }
  target.count = count;
  if (count <= INSERTION_SORT_LIMIT) sortByInsertion(target);
  else sortByPermutation(target);
  return target;
}

/**
 * Layers hold tens of spans per document: insertion sort in place is fastest there and allocates
 * nothing. Longer lists use the native sort on an index permutation (O(n log n)).
 */
const INSERTION_SORT_LIMIT = 64;

/** Order: label code, start, end, then input position (so the order is fully determined). */
function compareSlots(target: EncodedSpans, x: number, y: number): number {
  return (
    target.codes[x]! - target.codes[y]! ||
    target.starts[x]! - target.starts[y]! ||
    target.ends[x]! - target.ends[y]! ||
    target.sourceIndices[x]! - target.sourceIndices[y]!
  );
}

function sortByInsertion(target: EncodedSpans): void {
  const { codes, starts, ends, sourceIndices } = target;
  for (let i = 1; i < target.count; i++) {
    const code = codes[i]!;
    const start = starts[i]!;
    const end = ends[i]!;
    const source = sourceIndices[i]!;
    let k = i;
    while (k > 0 && (codes[k - 1]! - code || starts[k - 1]! - start || ends[k - 1]! - end || sourceIndices[k - 1]! - source) > 0) {
      codes[k] = codes[k - 1]!;
      starts[k] = starts[k - 1]!;
      ends[k] = ends[k - 1]!;
      sourceIndices[k] = sourceIndices[k - 1]!;
      k--;
    }
    codes[k] = code;
    starts[k] = start;
    ends[k] = end;
    sourceIndices[k] = source;
  }
}

function sortByPermutation(target: EncodedSpans): void {
  const order = Array.from({ length: target.count }, (_, slot) => slot).sort((x, y) => compareSlots(target, x, y));
  const codes = target.codes.slice(0, target.count);
  const starts = target.starts.slice(0, target.count);
  const ends = target.ends.slice(0, target.count);
  const sourceIndices = target.sourceIndices.slice(0, target.count);
  order.forEach((slot, k) => {
    target.codes[k] = codes[slot]!;
    target.starts[k] = starts[slot]!;
    target.ends[k] = ends[slot]!;
    target.sourceIndices[k] = sourceIndices[slot]!;
  });
}

function assertValidSpan(span: AgreementSpan, index: number, bounds: SpanBounds): void {
  if (typeof span.label !== "string") throw new TypeError(`${describe(bounds)}span #${index} has a non-string label`);
  if (span.label === OUTSIDE_LABEL) {
    throw new RangeError(`${describe(bounds)}span #${index}: "${OUTSIDE_LABEL}" is reserved and cannot be a span label`);
  }
  const { start, end } = span;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end)) {
    throw new RangeError(`${describe(bounds)}span #${index} has non-integer offsets [${start}, ${end})`);
  }
  if (start < 0 || end < start) {
    throw new RangeError(`${describe(bounds)}span #${index} has invalid offsets [${start}, ${end})`);
  }
  if (bounds.length !== undefined && end > bounds.length) {
    throw new RangeError(
      `${describe(bounds)}span #${index} [${start}, ${end}) ends after the document length ${bounds.length}`,
    );
  }
}

function describe(bounds: SpanBounds): string {
  const parts: string[] = [];
  if (bounds.documentId !== undefined) parts.push(`document "${bounds.documentId}"`);
  if (bounds.annotator !== undefined) parts.push(`annotator "${bounds.annotator}"`);
  return parts.length === 0 ? "" : `${parts.join(", ")}: `;
}
