/**
 * Quote selectors, span validation and re-anchoring.
 *
 * Units: all offsets are Unicode CODE POINT offsets into the exact document text; context lengths
 * are in code points too (what a Python consumer gets from `text[start - 32:start]`).
 */
import { graphemeAt, isGraphemeBoundary } from "./graphemes";
import { getOffsetIndex, type OffsetIndex } from "./offsets";

/** Code points of context stored on each side of a quote. */
export const CONTEXT_LENGTH = 32;

/** A W3C-style text quote selector: the exact text plus up to 32 code points of context. */
export interface QuoteSelector {
  exact: string;
  prefix: string;
  suffix: string;
}

/**
 * Build the quote selector for `[start, end)`: `exact` is the slice, `prefix`/`suffix` the up to
 * {@link CONTEXT_LENGTH} code points before/after (shorter at the document edges).
 * @throws RangeError unless 0 ≤ start ≤ end ≤ length (integers).
 */
export function buildQuoteSelector(text: string, start: number, end: number): QuoteSelector {
  const index = getOffsetIndex(text);
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > index.codePointLength || start > end) {
    throw new RangeError(
      `Cannot build a quote for ${String(start)}–${String(end)} in a text of ${index.codePointLength} code points`,
    );
  }
  return {
    exact: index.sliceCp(start, end),
    prefix: index.sliceCp(Math.max(0, start - CONTEXT_LENGTH), start),
    suffix: index.sliceCp(end, Math.min(index.codePointLength, end + CONTEXT_LENGTH)),
  };
}

export type SpanErrorCode = "out_of_range" | "empty_or_inverted" | "splits_character" | "quote_mismatch";

export type SpanValidation = { ok: true } | { ok: false; code: SpanErrorCode; message: string };

/** A span to validate; `quote`, when given, must equal the text at `[start, end)`. */
export interface SpanToValidate {
  start: number;
  end: number;
  quote?: string;
}

const MAX_SHOWN = 40;

/** Quote `s` for a message, shortened (on code points) to keep messages readable. */
function show(s: string): string {
  const cps = Array.from(s);
  const body = cps.length > MAX_SHOWN ? `${cps.slice(0, MAX_SHOWN - 1).join("")}…` : s;
  return JSON.stringify(body);
}

/**
 * Check a span against the text. Checks, in order:
 * 1. `out_of_range` — offsets are not integers in [0, length];
 * 2. `empty_or_inverted` — `start >= end`;
 * 3. `quote_mismatch` — `quote` is given and differs from `text[start:end]` (the message hints
 *    when the offsets look like UTF-16 units, or where the quote does occur);
 * 4. `splits_character` — `start` or `end` falls inside a grapheme cluster (ZWJ emoji sequence,
 *    flag, skin-tone modifier, base + combining marks…); the message names the cluster.
 */
export function validateSpan(text: string, span: SpanToValidate): SpanValidation {
  const index = getOffsetIndex(text);
  const n = index.codePointLength;
  const { start, end, quote } = span;
  if (!Number.isInteger(start) || !Number.isInteger(end)) {
    return fail("out_of_range", `Span offsets must be integers; got start ${String(start)}, end ${String(end)}.`);
  }
  if (start < 0 || end < 0 || start > n || end > n) {
    return fail(
      "out_of_range",
      `Span ${start}–${end} is outside the document, which has ${n} code points (valid offsets are 0–${n}).`,
    );
  }
  if (start >= end) {
    return fail(
      "empty_or_inverted",
      start === end
        ? `Span ${start}–${end} is empty; the end must be greater than the start.`
        : `Span ${start}–${end} is inverted: the start is after the end.`,
    );
  }
  if (quote !== undefined) {
    const actual = index.sliceCp(start, end);
    if (actual !== quote) return fail("quote_mismatch", describeMismatch(text, index, start, end, quote, actual));
  }
  for (const [which, at] of [
    ["start", start],
    ["end", end],
  ] as const) {
    if (!isGraphemeBoundary(text, at)) {
      const c = graphemeAt(text, at);
      return fail(
        "splits_character",
        `Span ${which} ${at} falls inside the character ${show(index.sliceCp(c.start, c.end))} ` +
          `(code points ${c.start}–${c.end}); move it to ${c.start} or ${c.end}.`,
      );
    }
  }
  return { ok: true };
}

function fail(code: SpanErrorCode, message: string): SpanValidation {
  return { ok: false, code, message };
}

function describeMismatch(
  text: string,
  index: OffsetIndex,
  start: number,
  end: number,
  quote: string,
  actual: string,
): string {
  let message = `Quote ${show(quote)} does not match the text at ${start}–${end}, which is ${show(actual)}.`;
  if (index.hasAstral && end <= index.utf16Length && text.slice(start, end) === quote) {
    message += " The offsets look like UTF-16 code units (JavaScript string indices); convert them to code points.";
    return message;
  }
  const at = quote.length > 0 ? text.indexOf(quote) : -1;
  if (at >= 0 && !index.isInsideSurrogatePair(at)) {
    const cp = index.toCodePoint(at);
    const more = text.indexOf(quote, at + 1) >= 0 ? " (first of several occurrences)" : "";
    message += ` The quote occurs at ${cp}–${cp + (index.toCodePoint(at + quote.length) - cp)}${more}.`;
  }
  return message;
}

/** What {@link reanchor} needs: a quote selector and, if known, the old start (code points). */
export interface AnchorHint extends QuoteSelector {
  start?: number;
}

/** A re-anchored position. `score` is in [0, 1]; 1 means the old offsets were still exact. */
export interface Reanchored {
  start: number;
  end: number;
  score: number;
}

export interface ReanchorOptions {
  /** Candidates scoring below this are rejected (default 0: any exact occurrence is accepted). */
  minScore?: number;
}

/** Distance (code points) at which the proximity component has fallen to 1/2. */
const PROXIMITY_SCALE = 1000;

/**
 * Find where a quote now lives in (a possibly edited) `text`.
 *
 * 1. If `hint.start` is given and `text[start:start+len(exact)]` still equals `exact` (and does
 *    not split a character), returns it with score 1.
 * 2. Otherwise every exact occurrence of `exact` is a candidate, scored by how well the text
 *    around it matches `prefix`/`suffix` (weight 0.4 each; 0.5 each without a start hint) and by
 *    closeness to the old start (weight 0.2). Candidates splitting a grapheme cluster are skipped.
 *    The best wins; ties go to the closer, then earlier candidate.
 * 3. `null` when `exact` is empty, does not occur, or no candidate reaches `minScore`.
 *
 * Cost: one native `indexOf` scan plus O(CONTEXT_LENGTH) per occurrence.
 */
export function reanchor(text: string, hint: AnchorHint, options: ReanchorOptions = {}): Reanchored | null {
  const { exact, prefix, suffix } = hint;
  if (exact.length === 0) return null;
  const index = getOffsetIndex(text);
  const exactCpLength = Array.from(exact).length;
  const minScore = options.minScore ?? 0;
  const old = hint.start;

  if (old !== undefined && Number.isInteger(old) && old >= 0 && old + exactCpLength <= index.codePointLength) {
    const end = old + exactCpLength;
    if (index.sliceCp(old, end) === exact && isGraphemeBoundary(text, old) && isGraphemeBoundary(text, end)) {
      return { start: old, end, score: 1 };
    }
  }

  const prefixCps = Array.from(prefix);
  const suffixCps = Array.from(suffix);
  const candidates: Reanchored[] = [];
  for (let at = text.indexOf(exact); at >= 0; at = text.indexOf(exact, at + 1)) {
    if (index.isInsideSurrogatePair(at) || index.isInsideSurrogatePair(at + exact.length)) continue;
    const end16 = at + exact.length;
    // 2·k UTF-16 units always hold at least k code points.
    const before = prefixCps.length
      ? Array.from(text.slice(Math.max(0, at - 2 * prefixCps.length), at)).slice(-prefixCps.length)
      : [];
    const after = suffixCps.length
      ? Array.from(text.slice(end16, end16 + 2 * suffixCps.length)).slice(0, suffixCps.length)
      : [];
    const pre = contextSimilarity([...prefixCps].reverse(), before.reverse(), at === 0);
    const suf = contextSimilarity(suffixCps, after, end16 === text.length);
    const start = index.toCodePoint(at);
    let score: number;
    if (old !== undefined && Number.isFinite(old)) {
      const proximity = 1 / (1 + Math.abs(start - old) / PROXIMITY_SCALE);
      score = 0.4 * pre + 0.4 * suf + 0.2 * proximity;
    } else {
      score = 0.5 * pre + 0.5 * suf;
    }
    candidates.push({ start, end: start + exactCpLength, score });
  }

  const distance = (c: Reanchored): number => (old !== undefined && Number.isFinite(old) ? Math.abs(c.start - old) : 0);
  candidates.sort((a, b) => b.score - a.score || distance(a) - distance(b) || a.start - b.start);
  for (const c of candidates) {
    if (c.score < minScore) break;
    if (isGraphemeBoundary(text, c.start) && isGraphemeBoundary(text, c.end)) return c;
  }
  return null;
}

/**
 * Similarity in [0, 1] of an expected context and the actual one, both given as code points
 * ordered outwards from the span (so index 0 is the character adjacent to the span). Half the
 * score is the length of the common run starting next to the span, half is the share of equal
 * characters position by position (tolerates a single changed character). An empty expected
 * context (span was at a document edge) scores 1 only if the candidate is at that edge too.
 */
function contextSimilarity(expected: readonly string[], actual: readonly string[], atEdge: boolean): number {
  if (expected.length === 0) return atEdge ? 1 : 0;
  let run = 0;
  while (run < expected.length && expected[run] === actual[run]) run++;
  let equal = 0;
  for (let i = 0; i < expected.length; i++) if (expected[i] === actual[i]) equal++;
  return 0.5 * (run / expected.length) + 0.5 * (equal / expected.length);
}
