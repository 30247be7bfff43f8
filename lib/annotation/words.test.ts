import { describe, expect, it } from "vitest";
import { sliceByCodePoints } from "./offsets";
import { nextWordBoundary, previousWordBoundary, snapToWords } from "./words";

/** Snap the first occurrence of `selected` in `text` (code points) and return the snapped text. */
function snapText(text: string, selected: string): string | null {
  const u = text.indexOf(selected);
  if (u < 0) throw new Error(`${selected} not in text`);
  const start = [...text.slice(0, u)].length;
  const r = snapToWords(text, start, start + [...selected].length);
  return r ? sliceByCodePoints(text, r.start, r.end) : null;
}

describe("snapToWords", () => {
  const text = "Secretary Blinken, speaking in Kyiv, said: “We stand with Ukraine.”";

  it("trims surrounding whitespace and punctuation", () => {
    expect(snapText(text, " Blinken, ")).toBe("Blinken");
    expect(snapText(text, "said: “")).toBe("said");
    expect(snapText(text, " Ukraine.”")).toBe("Ukraine");
  });

  it("expands partial words to whole words", () => {
    expect(snapText(text, "linke")).toBe("Blinken");
    expect(snapText(text, "retary Blin")).toBe("Secretary Blinken");
    expect(snapText(text, "g in K")).toBe("speaking in Kyiv");
  });

  it("keeps inner punctuation", () => {
    expect(snapText(text, "ken, speak")).toBe("Blinken, speaking");
    expect(snapText(text, "“We stand with Ukraine.”")).toBe("We stand with Ukraine");
  });

  it("keeps punctuation when nothing else is selected, returns null for whitespace", () => {
    expect(snapText("a — b", " — ")).toBe("—");
    expect(snapText("a   b", "   ")).toBeNull();
  });

  it("handles emoji, flags and ZWJ sequences as words", () => {
    const t = "Support 🇺🇦 and 👩‍👩‍👧‍👦 families!";
    expect(snapText(t, " 🇺🇦 ")).toBe("🇺🇦");
    expect(snapText(t, "👩‍👩‍👧‍👦 fam")).toBe("👩‍👩‍👧‍👦 families");
    // Offsets are code points: the family emoji is 7 of them.
    expect(snapToWords(t, 16, 17)).toEqual({ start: 15, end: 22 });
    expect(snapToWords(t, 14, 15)).toBeNull(); // just the space before it
  });

  it("works with mathematical alphanumerics, combining marks, CJK and RTL", () => {
    expect(snapText("Let 𝐌𝐚𝐭𝐡 be bold", "𝐚𝐭")).toBe("𝐌𝐚𝐭𝐡");
    expect(snapText("Le cafe\u0301 est ouvert", "af")).toBe("cafe\u0301");
    expect(snapText("我们学习中文字符。", "文字")).toBe("中文字符");
    expect(snapText("הוא אמר שלום לכולם", "לו")).toBe("שלום");
    expect(snapText("قال مرحبا بالعالم.", " بالعا")).toBe("بالعالم");
  });

  it("selects the word under or before a caret", () => {
    expect(snapToWords("hello world", 2, 2)).toEqual({ start: 0, end: 5 });
    expect(snapToWords("hello world", 5, 5)).toEqual({ start: 0, end: 5 });
    expect(snapToWords("hello world", 6, 6)).toEqual({ start: 6, end: 11 });
    expect(snapToWords("a , b", 2, 2)).toBeNull();
  });

  it("accepts backward offsets and clamps", () => {
    expect(snapToWords("hello world", 8, 3)).toEqual({ start: 0, end: 11 });
    expect(snapToWords("hello world", -4, 99)).toEqual({ start: 0, end: 11 });
  });

  it("does not cross paragraph boundaries unnecessarily", () => {
    const t = "First para.\nSecond para.";
    expect(snapText(t, "para.\nSec")).toBe("para.\nSecond");
    expect(snapText(t, ".\n")).toBe(".");
  });

  it("snaps 5,000 selections on a long document to whole words, trimmed", () => {
    const t = "The quick brown 🦊 jumps over the lazy dog, says Blinken. ".repeat(5000);
    const cps = [...t];
    const n = cps.length;
    const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}\p{Extended_Pictographic}]/u.test(c);
    for (let i = 0; i < 5000; i++) {
      const s = (i * 7919) % (n - 40);
      const r = snapToWords(t, s, s + 23);
      expect(r).not.toBeNull();
      // Whole words: no word continues across either edge, and no space at either end.
      expect(isWordChar(cps[r!.start - 1]) && isWordChar(cps[r!.start])).toBe(false);
      expect(isWordChar(cps[r!.end - 1]) && isWordChar(cps[r!.end])).toBe(false);
      expect(cps[r!.start]).not.toBe(" ");
      expect(cps[r!.end - 1]).not.toBe(" ");
    }
  });
});

describe("nextWordBoundary / previousWordBoundary", () => {
  const text = "Hello, big 🌍 world… 中文字符!";
  // code points: Hello=0-5 ,=5 big=7-10 🌍=11 world=13-18 …=18 中文=20-22 字符=22-24 !=24

  it("moves to the end of the next word, skipping spaces and punctuation", () => {
    expect(nextWordBoundary(text, 0)).toBe(5);
    expect(nextWordBoundary(text, 2)).toBe(5);
    expect(nextWordBoundary(text, 5)).toBe(10);
    expect(nextWordBoundary(text, 10)).toBe(12);
    expect(nextWordBoundary(text, 12)).toBe(18);
    expect(nextWordBoundary(text, 18)).toBe(22);
    expect(nextWordBoundary(text, 22)).toBe(24);
    expect(nextWordBoundary(text, 24)).toBe(25);
    expect(nextWordBoundary(text, 25)).toBe(25);
  });

  it("moves to the start of the previous word", () => {
    expect(previousWordBoundary(text, 25)).toBe(22);
    expect(previousWordBoundary(text, 22)).toBe(20);
    expect(previousWordBoundary(text, 20)).toBe(13);
    expect(previousWordBoundary(text, 15)).toBe(13);
    expect(previousWordBoundary(text, 13)).toBe(11);
    expect(previousWordBoundary(text, 11)).toBe(7);
    expect(previousWordBoundary(text, 7)).toBe(0);
    expect(previousWordBoundary(text, 0)).toBe(0);
  });

  it("scans across long runs of non-words and reaches the ends", () => {
    const t = `start${" ,".repeat(1000)} end`;
    const n = [...t].length;
    expect(nextWordBoundary(t, 5)).toBe(n);
    expect(previousWordBoundary(t, n - 3)).toBe(0);
    expect(nextWordBoundary(" ... ", 0)).toBe(5);
    expect(previousWordBoundary(" ... ", 5)).toBe(0);
  });

  it("throws for offsets outside the text", () => {
    expect(() => nextWordBoundary("abc", 4)).toThrow(RangeError);
    expect(() => previousWordBoundary("abc", -1)).toThrow(RangeError);
  });
});
