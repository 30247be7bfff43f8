import { describe, expect, it } from "vitest";
import { codePointLength, createOffsetIndex, getOffsetIndex, sliceByCodePoints } from "./offsets";

/** Reference conversions via the string iterator (Python semantics). */
function referenceToUtf16(text: string, cp: number): number {
  return Array.from(text).slice(0, cp).join("").length;
}

const SAMPLES: Record<string, string> = {
  ascii: "Hello, world",
  empty: "",
  family: "a👩‍👩‍👧‍👦b",
  flag: "🇺🇦 Kyiv",
  skinTone: "ok 👍🏽 ok",
  math: "𝐌𝐚𝐭𝐡 is bold",
  cjk: "中文 and 日本語",
  rtl: "שלום مرحبا",
  combining: "cafe\u0301 ok",
  mixed: "x😀中\u0301𝐌🇺🇦\n👩‍👩‍👧‍👦",
  allAstral: "😀😀😀",
  loneSurrogates: "a\uD83Db\uDE00c\uD83D",
};

describe("codePointLength", () => {
  it.each(Object.entries(SAMPLES))("matches [...s].length for %s", (_name, s) => {
    expect(codePointLength(s)).toBe([...s].length);
  });

  it("counts astral characters once and BMP characters once", () => {
    expect(codePointLength("😀")).toBe(1);
    expect(codePointLength("中文")).toBe(2);
    expect(codePointLength("e\u0301")).toBe(2); // combining mark is its own code point
    expect(codePointLength("👩‍👩‍👧‍👦")).toBe(7); // 4 people + 3 ZWJ
    expect(codePointLength("🇺🇦")).toBe(2);
  });
});

describe("createOffsetIndex", () => {
  it.each(Object.entries(SAMPLES))("round-trips every code-point offset for %s", (_name, text) => {
    const index = createOffsetIndex(text);
    const cps = Array.from(text);
    expect(index.codePointLength).toBe(cps.length);
    expect(index.utf16Length).toBe(text.length);
    for (let cp = 0; cp <= cps.length; cp++) {
      const u16 = index.toUtf16(cp);
      expect(u16).toBe(referenceToUtf16(text, cp));
      expect(index.toCodePoint(u16)).toBe(cp);
      expect(index.isInsideSurrogatePair(u16)).toBe(false);
    }
  });

  it.each(Object.entries(SAMPLES))("sliceCp equals the Python-style slice for %s", (_name, text) => {
    const index = createOffsetIndex(text);
    const cps = Array.from(text);
    for (let s = 0; s <= cps.length; s++) {
      for (let e = s; e <= cps.length; e++) {
        expect(index.sliceCp(s, e)).toBe(cps.slice(s, e).join(""));
      }
    }
  });

  it("uses the identity fast path without astral characters", () => {
    const index = createOffsetIndex("中文 e\u0301 שלום");
    expect(index.hasAstral).toBe(false);
    expect(index.toUtf16(5)).toBe(5);
    expect(index.toCodePoint(7)).toBe(7);
  });

  it("reports astral text", () => {
    expect(createOffsetIndex("a😀").hasAstral).toBe(true);
  });

  it("rounds a UTF-16 offset inside a surrogate pair down by default, up with 'ceil'", () => {
    const text = "a😀b";
    const index = createOffsetIndex(text);
    expect(index.isInsideSurrogatePair(2)).toBe(true);
    expect(index.isInsideSurrogatePair(1)).toBe(false);
    expect(index.isInsideSurrogatePair(3)).toBe(false);
    expect(index.toCodePoint(2)).toBe(1);
    expect(index.toCodePoint(2, "floor")).toBe(1);
    expect(index.toCodePoint(2, "ceil")).toBe(2);
    expect(index.toCodePoint(3, "ceil")).toBe(2); // not inside: rounding irrelevant
  });

  it("handles the inside-pair case for every pair in a dense text", () => {
    const text = "😀😀x😀";
    const index = createOffsetIndex(text);
    expect([1, 3, 6].map((u) => index.isInsideSurrogatePair(u))).toEqual([true, true, true]);
    expect([1, 3, 6].map((u) => index.toCodePoint(u))).toEqual([0, 1, 3]);
    expect([1, 3, 6].map((u) => index.toCodePoint(u, "ceil"))).toEqual([1, 2, 4]);
  });

  it("treats lone surrogates as one code point each, like the string iterator", () => {
    const text = "\uDE00\uD83D"; // low then high: not a pair
    const index = createOffsetIndex(text);
    expect(index.codePointLength).toBe(2);
    expect(index.hasAstral).toBe(false);
  });

  it("throws RangeError for out-of-range or non-integer offsets", () => {
    for (const text of ["abc", "a😀"]) {
      const index = createOffsetIndex(text);
      expect(() => index.toUtf16(-1)).toThrow(RangeError);
      expect(() => index.toUtf16(index.codePointLength + 1)).toThrow(RangeError);
      expect(() => index.toUtf16(1.5)).toThrow(RangeError);
      expect(() => index.toCodePoint(text.length + 1)).toThrow(RangeError);
      expect(() => index.toCodePoint(Number.NaN)).toThrow(RangeError);
      expect(() => index.sliceCp(0, 99)).toThrow(RangeError);
    }
  });

  it("returns an empty string for inverted slices", () => {
    expect(createOffsetIndex("a😀b").sliceCp(2, 1)).toBe("");
    expect(createOffsetIndex("abc").sliceCp(2, 1)).toBe("");
  });

  it("round-trips 100,000 offsets on a 300k-character document with many astral characters", () => {
    const words: string[] = [];
    for (let i = 0; i < 50_000; i++) words.push(i % 7 === 0 ? "😀👍🏽" : i % 11 === 0 ? "𝐌𝐚𝐭𝐡" : "word");
    const text = words.join(" ");
    const index = createOffsetIndex(text);
    let acc = 0;
    for (let i = 0; i < 100_000; i++) {
      const cp = (i * 7919) % index.codePointLength;
      acc += index.toCodePoint(index.toUtf16(cp)) === cp ? 1 : 0;
    }
    expect(acc).toBe(100_000);
  });
});

describe("getOffsetIndex", () => {
  it("returns the same cached index for the same text", () => {
    const text = `cache test ${"😀".repeat(3)}`;
    expect(getOffsetIndex(text)).toBe(getOffsetIndex(text));
  });

  it("evicts old entries but still returns correct indexes", () => {
    for (let i = 0; i < 20; i++) {
      const t = `${"😀".repeat(i)}x`;
      expect(getOffsetIndex(t).codePointLength).toBe(i + 1);
    }
  });
});

describe("sliceByCodePoints", () => {
  const text = "a👩‍👩‍👧‍👦b🇺🇦c";
  const cps = Array.from(text);

  it("matches Python text[start:end] including negatives and clamping", () => {
    const py = (s: number, e?: number): string => {
      const n = cps.length;
      const norm = (x: number): number => (x < 0 ? Math.max(0, n + x) : Math.min(n, x));
      const a = norm(s);
      const b = e === undefined ? n : norm(e);
      return b <= a ? "" : cps.slice(a, b).join("");
    };
    for (const [s, e] of [
      [0, 1],
      [1, 8],
      [8, 9],
      [-3, undefined],
      [-100, 2],
      [5, 100],
      [4, 2],
      [0, -1],
    ] as const) {
      expect(sliceByCodePoints(text, s, e)).toBe(py(s, e));
    }
    expect(sliceByCodePoints(text, 1, 8)).toBe("👩‍👩‍👧‍👦");
    expect(sliceByCodePoints(text, 9, 11)).toBe("🇺🇦");
  });

  it("works on CJK, RTL and math text", () => {
    expect(sliceByCodePoints("中文字符", 1, 3)).toBe("文字");
    expect(sliceByCodePoints("שלום مرحبا", 5)).toBe("مرحبا");
    expect(sliceByCodePoints("𝐌𝐚𝐭𝐡!", 1, 3)).toBe("𝐚𝐭");
  });

  it("rejects non-integer offsets", () => {
    expect(() => sliceByCodePoints("abc", 0.5, 2)).toThrow(RangeError);
  });
});
