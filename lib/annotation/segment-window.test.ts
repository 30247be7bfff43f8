import { describe, expect, it } from "vitest";
import { findAnchorAtOrAfter, findAnchorAtOrBefore, segmentWindow, type Granularity } from "./segment-window";

/** Deterministic PRNG (mulberry32) so failures are reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Pieces chosen to exercise the tricky UAX #29 rules: ZWJ sequences, regional-indicator parity,
// skin tones, combining marks, Indic conjuncts, Hangul jamo, prepend characters, Katakana,
// MidLetter/MidNum punctuation, Hebrew quotes, dictionary scripts (CJK, Thai), odd spaces.
const PIECES = [
  "a", "b", "Z", "3", "7", " ", " ", "  ", "\n", "\t", ",", ".", "'", "’", ":", ";", "-", "_", "\"",
  "(", ")", "!", "?", "。", "、", "中", "文", "字", "符", "ア", "イ", "ー", "한", "ᄀ", "ᅡ", "ᆨ",
  "e\u0301", "\u0301", "\u0308", "\u200D", "\u200C", "👩", "👧", "👍", "🏽", "🇺", "🇦", "😀", "𝐌", "𝐚",
  "ש", "ם", "א", "\u05F4", "م", "ر", "ก", "ไ", "ม", "\u00A0", "\u202F", "\uFEFF", "\u3000", "\u094D",
  "क", "ष", "\u093F", "\u0600", "©", "\uFE0F", "🏴", "\u{E0067}", "\u{E007F}", "%", "$", "@",
];

function randomText(next: () => number, pieces: number): string {
  let s = "";
  for (let i = 0; i < pieces; i++) s += PIECES[Math.floor(next() * PIECES.length)] ?? "";
  return s;
}

function fullSegments(granularity: Granularity, text: string): { start: number; end: number }[] {
  const seg = new Intl.Segmenter(undefined, { granularity });
  return [...seg.segment(text)].map((s) => ({ start: s.index, end: s.index + s.segment.length }));
}

describe.each(["grapheme", "word"] as const)("segmentWindow(%s)", (granularity) => {
  it("produces exactly the whole-text segmentation inside the window (fuzz)", () => {
    const next = rng(granularity === "grapheme" ? 1 : 2);
    for (let round = 0; round < 300; round++) {
      const text = randomText(next, 5 + Math.floor(next() * 80));
      const full = fullSegments(granularity, text);
      const boundaries = new Set(full.flatMap((s) => [s.start, s.end]));
      for (let k = 0; k < 8; k++) {
        const from = Math.floor(next() * (text.length + 1));
        const to = Math.min(text.length, from + Math.floor(next() * 12));
        const win = segmentWindow(granularity, text, from, to);
        if (from >= text.length) {
          expect(win).toEqual([]);
          continue;
        }
        const first = win[0];
        const last = win[win.length - 1];
        if (!first || !last) throw new Error(`empty window for ${JSON.stringify(text)} ${from}-${to}`);
        expect(boundaries.has(first.start), `anchor ${first.start} in ${JSON.stringify(text)}`).toBe(true);
        expect(boundaries.has(last.end), `anchor ${last.end} in ${JSON.stringify(text)}`).toBe(true);
        expect(first.start).toBeLessThanOrEqual(from);
        expect(last.end).toBeGreaterThanOrEqual(to);
        const expected = full.filter((s) => s.start >= first.start && s.end <= last.end);
        expect(
          win.map((s) => ({ start: s.start, end: s.end })),
          `window ${first.start}-${last.end} of ${JSON.stringify(text)}`,
        ).toEqual(expected);
      }
    }
  });

  it("finds anchors locally in long ordinary text", () => {
    const text = "word, ".repeat(50_000);
    const mid = 150_003;
    expect(mid - findAnchorAtOrBefore(granularity, text, mid)).toBeLessThan(16);
    expect(findAnchorAtOrAfter(granularity, text, mid) - mid).toBeLessThan(16);
  });
});

describe("anchors", () => {
  it("never lands between the halves of a surrogate pair", () => {
    const text = "😀😀😀";
    expect(findAnchorAtOrBefore("grapheme", text, 3)).toBe(2);
    expect(findAnchorAtOrAfter("grapheme", text, 3)).toBe(4);
  });

  it("treats text edges as anchors", () => {
    expect(findAnchorAtOrBefore("word", "中文字符", 2)).toBe(0);
    expect(findAnchorAtOrAfter("word", "中文字符", 2)).toBe(4);
  });
});
