/**
 * Turns one layer's spans into one categorical label per token, for token-level κ / α.
 *
 * Coverage: a token is covered by a span when their half-open intervals share at least one
 * offset (`max(starts) < min(ends)`): a token inside the span or only partly overlapping it both
 * count. Empty spans and empty tokens cover / are covered by nothing. Uncovered tokens get `"O"`.
 *
 * Several covering spans (nested or overlapping annotations): the token takes the label of the
 * SHORTEST covering span (end - start); on equal length, the label whose name sorts first in
 * UTF-16 code-unit order. A token covered by spans of two or more DISTINCT labels is a conflict
 * and is counted; a token covered only by nested spans of one label is not (nothing was lost).
 *
 * Tokens must be ordered: starts non-decreasing and ends non-decreasing (checked, RangeError
 * otherwise). Per span the first candidate token is found by binary search, so the cost is
 * O(tokens + spans · (log tokens + tokens covered)).
 */
import type { AgreementSpan, TokenOffsets } from "./types";
import { createLabelCodebook, lookupLabelName, OUTSIDE_CODE, type LabelCodebook } from "./label-codebook";
import { encodeSpans, type EncodedSpans } from "./encoded-spans";

export interface TokenLabelResult {
  /** One entry per token: a span label or `"O"`. */
  labels: string[];
  /** Number of tokens covered by spans of two or more distinct labels. */
  conflicts: number;
  /** Indices of those tokens, ascending. */
  conflictTokenIndices: number[];
}

export interface TokenLabelCodes {
  /** One code per token (see `LabelCodebook`; 0 = `"O"`). */
  codes: Int32Array;
  conflicts: number;
}

export interface TokenLabelOptions {
  /** Labels to project; spans with other labels are ignored. Default: labels found in `spans`. */
  labels?: readonly string[];
}

/** String form, convenient for display and tests. */
export function assignTokenLabels(
  tokens: readonly TokenOffsets[],
  spans: readonly AgreementSpan[],
  options: TokenLabelOptions = {},
): TokenLabelResult {
  const codebook = createLabelCodebook(options.labels ?? spans.map((span) => span.label));
  const buffer = createTokenBuffer();
  loadTokens(buffer, tokens);
  const codes = new Int32Array(buffer.count);
  const scratch = createTokenLabelScratch();
  fillTokenLabelCodes(buffer, encodeSpans(spans, codebook), codes, 0, scratch);
  const conflictTokenIndices: number[] = [];
  for (let t = 0; t < buffer.count; t++) if (scratch.seen[t] === CONFLICT) conflictTokenIndices.push(t);
  return {
    labels: Array.from(codes, (code) => lookupLabelName(codebook, code)),
    conflicts: conflictTokenIndices.length,
    conflictTokenIndices,
  };
}

/** Integer form used for agreement computations. */
export function assignTokenLabelCodes(
  tokens: readonly TokenOffsets[],
  spans: readonly AgreementSpan[],
  codebook: LabelCodebook,
): TokenLabelCodes {
  const buffer = createTokenBuffer();
  loadTokens(buffer, tokens);
  const codes = new Int32Array(buffer.count);
  const conflicts = fillTokenLabelCodes(buffer, encodeSpans(spans, codebook), codes, 0, createTokenLabelScratch());
  return { codes, conflicts };
}

// ---------------------------------------------------------------------------------------------
// Reusable-buffer building blocks for compute-agreement.ts (not re-exported from index.ts).

/** Token offsets copied into typed arrays; the arrays grow and are reused across documents. */
export interface TokenBuffer {
  count: number;
  starts: Float64Array;
  ends: Float64Array;
}

export interface TokenLabelScratch {
  bestLength: Float64Array;
  /** Per token: 0 = not covered, > 0 = the one label code seen so far, CONFLICT = two or more. */
  seen: Int32Array;
}

const CONFLICT = -1;

export function createTokenBuffer(): TokenBuffer {
  return { count: 0, starts: new Float64Array(0), ends: new Float64Array(0) };
}

export function createTokenLabelScratch(): TokenLabelScratch {
  return { bestLength: new Float64Array(0), seen: new Int32Array(0) };
}

/** Validates `tokens` (see module comment) and copies them into `buffer`. */
export function loadTokens(
  buffer: TokenBuffer,
  tokens: readonly TokenOffsets[],
  bounds: { length?: number; documentId?: string } = {},
): void {
  const count = tokens.length;
  if (buffer.starts.length < count) {
    const capacity = Math.max(count, buffer.starts.length * 2);
    buffer.starts = new Float64Array(capacity);
    buffer.ends = new Float64Array(capacity);
  }
  let previousStart = 0;
  let previousEnd = 0;
  for (let t = 0; t < count; t++) {
    const token = tokens[t];
    if (token === undefined) throw new TypeError(`${describeDocument(bounds.documentId)}token #${t} is missing`);
    const { start, end } = token;
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
      throw new RangeError(`${describeDocument(bounds.documentId)}token #${t} has invalid offsets [${start}, ${end})`);
    }
    if (bounds.length !== undefined && end > bounds.length) {
      throw new RangeError(`${describeDocument(bounds.documentId)}token #${t} [${start}, ${end}) ends after the document length ${bounds.length}`);
    }
    if (start < previousStart || end < previousEnd) {
      throw new RangeError(`${describeDocument(bounds.documentId)}tokens must be ordered by offset; token #${t} [${start}, ${end}) comes too late`);
    }
    buffer.starts[t] = start;
    buffer.ends[t] = end;
    previousStart = start;
    previousEnd = end;
  }
  buffer.count = count;
}

/**
 * Writes one code per token into `out[offset .. offset + tokens.count)` and returns the number of
 * conflicting tokens. Afterwards `scratch.seen` tells which tokens conflict.
 */
export function fillTokenLabelCodes(
  tokens: TokenBuffer,
  spans: EncodedSpans,
  out: Int32Array,
  offset: number,
  scratch: TokenLabelScratch,
): number {
  const count = tokens.count;
  if (scratch.seen.length < count) {
    const capacity = Math.max(count, scratch.seen.length * 2);
    scratch.bestLength = new Float64Array(capacity);
    scratch.seen = new Int32Array(capacity);
  }
  const { starts, ends } = tokens;
  const { bestLength, seen } = scratch;
  out.fill(OUTSIDE_CODE, offset, offset + count);
  bestLength.fill(Infinity, 0, count);
  seen.fill(0, 0, count);

  // Typed-array reads use `!`: indices are bounded by `count` / `spans.count`.
  for (let k = 0; k < spans.count; k++) {
    const spanStart = spans.starts[k]!;
    const spanEnd = spans.ends[k]!;
    if (spanEnd <= spanStart) continue;
    const code = spans.codes[k]!;
    const length = spanEnd - spanStart;
    // First token ending after the span starts (ends are non-decreasing).
    let low = 0;
    let high = count;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (ends[middle]! > spanStart) high = middle;
      else low = middle + 1;
    }
    for (let t = low; t < count && starts[t]! < spanEnd; t++) {
      if (ends[t]! <= starts[t]!) continue; // empty token
      const previous = seen[t]!;
      if (previous === 0) seen[t] = code;
      else if (previous !== code) seen[t] = CONFLICT;
      const best = bestLength[t]!;
      if (length < best || (length === best && code < out[offset + t]!)) {
        bestLength[t] = length;
        out[offset + t] = code;
      }
    }
  }

  let conflicts = 0;
  for (let t = 0; t < count; t++) if (seen[t] === CONFLICT) conflicts++;
  return conflicts;
}

function describeDocument(documentId: string | undefined): string {
  return documentId === undefined ? "" : `document "${documentId}": `;
}
