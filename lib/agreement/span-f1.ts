/**
 * Span-level precision / recall / F1 between a reference and a candidate span list.
 *
 * Matching is one-to-one (every span is matched at most once) and independent of input order.
 *
 * - `exact`: same label, same start, same end. Duplicated spans form a multiset: two identical
 *   reference spans against one identical candidate span give tp = 1, fn = 1.
 * - `overlap`: same label and intersecting half-open intervals (`min(end) - max(start) > 0`).
 *   Empty spans (`start === end`) cover nothing, so they only match an identical empty span.
 *   Per label we compute an OPTIMAL matching, not a greedy one: first the maximum number of
 *   matched pairs (maximum-cardinality bipartite matching), and among those the one with the
 *   largest total overlap length (ties beyond that are broken arbitrarily but deterministically;
 *   they cannot change any count). A greedy "largest overlap first" can lose matches, e.g.
 *   reference [0,10) [9,12) vs candidate [5,11) [0,3): greedy pairs [0,10)–[5,11) and strands
 *   the rest (tp = 1); the optimum is [0,10)–[0,3) and [9,12)–[5,11) (tp = 2). Because the
 *   matched count is the maximum, overlap tp >= exact tp always holds, and tp does not depend on
 *   which list is the reference.
 *   Implementation: spans of one label are cut into clusters of transitively overlapping
 *   intervals (a sweep over start offsets); single-pair clusters (the common case) are decided
 *   directly, larger ones by a weighted assignment (see `solve-assignment.ts`, O(k³) for a
 *   cluster of k spans). Only long chains of mutually overlapping same-label spans make k large;
 *   adjacent (touching) spans do not chain.
 *
 * Scores: precision = tp / (tp + fp), recall = tp / (tp + fn), F1 = 2tp / (2tp + fp + fn).
 * A ratio whose denominator is 0 is `null` (undefined, e.g. precision when the candidate has no
 * spans of that label), never NaN. F1 is symmetric in the two lists; swapping them swaps fp/fn and
 * therefore precision/recall.
 */
import type { AgreementSpan, AnnotatorLayer } from "./types";
import { createLabelCodebook, type LabelCodebook } from "./label-codebook";
import { encodeSpans, type EncodedSpans } from "./encoded-spans";
import { solveMinCostAssignment } from "./solve-assignment";

export type SpanMatchMode = "exact" | "overlap";

export interface SpanCounts {
  tp: number;
  fp: number;
  fn: number;
}

export interface SpanScore extends SpanCounts {
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export interface LabelSpanScore extends SpanScore {
  label: string;
}

export interface SpanF1Result {
  mode: SpanMatchMode;
  /** Micro average: counts summed over all labels, then scored. */
  micro: SpanScore;
  /** Unweighted mean of the per-label F1 values that are defined; null if none is. */
  macroF1: number | null;
  /** One entry per label considered, sorted by label name (UTF-16 code units). */
  perLabel: LabelSpanScore[];
}

export interface SpanF1Options {
  /**
   * Labels to score. Spans with other labels are ignored; listed labels that nobody used still get
   * a (null-scored) row. Default: every label found in the inputs.
   */
  labels?: readonly string[];
}

export interface SpanMatch {
  /** Index into the reference array passed by the caller. */
  referenceIndex: number;
  /** Index into the candidate array passed by the caller. */
  candidateIndex: number;
  /** Length of the intersection (0 only for two identical empty spans). */
  overlap: number;
}

export interface PairwiseSpanF1 {
  /** Annotator used as the reference (precision/recall are relative to this one). */
  annotatorA: string;
  annotatorB: string;
  exact: SpanF1Result;
  overlap: SpanF1Result;
}

/** tp/fp/fn per label code (index = code; index 0, the outside label, stays 0). */
export interface SpanCountAccumulator {
  tp: Float64Array;
  fp: Float64Array;
  fn: Float64Array;
}

type MatchSink = (referenceSlot: number, candidateSlot: number, overlap: number) => void;

export function scoreSpanCounts(counts: SpanCounts): SpanScore {
  const { tp, fp, fn } = counts;
  return {
    tp,
    fp,
    fn,
    precision: tp + fp > 0 ? tp / (tp + fp) : null,
    recall: tp + fn > 0 ? tp / (tp + fn) : null,
    f1: 2 * tp + fp + fn > 0 ? (2 * tp) / (2 * tp + fp + fn) : null,
  };
}

export function computeSpanF1(
  reference: readonly AgreementSpan[],
  candidate: readonly AgreementSpan[],
  mode: SpanMatchMode,
  options: SpanF1Options = {},
): SpanF1Result {
  const codebook = createLabelCodebook(options.labels ?? collectLabels([reference, candidate]));
  const accumulator = createSpanCountAccumulator(codebook);
  countEncodedSpanMatches(encodeSpans(reference, codebook), encodeSpans(candidate, codebook), mode, accumulator);
  return summarizeSpanCounts(accumulator, codebook, mode);
}

/** The matched pairs behind `computeSpanF1`, ordered by reference index (e.g. to highlight disagreements). */
export function matchSpans(
  reference: readonly AgreementSpan[],
  candidate: readonly AgreementSpan[],
  mode: SpanMatchMode,
  options: SpanF1Options = {},
): SpanMatch[] {
  const codebook = createLabelCodebook(options.labels ?? collectLabels([reference, candidate]));
  const encodedReference = encodeSpans(reference, codebook);
  const encodedCandidate = encodeSpans(candidate, codebook);
  const matches: SpanMatch[] = [];
  countEncodedSpanMatches(
    encodedReference,
    encodedCandidate,
    mode,
    createSpanCountAccumulator(codebook),
    (referenceSlot, candidateSlot, overlap) => {
      matches.push({
        referenceIndex: encodedReference.sourceIndices[referenceSlot]!,
        candidateIndex: encodedCandidate.sourceIndices[candidateSlot]!,
        overlap,
      });
    },
  );
  return matches.sort((x, y) => x.referenceIndex - y.referenceIndex);
}

/**
 * Span F1 for every pair of layers (in the given order, `layers[i]` as reference for `j > i`).
 * F1 is symmetric, so one direction per pair is enough; for the other direction swap
 * precision/recall and fp/fn.
 */
export function computePairwiseSpanF1(
  layers: readonly AnnotatorLayer[],
  options: SpanF1Options = {},
): PairwiseSpanF1[] {
  const codebook = createLabelCodebook(options.labels ?? collectLabels(layers.map((layer) => layer.spans)));
  const encoded = layers.map((layer) => encodeSpans(layer.spans, codebook, { annotator: layer.annotator }));
  const result: PairwiseSpanF1[] = [];
  for (let a = 0; a < layers.length; a++) {
    for (let b = a + 1; b < layers.length; b++) {
      const exact = createSpanCountAccumulator(codebook);
      const overlap = createSpanCountAccumulator(codebook);
      countEncodedSpanMatches(encoded[a]!, encoded[b]!, "exact", exact);
      countEncodedSpanMatches(encoded[a]!, encoded[b]!, "overlap", overlap);
      result.push({
        annotatorA: layers[a]!.annotator,
        annotatorB: layers[b]!.annotator,
        exact: summarizeSpanCounts(exact, codebook, "exact"),
        overlap: summarizeSpanCounts(overlap, codebook, "overlap"),
      });
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Building blocks shared with compute-agreement.ts (not re-exported from index.ts).

export function createSpanCountAccumulator(codebook: LabelCodebook): SpanCountAccumulator {
  const size = codebook.labels.length + 1;
  return { tp: new Float64Array(size), fp: new Float64Array(size), fn: new Float64Array(size) };
}

export function summarizeSpanCounts(
  accumulator: SpanCountAccumulator,
  codebook: LabelCodebook,
  mode: SpanMatchMode,
): SpanF1Result {
  const perLabel: LabelSpanScore[] = [];
  const total: SpanCounts = { tp: 0, fp: 0, fn: 0 };
  let f1Sum = 0;
  let f1Count = 0;
  codebook.labels.forEach((label, index) => {
    const code = index + 1;
    const counts = { tp: accumulator.tp[code] ?? 0, fp: accumulator.fp[code] ?? 0, fn: accumulator.fn[code] ?? 0 };
    total.tp += counts.tp;
    total.fp += counts.fp;
    total.fn += counts.fn;
    const score = scoreSpanCounts(counts);
    if (score.f1 !== null) {
      f1Sum += score.f1;
      f1Count++;
    }
    perLabel.push({ label, ...score });
  });
  return { mode, micro: scoreSpanCounts(total), macroF1: f1Count > 0 ? f1Sum / f1Count : null, perLabel };
}

/** Adds the tp/fp/fn of matching `reference` against `candidate` to `accumulator`. */
export function countEncodedSpanMatches(
  reference: EncodedSpans,
  candidate: EncodedSpans,
  mode: SpanMatchMode,
  accumulator: SpanCountAccumulator,
  onMatch?: MatchSink,
): void {
  if (mode === "exact") countExactMatches(reference, candidate, accumulator, onMatch);
  else countOverlapMatches(reference, candidate, accumulator, onMatch);
}

function collectLabels(spanLists: readonly (readonly AgreementSpan[])[]): string[] {
  const labels = new Set<string>();
  for (const spans of spanLists) for (const span of spans) labels.add(span.label);
  return [...labels];
}

// Typed-array reads below use `!`: every index is bounded by the surrounding loop condition.

function countExactMatches(
  reference: EncodedSpans,
  candidate: EncodedSpans,
  { tp, fp, fn }: SpanCountAccumulator,
  onMatch: MatchSink | undefined,
): void {
  // Both lists are sorted by (code, start, end): a merge join pairs equal keys one-to-one.
  let i = 0;
  let j = 0;
  while (i < reference.count && j < candidate.count) {
    const referenceCode = reference.codes[i]!;
    const candidateCode = candidate.codes[j]!;
    const order =
      referenceCode - candidateCode ||
      reference.starts[i]! - candidate.starts[j]! ||
      reference.ends[i]! - candidate.ends[j]!;
    if (order === 0) {
      tp[referenceCode]!++;
      onMatch?.(i, j, reference.ends[i]! - reference.starts[i]!);
      i++;
      j++;
    } else if (order < 0) {
      fn[referenceCode]!++;
      i++;
    } else {
      fp[candidateCode]!++;
      j++;
    }
  }
  for (; i < reference.count; i++) fn[reference.codes[i]!]!++;
  for (; j < candidate.count; j++) fp[candidate.codes[j]!]!++;
}

function countOverlapMatches(
  reference: EncodedSpans,
  candidate: EncodedSpans,
  accumulator: SpanCountAccumulator,
  onMatch: MatchSink | undefined,
): void {
  let i = 0;
  let j = 0;
  while (i < reference.count || j < candidate.count) {
    const code =
      j >= candidate.count || (i < reference.count && reference.codes[i]! <= candidate.codes[j]!)
        ? reference.codes[i]!
        : candidate.codes[j]!;
    let iEnd = i;
    while (iEnd < reference.count && reference.codes[iEnd] === code) iEnd++;
    let jEnd = j;
    while (jEnd < candidate.count && candidate.codes[jEnd] === code) jEnd++;
    if (i === iEnd) accumulator.fp[code]! += jEnd - j;
    else if (j === jEnd) accumulator.fn[code]! += iEnd - i;
    else {
      // Sweep both start-sorted runs. A span starting at or after the end of every span seen so
      // far overlaps none of them (half-open intervals), so it opens a new cluster; the one
      // exception is an empty span at the same offset as an earlier empty span (they match).
      // Splitting at touching ends keeps adjacent spans (e.g. one per sentence) in separate
      // clusters. Spans are taken in order from each run, so a cluster is a contiguous slot
      // range of each side.
      let a = i;
      let b = j;
      let clusterA = i;
      let clusterB = j;
      let maxEnd = -Infinity;
      let lastEmptyStart = -Infinity;
      while (a < iEnd || b < jEnd) {
        const takeReference = b >= jEnd || (a < iEnd && reference.starts[a]! <= candidate.starts[b]!);
        const start = takeReference ? reference.starts[a]! : candidate.starts[b]!;
        const end = takeReference ? reference.ends[a]! : candidate.ends[b]!;
        const joinsEmpty = end === start && lastEmptyStart === start;
        if ((start > maxEnd || (start === maxEnd && !joinsEmpty)) && (a > clusterA || b > clusterB)) {
          resolveCluster(reference, clusterA, a, candidate, clusterB, b, code, accumulator, onMatch);
          clusterA = a;
          clusterB = b;
        }
        if (takeReference) a++;
        else b++;
        if (end > maxEnd) maxEnd = end;
        if (end === start) lastEmptyStart = start;
      }
      resolveCluster(reference, clusterA, a, candidate, clusterB, b, code, accumulator, onMatch);
    }
    i = iEnd;
    j = jEnd;
  }
}

/** Overlap length of two same-label spans, or -1 if they do not overlap (see module comment). */
function measureOverlap(reference: EncodedSpans, r: number, candidate: EncodedSpans, c: number): number {
  const referenceStart = reference.starts[r]!;
  const referenceEnd = reference.ends[r]!;
  const candidateStart = candidate.starts[c]!;
  const candidateEnd = candidate.ends[c]!;
  const overlap = Math.min(referenceEnd, candidateEnd) - Math.max(referenceStart, candidateStart);
  if (overlap > 0) return overlap;
  return referenceStart === candidateStart && referenceEnd === candidateEnd ? 0 : -1;
}

/** Matches reference slots [r0, r1) against candidate slots [c0, c1) of one label. */
function resolveCluster(
  reference: EncodedSpans,
  r0: number,
  r1: number,
  candidate: EncodedSpans,
  c0: number,
  c1: number,
  code: number,
  accumulator: SpanCountAccumulator,
  onMatch: MatchSink | undefined,
): void {
  const referenceCount = r1 - r0;
  const candidateCount = c1 - c0;
  let matched = 0;
  if (referenceCount === 1 && candidateCount === 1) {
    const overlap = measureOverlap(reference, r0, candidate, c0);
    if (overlap >= 0) {
      matched = 1;
      onMatch?.(r0, c0, overlap);
    }
  } else if (referenceCount > 0 && candidateCount > 0) {
    matched = matchClusterOptimally(reference, r0, r1, candidate, c0, c1, onMatch);
  }
  accumulator.tp[code]! += matched;
  accumulator.fn[code]! += referenceCount - matched;
  accumulator.fp[code]! += candidateCount - matched;
}

/**
 * Maximum-cardinality matching with maximum total overlap, as one max-weight assignment: an edge
 * weighs BIG + overlap with BIG > any achievable overlap sum, so one extra pair always beats any
 * overlap gain; non-edges weigh 0 and are discarded afterwards.
 */
function matchClusterOptimally(
  reference: EncodedSpans,
  r0: number,
  r1: number,
  candidate: EncodedSpans,
  c0: number,
  c1: number,
  onMatch: MatchSink | undefined,
): number {
  // The smaller side becomes the rows (the solver needs rows <= cols).
  const referenceIsRows = r1 - r0 <= c1 - c0;
  const rows = referenceIsRows ? r1 - r0 : c1 - c0;
  const cols = referenceIsRows ? c1 - c0 : r1 - r0;
  const referenceSlot = (row: number, col: number): number => r0 + (referenceIsRows ? row : col);
  const candidateSlot = (row: number, col: number): number => c0 + (referenceIsRows ? col : row);
  const overlaps = new Float64Array(rows * cols);
  let maxOverlap = 0;
  for (let row = 0; row < rows; row++) {
    for (let col = 0; col < cols; col++) {
      const overlap = measureOverlap(reference, referenceSlot(row, col), candidate, candidateSlot(row, col));
      overlaps[row * cols + col] = overlap;
      if (overlap > maxOverlap) maxOverlap = overlap;
    }
  }
  const big = 1 + rows * maxOverlap;
  const cost = new Float64Array(rows * cols);
  for (let k = 0; k < cost.length; k++) {
    const overlap = overlaps[k]!;
    cost[k] = overlap >= 0 ? -(big + overlap) : 0;
  }
  const colOfRow = solveMinCostAssignment(rows, cols, cost);
  let matched = 0;
  for (let row = 0; row < rows; row++) {
    const col = colOfRow[row]!;
    if (col < 0) continue;
    const overlap = overlaps[row * cols + col]!;
    if (overlap < 0) continue;
    matched++;
    onMatch?.(referenceSlot(row, col), candidateSlot(row, col), overlap);
  }
  return matched;
}
