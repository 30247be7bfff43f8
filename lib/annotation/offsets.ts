/**
 * Code-point ⇄ UTF-16 offset conversion.
 *
 * Units: every offset stored or exchanged by Spanlab is a Unicode CODE POINT index into the
 * document's exact text — what Python's `text[start:end]` gives. JavaScript strings are indexed in
 * UTF-16 code units, where an astral character (U+10000 and above: most emoji, mathematical
 * alphanumerics, rare CJK…) occupies two units (a surrogate pair). This module converts between
 * the two.
 *
 * Conversions are O(log a) where a = number of astral characters in the text (binary search over a
 * precomputed table), and O(1) when the text has no astral characters (identity). Building the
 * index is one O(n) pass over the text.
 *
 * Lone (unpaired) surrogates, which JS strings may contain, count as one code point each, exactly
 * like the string iterator (`[...text]`) and like Python's `str` with surrogates.
 */

/** Immutable conversion index over one text. Build with {@link createOffsetIndex}. */
export interface OffsetIndex {
  /** The text this index was built for. */
  readonly text: string;
  /** Length of the text in code points. */
  readonly codePointLength: number;
  /** Length of the text in UTF-16 code units (`text.length`). */
  readonly utf16Length: number;
  /** True when the text has at least one astral character (i.e. the two units differ). */
  readonly hasAstral: boolean;
  /**
   * Code-point offset → UTF-16 offset.
   * @param cp integer in [0, codePointLength]
   * @throws RangeError when `cp` is not an integer in range.
   */
  toUtf16(cp: number): number;
  /**
   * UTF-16 offset → code-point offset.
   *
   * An offset strictly inside a surrogate pair (between the high and low surrogate) does not
   * correspond to any code-point offset. By default it is rounded DOWN to the start of the astral
   * character (`"floor"`); pass `"ceil"` to round up to just after it (useful for the end of a
   * range). Use {@link OffsetIndex.isInsideSurrogatePair} to detect the case.
   * @param u16 integer in [0, utf16Length]
   * @throws RangeError when `u16` is not an integer in range.
   */
  toCodePoint(u16: number, rounding?: "floor" | "ceil"): number;
  /** True when UTF-16 offset `u16` falls between the two halves of a surrogate pair. */
  isInsideSurrogatePair(u16: number): boolean;
  /**
   * Substring by code-point offsets, like Python's `text[start:end]` but strict: both offsets
   * must be integers in [0, codePointLength]; `end < start` yields "".
   */
  sliceCp(start: number, end: number): string;
}

/** A surrogate pair (one astral code point); lone surrogates do not match. */
const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;

/** Number of Unicode code points in `s` (`[...s].length`, without allocating). O(n). */
export function codePointLength(s: string): number {
  let n = s.length;
  SURROGATE_PAIR.lastIndex = 0;
  while (SURROGATE_PAIR.test(s)) n--;
  return n;
}

/** Count of entries in sorted `arr` strictly less than `x` (lower bound). */
function countLess(arr: Int32Array, x: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((arr[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function assertOffset(value: number, max: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${what} ${String(value)} is out of range [0, ${max}]`);
  }
}

/**
 * Build a conversion index for `text`: one O(n) pass recording the UTF-16 position of every
 * surrogate pair. Reuse the result for every conversion on the same text.
 */
export function createOffsetIndex(text: string): OffsetIndex {
  // The regex engine scans for pairs far faster than a charCodeAt loop (measured: 13 vs 39 µs for
  // 1.9k units with emoji, 0.1 vs 8.5 µs for plain text), and exports index every document.
  const positions: number[] = [];
  SURROGATE_PAIR.lastIndex = 0;
  for (let m = SURROGATE_PAIR.exec(text); m !== null; m = SURROGATE_PAIR.exec(text)) positions.push(m.index);
  const utf16Length = text.length;
  const codePointLength = utf16Length - positions.length;

  if (positions.length === 0) {
    // Fast path: identity.
    return {
      text,
      codePointLength,
      utf16Length,
      hasAstral: false,
      toUtf16(cp) {
        assertOffset(cp, codePointLength, "Code-point offset");
        return cp;
      },
      toCodePoint(u16) {
        assertOffset(u16, utf16Length, "UTF-16 offset");
        return u16;
      },
      isInsideSurrogatePair() {
        return false;
      },
      sliceCp(start, end) {
        assertOffset(start, codePointLength, "Code-point offset");
        assertOffset(end, codePointLength, "Code-point offset");
        return end <= start ? "" : text.slice(start, end);
      },
    };
  }

  // astralU16[i]: UTF-16 index of the i-th astral char's high surrogate.
  // astralCp[i]:  its code-point index (= astralU16[i] - i, since each earlier one adds a unit).
  const astralU16 = Int32Array.from(positions);
  const astralCp = astralU16.map((u, i) => u - i);

  const toUtf16 = (cp: number): number => {
    assertOffset(cp, codePointLength, "Code-point offset");
    return cp + countLess(astralCp, cp);
  };
  const inside = (u16: number): boolean => {
    const k = countLess(astralU16, u16);
    return k > 0 && (astralU16[k - 1] as number) + 1 === u16;
  };
  const toCodePoint = (u16: number, rounding: "floor" | "ceil" = "floor"): number => {
    assertOffset(u16, utf16Length, "UTF-16 offset");
    const k = countLess(astralU16, u16); // astral chars starting before u16
    if (k > 0 && (astralU16[k - 1] as number) + 1 === u16) {
      const cpStart = astralCp[k - 1] as number;
      return rounding === "ceil" ? cpStart + 1 : cpStart;
    }
    return u16 - k;
  };

  return {
    text,
    codePointLength,
    utf16Length,
    hasAstral: true,
    toUtf16,
    toCodePoint,
    isInsideSurrogatePair(u16) {
      return Number.isInteger(u16) && u16 > 0 && u16 < utf16Length && inside(u16);
    },
    sliceCp(start, end) {
      const s = toUtf16(start);
      const e = toUtf16(end);
      return e <= s ? "" : text.slice(s, e);
    },
  };
}

const CACHE_SIZE = 8;
const cache = new Map<string, OffsetIndex>();

/**
 * Memoised {@link createOffsetIndex}: returns the cached index for `text` if one of the last few
 * texts seen (small LRU), else builds and caches one. Lets helpers that take `(text, offset)`
 * stay O(log n) per call after the first.
 */
export function getOffsetIndex(text: string): OffsetIndex {
  const hit = cache.get(text);
  if (hit) {
    cache.delete(text);
    cache.set(text, hit);
    return hit;
  }
  const index = createOffsetIndex(text);
  cache.set(text, index);
  if (cache.size > CACHE_SIZE) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  return index;
}

/**
 * `text[start:end]` in code points, Python-style: negative offsets count from the end, offsets are
 * clamped to the text, `end` defaults to the end, and `end <= start` yields "". Non-integer
 * offsets throw a RangeError.
 */
export function sliceByCodePoints(text: string, start: number, end?: number): string {
  const index = getOffsetIndex(text);
  const n = index.codePointLength;
  const norm = (x: number): number => {
    if (!Number.isInteger(x)) throw new RangeError(`Code-point offset ${String(x)} is not an integer`);
    return x < 0 ? Math.max(0, n + x) : Math.min(n, x);
  };
  const s = norm(start);
  const e = end === undefined ? n : norm(end);
  return e <= s ? "" : text.slice(index.toUtf16(s), index.toUtf16(e));
}
