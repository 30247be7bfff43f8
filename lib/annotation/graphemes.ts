/**
 * Grapheme-cluster ("user-perceived character") boundaries.
 *
 * Units: all offsets are Unicode CODE POINT offsets into the exact text. A span must never split
 * a grapheme cluster: not an emoji ZWJ sequence (👩‍👩‍👧‍👦), a flag (🇺🇦), an emoji with a skin
 * tone (👍🏽), or a base letter with combining marks ("e\u0301").
 *
 * Uses `Intl.Segmenter(undefined, { granularity: "grapheme" })` (grapheme segmentation is
 * locale-independent) over a small window around the offset, never the whole text, so each call
 * costs O(log n + cluster size) for normal text. Code-point ⇄ UTF-16 conversion goes through the
 * cached {@link getOffsetIndex}.
 */
import { getOffsetIndex, type OffsetIndex } from "./offsets";
import { isGraphemeAnchor, nextCodePointEnd, segmentWindow } from "./segment-window";

/** A grapheme cluster's bounds in code points, half-open. */
export interface GraphemeBounds {
  start: number;
  end: number;
}

function assertCpOffset(index: OffsetIndex, cp: number, what = "Offset"): void {
  if (!Number.isInteger(cp) || cp < 0 || cp > index.codePointLength) {
    throw new RangeError(`${what} ${String(cp)} is outside the text (0–${index.codePointLength} code points)`);
  }
}

/** UTF-16 bounds of the cluster containing UTF-16 position `u16` (< text.length). */
function clusterAtU16(text: string, u16: number): { start: number; end: number } {
  // Fast path: an ASCII character between two certain boundaries is a cluster on its own.
  if (text.charCodeAt(u16) < 0x80 && isGraphemeAnchor(text, u16) && isGraphemeAnchor(text, u16 + 1)) {
    return { start: u16, end: u16 + 1 };
  }
  for (const s of segmentWindow("grapheme", text, u16, nextCodePointEnd(text, u16))) {
    if (s.start <= u16 && u16 < s.end) return { start: s.start, end: s.end };
  }
  // Unreachable: the window always covers u16.
  return { start: u16, end: nextCodePointEnd(text, u16) };
}

/**
 * The grapheme cluster containing the code point at `cp` (0 ≤ cp < length), in code points.
 * @throws RangeError when `cp` is not a valid index of a code point.
 */
export function graphemeAt(text: string, cp: number): GraphemeBounds {
  const index = getOffsetIndex(text);
  if (!Number.isInteger(cp) || cp < 0 || cp >= index.codePointLength) {
    throw new RangeError(`Offset ${String(cp)} is not a character index (text has ${index.codePointLength} code points)`);
  }
  const c = clusterAtU16(text, index.toUtf16(cp));
  return { start: index.toCodePoint(c.start), end: index.toCodePoint(c.end) };
}

/**
 * True when code-point offset `cp` lies between two grapheme clusters (0 and the text length are
 * always boundaries).
 * @throws RangeError when `cp` is not an integer in [0, codePointLength].
 */
export function isGraphemeBoundary(text: string, cp: number): boolean {
  const index = getOffsetIndex(text);
  assertCpOffset(index, cp);
  if (cp === 0 || cp === index.codePointLength) return true;
  const u16 = index.toUtf16(cp);
  return isGraphemeAnchor(text, u16) || clusterAtU16(text, u16).start === u16;
}

/**
 * Expand `[start, end)` outwards to whole grapheme clusters: `start` moves back to the start of
 * its cluster, `end` forward to the end of its cluster. Offsets are clamped to the text, and an
 * inverted pair is swapped (backward selections). A collapsed range stays collapsed (snapped
 * back to a boundary).
 * @throws RangeError for non-integer offsets.
 */
export function snapToGraphemes(text: string, start: number, end: number): GraphemeBounds {
  if (!Number.isInteger(start) || !Number.isInteger(end)) {
    throw new RangeError(`Offsets must be integers (got ${String(start)}, ${String(end)})`);
  }
  const index = getOffsetIndex(text);
  const n = index.codePointLength;
  let s = Math.max(0, Math.min(n, Math.min(start, end)));
  let e = Math.max(0, Math.min(n, Math.max(start, end)));
  const collapsed = s === e;
  if (s < n) {
    const u = index.toUtf16(s);
    s = index.toCodePoint(clusterAtU16(text, u).start);
  }
  if (collapsed) return { start: s, end: s };
  if (e < n) {
    const u = index.toUtf16(e);
    const c = clusterAtU16(text, u);
    if (c.start !== u) e = index.toCodePoint(c.end);
  }
  return { start: s, end: e };
}

/** The first grapheme boundary strictly after `cp` (or the text length). Code points. */
export function nextGraphemeBoundary(text: string, cp: number): number {
  const index = getOffsetIndex(text);
  assertCpOffset(index, cp);
  if (cp >= index.codePointLength) return index.codePointLength;
  return index.toCodePoint(clusterAtU16(text, index.toUtf16(cp)).end);
}

/** The last grapheme boundary strictly before `cp` (or 0). Code points. */
export function previousGraphemeBoundary(text: string, cp: number): number {
  const index = getOffsetIndex(text);
  assertCpOffset(index, cp);
  if (cp <= 0) return 0;
  return index.toCodePoint(clusterAtU16(text, index.toUtf16(cp - 1)).start);
}
