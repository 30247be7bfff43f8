import { describe, expect, it } from "vitest";
import {
  graphemeAt,
  isGraphemeBoundary,
  nextGraphemeBoundary,
  previousGraphemeBoundary,
  snapToGraphemes,
} from "./graphemes";
import { sliceByCodePoints } from "./offsets";

/** Code-point boundaries from segmenting the whole text (the reference). */
function referenceBoundaries(text: string): Set<number> {
  const out = new Set<number>([0]);
  let cp = 0;
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(text)) {
    cp += [...segment].length;
    out.add(cp);
  }
  return out;
}

const FAMILY = "👩‍👩‍👧‍👦"; // 7 code points
const FLAG = "🇺🇦"; // 2 code points
const THUMB = "👍🏽"; // 2 code points
const E_ACUTE = "e\u0301"; // 2 code points

describe("isGraphemeBoundary", () => {
  it("rejects offsets inside a ZWJ family sequence", () => {
    const text = `a${FAMILY}b`;
    expect(isGraphemeBoundary(text, 1)).toBe(true);
    for (let cp = 2; cp <= 7; cp++) expect(isGraphemeBoundary(text, cp)).toBe(false);
    expect(isGraphemeBoundary(text, 8)).toBe(true);
  });

  it("rejects offsets inside flags, skin-tone emoji and combining sequences", () => {
    expect(isGraphemeBoundary(`x${FLAG}y`, 2)).toBe(false);
    expect(isGraphemeBoundary(`x${THUMB}y`, 2)).toBe(false);
    expect(isGraphemeBoundary(`caf${E_ACUTE} `, 4)).toBe(false);
    expect(isGraphemeBoundary(`caf${E_ACUTE} `, 5)).toBe(true);
  });

  it("pairs consecutive regional indicators correctly (flag parity)", () => {
    const text = `${FLAG}${FLAG}${FLAG}`; // 🇺🇦🇺🇦🇺🇦 — boundaries at even offsets only
    for (let cp = 0; cp <= 6; cp++) expect(isGraphemeBoundary(text, cp)).toBe(cp % 2 === 0);
  });

  it("treats each CJK, Arabic, Hebrew and math character as its own cluster", () => {
    for (const text of ["中文字符", "مرحبا", "שלום", "𝐌𝐚𝐭𝐡"]) {
      for (let cp = 0; cp <= [...text].length; cp++) expect(isGraphemeBoundary(text, cp)).toBe(true);
    }
  });

  it("agrees with whole-text segmentation on a mixed text", () => {
    const text = `Hi ${FAMILY}! ${FLAG}${FLAG} ${THUMB} caf${E_ACUTE} 中文 שָׁלוֹם 𝐌𝐚𝐭𝐡 क्षि\nend`;
    const ref = referenceBoundaries(text);
    for (let cp = 0; cp <= [...text].length; cp++) expect(isGraphemeBoundary(text, cp), `cp ${cp}`).toBe(ref.has(cp));
  });

  it("throws on out-of-range offsets", () => {
    expect(() => isGraphemeBoundary("abc", 4)).toThrow(RangeError);
    expect(() => isGraphemeBoundary("abc", -1)).toThrow(RangeError);
    expect(() => isGraphemeBoundary("abc", 1.5)).toThrow(RangeError);
  });

  it("treats 0 and the length as boundaries, also for empty text", () => {
    expect(isGraphemeBoundary("", 0)).toBe(true);
    expect(isGraphemeBoundary(FAMILY, 0)).toBe(true);
    expect(isGraphemeBoundary(FAMILY, 7)).toBe(true);
  });
});

describe("graphemeAt", () => {
  it("returns the cluster around a code point", () => {
    const text = `a${FAMILY}b`;
    expect(graphemeAt(text, 4)).toEqual({ start: 1, end: 8 });
    expect(graphemeAt(text, 0)).toEqual({ start: 0, end: 1 });
    expect(() => graphemeAt(text, 9)).toThrow(RangeError);
  });
});

describe("snapToGraphemes", () => {
  it("expands outward so no cluster is split", () => {
    const text = `a${FAMILY}b${FLAG}c`;
    expect(snapToGraphemes(text, 3, 10)).toEqual({ start: 1, end: 11 });
    expect(sliceByCodePoints(text, 1, 11)).toBe(`${FAMILY}b${FLAG}`);
  });

  it("leaves aligned ranges untouched", () => {
    const text = `a${FAMILY}b`;
    expect(snapToGraphemes(text, 1, 8)).toEqual({ start: 1, end: 8 });
    expect(snapToGraphemes(text, 0, 9)).toEqual({ start: 0, end: 9 });
  });

  it("includes trailing combining marks and skin tones", () => {
    expect(snapToGraphemes(`caf${E_ACUTE}!`, 0, 4)).toEqual({ start: 0, end: 5 });
    expect(snapToGraphemes(`${THUMB}!`, 0, 1)).toEqual({ start: 0, end: 2 });
    expect(snapToGraphemes(`${THUMB}!`, 1, 3)).toEqual({ start: 0, end: 3 });
  });

  it("swaps inverted offsets and clamps to the text", () => {
    const text = `x${FLAG}y`;
    expect(snapToGraphemes(text, 2, 0)).toEqual({ start: 0, end: 3 });
    expect(snapToGraphemes(text, -5, 99)).toEqual({ start: 0, end: 4 });
  });

  it("keeps a collapsed range collapsed, snapped back", () => {
    expect(snapToGraphemes(`x${FLAG}y`, 2, 2)).toEqual({ start: 1, end: 1 });
    expect(snapToGraphemes("abc", 3, 3)).toEqual({ start: 3, end: 3 });
  });

  it("rejects non-integers", () => {
    expect(() => snapToGraphemes("abc", 0.5, 2)).toThrow(RangeError);
  });
});

describe("next/previousGraphemeBoundary", () => {
  const text = `a${FAMILY}${FLAG}e\u0301`;
  it("steps over whole clusters", () => {
    expect(nextGraphemeBoundary(text, 0)).toBe(1);
    expect(nextGraphemeBoundary(text, 1)).toBe(8);
    expect(nextGraphemeBoundary(text, 4)).toBe(8);
    expect(nextGraphemeBoundary(text, 8)).toBe(10);
    expect(nextGraphemeBoundary(text, 10)).toBe(12);
    expect(nextGraphemeBoundary(text, 12)).toBe(12);
    expect(previousGraphemeBoundary(text, 12)).toBe(10);
    expect(previousGraphemeBoundary(text, 10)).toBe(8);
    expect(previousGraphemeBoundary(text, 8)).toBe(1);
    expect(previousGraphemeBoundary(text, 5)).toBe(1);
    expect(previousGraphemeBoundary(text, 0)).toBe(0);
  });
});

describe("long documents", () => {
  it("snaps 5,000 spans on a 300k-character document to grapheme boundaries", () => {
    const para = `The minister ${FAMILY} said ${FLAG} that caf${E_ACUTE} 中文 prices 𝐌𝐚𝐭𝐡 rose ${THUMB}. `;
    const text = Array.from({ length: 4000 }, () => para).join("\n");
    const n = [...text].length;
    expect(n).toBeGreaterThan(250_000);
    for (let i = 0; i < 5000; i++) {
      const s = (i * 7919) % (n - 50);
      const r = snapToGraphemes(text, s, s + 37);
      expect(isGraphemeBoundary(text, r.start) && isGraphemeBoundary(text, r.end)).toBe(true);
    }
  });
});
