/**
 * Word snapping and word-wise caret movement.
 *
 * Units: all offsets are Unicode CODE POINT offsets into the exact text.
 *
 * Uses `Intl.Segmenter(locale, { granularity: "word" })` over a local window around the offsets
 * (bounded by whitespace / punctuation / newline anchors — see segment-window.ts), never the whole
 * text, so calls stay cheap on long documents.
 *
 * A "word" here is any word segment that is not whitespace-only or punctuation-only: letters,
 * numbers, CJK words, but also emoji and symbols (a selected "🇺🇦" or "$" stays selectable).
 */
import { getOffsetIndex } from "./offsets";
import { segmentWindow, type WindowSegment } from "./segment-window";

/** A half-open code-point range. */
export interface CpRange {
  start: number;
  end: number;
}

const FILLER = /^[\s\p{P}]*$/u;
const WHITESPACE = /^\s*$/u;
/** How far (UTF-16 units) each window extends when scanning for the next/previous word. */
const STEP = 256;

/** True for segments that are only whitespace and/or punctuation. */
function isFiller(s: WindowSegment): boolean {
  return FILLER.test(s.segment);
}

function assertInteger(...xs: number[]): void {
  for (const x of xs) {
    if (!Number.isInteger(x)) throw new RangeError(`Offset ${String(x)} is not an integer`);
  }
}

/**
 * Snap a selection to whole words.
 *
 * - A partially selected word is expanded to the whole word ("linke" → "Blinken").
 * - Leading/trailing whitespace-only and punctuation-only segments are trimmed
 *   (" Blinken, " → "Blinken"); punctuation *inside* the selection is kept ("Hello, world").
 * - If the selection holds only punctuation (and whitespace), the punctuation is kept and only
 *   whitespace is trimmed; if it holds only whitespace, the result is `null`.
 * - A collapsed selection (caret) selects the word it is in or touches, or `null` if none.
 *
 * Offsets are clamped to the text and an inverted pair is swapped (backward selections).
 * @throws RangeError for non-integer offsets.
 */
export function snapToWords(text: string, start: number, end: number, locale?: string): CpRange | null {
  assertInteger(start, end);
  const index = getOffsetIndex(text);
  const n = index.codePointLength;
  const s = Math.max(0, Math.min(n, Math.min(start, end)));
  const e = Math.max(0, Math.min(n, Math.max(start, end)));
  const s16 = index.toUtf16(s);
  const e16 = index.toUtf16(e);
  const toCp = (r: { start: number; end: number }): CpRange => ({
    start: index.toCodePoint(r.start),
    end: index.toCodePoint(r.end),
  });

  if (s16 === e16) {
    const segs = segmentWindow("word", text, Math.max(0, s16 - 1), Math.min(text.length, s16 + 1), locale);
    const inside = segs.find((g) => g.start <= s16 && s16 < g.end);
    const before = segs.find((g) => g.end === s16);
    const pick = [inside, before].find((g) => g !== undefined && !isFiller(g));
    return pick ? toCp(pick) : null;
  }

  const segs = segmentWindow("word", text, s16, e16, locale).filter((g) => g.start < e16 && g.end > s16);
  const trimmed = trimSegments(segs, isFiller) ?? trimSegments(segs, (g) => WHITESPACE.test(g.segment));
  return trimmed ? toCp(trimmed) : null;
}

function trimSegments(
  segs: readonly WindowSegment[],
  drop: (s: WindowSegment) => boolean,
): { start: number; end: number } | null {
  let i = 0;
  let j = segs.length - 1;
  while (i <= j && drop(segs[i] as WindowSegment)) i++;
  while (j >= i && drop(segs[j] as WindowSegment)) j--;
  if (i > j) return null;
  return { start: (segs[i] as WindowSegment).start, end: (segs[j] as WindowSegment).end };
}

/**
 * Where Ctrl+Shift+→ should move a selection edge at `cp`: the END of the next word that ends
 * after `cp` (skipping whitespace and punctuation), or the text length if there is none.
 * @throws RangeError when `cp` is not an integer in [0, codePointLength].
 */
export function nextWordBoundary(text: string, cp: number, locale?: string): number {
  const index = getOffsetIndex(text);
  assertCp(cp, index.codePointLength);
  const u = index.toUtf16(cp);
  let from = u;
  while (from < text.length) {
    const segs = segmentWindow("word", text, from, Math.min(text.length, from + STEP), locale);
    for (const g of segs) {
      if (g.end > u && !isFiller(g)) return index.toCodePoint(g.end);
    }
    const last = segs[segs.length - 1];
    if (!last || last.end <= from) break;
    from = last.end;
  }
  return index.codePointLength;
}

/**
 * Where Ctrl+Shift+← should move a selection edge at `cp`: the START of the nearest word that
 * starts before `cp` (skipping whitespace and punctuation), or 0 if there is none.
 * @throws RangeError when `cp` is not an integer in [0, codePointLength].
 */
export function previousWordBoundary(text: string, cp: number, locale?: string): number {
  const index = getOffsetIndex(text);
  assertCp(cp, index.codePointLength);
  const u = index.toUtf16(cp);
  let to = u;
  while (to > 0) {
    const segs = segmentWindow("word", text, Math.max(0, to - STEP), to, locale);
    for (let k = segs.length - 1; k >= 0; k--) {
      const g = segs[k] as WindowSegment;
      if (g.start < u && !isFiller(g)) return index.toCodePoint(g.start);
    }
    const first = segs[0];
    if (!first || first.start >= to) break;
    to = first.start;
  }
  return 0;
}

function assertCp(cp: number, n: number): void {
  if (!Number.isInteger(cp) || cp < 0 || cp > n) {
    throw new RangeError(`Offset ${String(cp)} is outside the text (0–${n} code points)`);
  }
}
