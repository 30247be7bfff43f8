/**
 * Internal: run `Intl.Segmenter` over a small window of a long text instead of the whole text.
 *
 * Units: everything in this module is in UTF-16 code units (JS string indices); the public
 * modules convert from/to code points.
 *
 * The trick is to start and end the window at positions that are *guaranteed* boundaries for the
 * granularity, so the segmenter's output inside the window equals what it would produce for the
 * whole text:
 *
 * - Grapheme clusters (UAX #29 GB rules) look only backwards, and the only rules that look further
 *   back than the previous character need that character to be a ZWJ, an Extend/Linker mark or a
 *   Regional Indicator (GB9c, GB11, GB12/13). So between characters P and N where P is none of
 *   those, "is there a boundary?" is decided by P and N alone, and we ask the segmenter about the
 *   two-character string P+N.
 * - Word boundaries (WB rules) look up to two characters ahead and arbitrarily far back, and ICU
 *   runs dictionary segmentation (CJK, Thai…) over whole runs. We only trust positions just after
 *   whitespace or after "closed" punctuation (brackets, dashes, ! ? and their CJK forms, which have
 *   word-break property Other) and not before a mark/format character, plus positions next to a
 *   newline (WB3a/3b always break there). No rule joins across such a position, and no
 *   look-ahead/look-behind rule reaches across it.
 *
 * Scanning for such an anchor is local (usually a few characters). Pathological input with no
 * anchor for a long stretch (e.g. thousands of combining marks, or a newline-free CJK paragraph
 * without punctuation) degrades to segmenting the stretch, never to a wrong answer.
 */

export interface WindowSegment {
  /** UTF-16 start of the segment in the full text. */
  readonly start: number;
  /** UTF-16 end of the segment in the full text. */
  readonly end: number;
  readonly segment: string;
  /** Only meaningful for word granularity. */
  readonly isWordLike: boolean;
}

export type Granularity = "grapheme" | "word";

const segmenters = new Map<string, Intl.Segmenter>();

/** Cached `Intl.Segmenter` (construction is comparatively expensive). */
export function getSegmenter(granularity: Granularity | "sentence", locale?: string): Intl.Segmenter {
  const key = `${granularity}\u0000${locale ?? ""}`;
  let s = segmenters.get(key);
  if (!s) {
    s = new Intl.Segmenter(locale, { granularity });
    segmenters.set(key, s);
  }
  return s;
}

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** UTF-16 index of the start of the code point that ends at `i` (i > 0). */
export function previousCodePointStart(text: string, i: number): number {
  if (i >= 2 && isLow(text.charCodeAt(i - 1)) && isHigh(text.charCodeAt(i - 2))) return i - 2;
  return i - 1;
}

/** UTF-16 index just after the code point that starts at `i` (i < text.length). */
export function nextCodePointEnd(text: string, i: number): number {
  if (isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1))) return i + 2;
  return i + 1;
}

/** Moves `i` back by one unit if it sits between the halves of a surrogate pair. */
export function alignToCodePoint(text: string, i: number): number {
  if (i > 0 && i < text.length && isLow(text.charCodeAt(i)) && isHigh(text.charCodeAt(i - 1))) return i - 1;
  return i;
}

// Characters after which the grapheme rules may look further back than one character.
const GRAPHEME_STICKY_LEFT = /^[\p{M}\p{Grapheme_Extend}\p{Emoji_Modifier}\p{Regional_Indicator}\u200D]$/u;

/** True when `i` is certainly a grapheme cluster boundary (see module doc). */
export function isGraphemeAnchor(text: string, i: number): boolean {
  if (i <= 0 || i >= text.length) return true;
  const prev = text.charCodeAt(i - 1);
  const next = text.charCodeAt(i);
  if (prev === 0x0a) return true; // GB4: break after LF
  if (next === 0x0a) return prev !== 0x0d; // GB5 / GB3
  if (prev < 0x80 && next < 0x80) return prev !== 0x0d; // ASCII pair: GB999
  const p = previousCodePointStart(text, i);
  const pc = text.slice(p, i);
  if (GRAPHEME_STICKY_LEFT.test(pc)) return false;
  const pair = pc + text.slice(i, nextCodePointEnd(text, i));
  const first = getSegmenter("grapheme").segment(pair).containing(0);
  return first !== undefined && first.segment.length === pc.length;
}

// Word-break "closed" characters: breaking after them never depends on what follows or precedes.
// Excludes U+202F (ExtendNumLet) and U+FEFF (Format), which are in \s.
const WORD_SAFE_LEFT = /^[\s\p{Ps}\p{Pe}\p{Pd}!?\u3001\u3002\uFF01\uFF1F]$/u;
const WORD_UNSAFE_SPACE = /^[\u202F\uFEFF]$/u;
// Characters that WB4 attaches to whatever precedes them, or that continue a whitespace run (WB3d).
const WORD_STICKY_RIGHT = /^[\p{M}\p{Cf}\p{Grapheme_Extend}\p{Emoji_Modifier}\s]$/u;

/** True when `i` is certainly a word boundary whose neighbourhoods segment independently. */
function isWordAnchor(text: string, i: number): boolean {
  if (i <= 0 || i >= text.length) return true;
  const prev = text.charCodeAt(i - 1);
  const next = text.charCodeAt(i);
  if (prev === 0x0a) return true; // WB3a
  if (next === 0x0a) return prev !== 0x0d; // WB3b
  if (isLow(prev)) return false; // astral left neighbour: not one of the safe characters
  const left = text[i - 1] as string;
  if (!WORD_SAFE_LEFT.test(left) || WORD_UNSAFE_SPACE.test(left)) return false;
  const n = text.slice(i, nextCodePointEnd(text, i));
  return !WORD_STICKY_RIGHT.test(n);
}

function isAnchor(granularity: Granularity, text: string, i: number): boolean {
  return granularity === "grapheme" ? isGraphemeAnchor(text, i) : isWordAnchor(text, i);
}

/** Largest anchor ≤ `i` (UTF-16, code-point aligned). */
export function findAnchorAtOrBefore(granularity: Granularity, text: string, i: number): number {
  let p = alignToCodePoint(text, Math.max(0, Math.min(i, text.length)));
  while (p > 0 && !isAnchor(granularity, text, p)) p = previousCodePointStart(text, p);
  return p;
}

/** Smallest anchor ≥ `i` (UTF-16, code-point aligned). */
export function findAnchorAtOrAfter(granularity: Granularity, text: string, i: number): number {
  let p = Math.max(0, Math.min(i, text.length));
  if (p > 0 && p < text.length && isLow(text.charCodeAt(p)) && isHigh(text.charCodeAt(p - 1))) p++;
  while (p < text.length && !isAnchor(granularity, text, p)) p = nextCodePointEnd(text, p);
  return p;
}

/**
 * Segments of the smallest anchored window covering UTF-16 range `[from, to]` (inclusive of
 * `to` as a position: the window ends at an anchor ≥ `to`, and strictly after `from` when
 * `from < text.length` so the segment containing `from` is complete). Segment offsets are
 * absolute UTF-16 indices into `text`.
 */
export function segmentWindow(
  granularity: Granularity,
  text: string,
  from: number,
  to: number,
  locale?: string,
): WindowSegment[] {
  const a = findAnchorAtOrBefore(granularity, text, from);
  const minEnd = Math.max(to, from < text.length ? nextCodePointEnd(text, alignToCodePoint(text, from)) : from);
  const e = findAnchorAtOrAfter(granularity, text, minEnd);
  const out: WindowSegment[] = [];
  if (e <= a) return out;
  const seg = getSegmenter(granularity, granularity === "word" ? locale : undefined);
  for (const s of seg.segment(text.slice(a, e))) {
    out.push({
      start: a + s.index,
      end: a + s.index + s.segment.length,
      segment: s.segment,
      isWordLike: s.isWordLike === true,
    });
  }
  return out;
}
