import { describe, expect, it } from "vitest";
import { sliceByCodePoints } from "./offsets";
import { splitSentences, tokenizeWords, TOKENIZER_DESCRIPTION, type Token, piecesForSegmentation } from "./tokenize";

const texts = (tokens: Token[]): string[] => tokens.map((t) => t.text);

/** Every token's offsets must be code points: text[start:end] === token.text. */
function expectConsistent(text: string, tokens: Token[]): void {
  for (const t of tokens) expect(sliceByCodePoints(text, t.start, t.end)).toBe(t.text);
  for (let i = 1; i < tokens.length; i++) {
    expect((tokens[i] as Token).start).toBeGreaterThanOrEqual((tokens[i - 1] as Token).end);
  }
}

describe("tokenizeWords", () => {
  it("splits words and makes punctuation separate tokens, dropping whitespace", () => {
    const text = "Hello, Mr. Blinken said: \"no\".";
    const tokens = tokenizeWords(text);
    expect(texts(tokens)).toEqual(["Hello", ",", "Mr", ".", "Blinken", "said", ":", '"', "no", '"', "."]);
    expectConsistent(text, tokens);
  });

  it("keeps contractions and decimals together (ICU rules)", () => {
    expect(texts(tokenizeWords("Blinken’s 3.5 don't"))).toEqual(["Blinken’s", "3.5", "don't"]);
  });

  it("uses code-point offsets after astral characters", () => {
    const text = "😀 𝐌𝐚𝐭𝐡 ok";
    const tokens = tokenizeWords(text);
    expect(tokens).toEqual([
      { start: 0, end: 1, text: "😀" },
      { start: 2, end: 6, text: "𝐌𝐚𝐭𝐡" },
      { start: 7, end: 9, text: "ok" },
    ]);
  });

  it("keeps ZWJ sequences, flags and skin tones as single tokens", () => {
    const text = "a 👩‍👩‍👧‍👦 b 🇺🇦 c 👍🏽 d";
    const tokens = tokenizeWords(text);
    expect(texts(tokens)).toEqual(["a", "👩‍👩‍👧‍👦", "b", "🇺🇦", "c", "👍🏽", "d"]);
    expect(tokens[1]).toEqual({ start: 2, end: 9, text: "👩‍👩‍👧‍👦" });
    expectConsistent(text, tokens);
  });

  it("keeps combining marks with their base", () => {
    const text = "cafe\u0301 noe\u0308l";
    expect(texts(tokenizeWords(text))).toEqual(["cafe\u0301", "noe\u0308l"]);
    expect(tokenizeWords(text)[1]).toEqual({ start: 6, end: 11, text: "noe\u0308l" });
  });

  it("segments CJK with the dictionary and handles RTL scripts", () => {
    const cjk = tokenizeWords("中文字符。好的！");
    expect(texts(cjk)).toEqual(["中文", "字符", "。", "好的", "！"]);
    expectConsistent("中文字符。好的！", cjk);
    const rtl = "שלום עולם, مرحبا بالعالم.";
    expect(texts(tokenizeWords(rtl))).toEqual(["שלום", "עולם", ",", "مرحبا", "بالعالم", "."]);
  });

  it("drops newlines and other whitespace (including NBSP and tabs)", () => {
    expect(texts(tokenizeWords("a\n\nb\tc\u00A0d  "))).toEqual(["a", "b", "c", "d"]);
    expect(tokenizeWords("")).toEqual([]);
    expect(tokenizeWords(" \n\t ")).toEqual([]);
  });

  it("accepts a locale", () => {
    expect(texts(tokenizeWords("Hallo Welt.", "de"))).toEqual(["Hallo", "Welt", "."]);
  });
});

describe("splitSentences", () => {
  it("splits on sentence punctuation and trims ranges to tokens", () => {
    const text = "It rained. Then it stopped!  Why?";
    const sentences = splitSentences(text);
    expect(sentences.map((s) => sliceByCodePoints(text, s.start, s.end))).toEqual([
      "It rained.",
      "Then it stopped!",
      "Why?",
    ]);
    expect(texts(sentences[0]?.tokens ?? [])).toEqual(["It", "rained", "."]);
  });

  it("always breaks at a newline, even mid-sentence", () => {
    const text = "A heading without a stop\nThe body starts here and\ncontinues. Done.";
    const sentences = splitSentences(text);
    expect(sentences.map((s) => sliceByCodePoints(text, s.start, s.end))).toEqual([
      "A heading without a stop",
      "The body starts here and",
      "continues.",
      "Done.",
    ]);
  });

  it("drops empty sentences from blank lines and whitespace", () => {
    const text = "\n\nOne.\n\n   \nTwo.\n";
    expect(splitSentences(text).map((s) => s.tokens.map((t) => t.text).join(""))).toEqual(["One.", "Two."]);
    expect(splitSentences("")).toEqual([]);
    expect(splitSentences("\n \n")).toEqual([]);
  });

  it("uses code-point offsets with emoji, CJK and RTL", () => {
    const text = "Yes 👍🏽. The 🇺🇦 wins.\n中文。好的！\nשלום. مرحبا.";
    const sentences = splitSentences(text);
    for (const s of sentences) {
      expectConsistent(text, s.tokens);
      expect(s.start).toBe(s.tokens[0]?.start);
      expect(s.end).toBe(s.tokens[s.tokens.length - 1]?.end);
    }
    expect(sentences.map((s) => sliceByCodePoints(text, s.start, s.end))).toEqual([
      "Yes 👍🏽.",
      "The 🇺🇦 wins.",
      "中文。",
      "好的！",
      "שלום.",
      "مرحبا.",
    ]);
  });

  it("partitions exactly the tokens of tokenizeWords", () => {
    const text = "Mr. Smith went to Washington. He said \"hi.\" Then\nleft 👩‍👩‍👧‍👦! e\u0301tait?\n\nFin";
    const all = splitSentences(text).flatMap((s) => s.tokens);
    expect(all).toEqual(tokenizeWords(text));
  });

  it("sentences are ordered and disjoint", () => {
    const text = "One. Two! Three?\nFour";
    const sentences = splitSentences(text);
    for (let i = 1; i < sentences.length; i++) {
      expect(sentences[i]?.start).toBeGreaterThanOrEqual(sentences[i - 1]?.end ?? 0);
    }
  });
});

describe("TOKENIZER_DESCRIPTION", () => {
  it("is a single descriptive line", () => {
    expect(TOKENIZER_DESCRIPTION).toMatch(/Intl\.Segmenter/);
    expect(TOKENIZER_DESCRIPTION).toMatch(/ICU/);
    expect(TOKENIZER_DESCRIPTION).not.toMatch(/\n/);
  });
});

describe("long texts", () => {
  it("tokenizes a long single-line text the same as its pieces, with contiguous code-point offsets", () => {
    const sentence = "Mayor Ines Calloway said 👩‍👩‍👧‍👦 the barrier (中文) would protect e\u0301 homes. ";
    const text = sentence.repeat(200); // ~14,000 UTF-16 units on one line: cut into pieces
    const tokens = tokenizeWords(text);
    const perSentence = tokenizeWords(sentence).filter((t) => t.text.trim());
    expect(tokens.length).toBe(perSentence.length * 200);
    const cps = Array.from(text);
    for (const t of tokens) expect(cps.slice(t.start, t.end).join("")).toBe(t.text);
  });

  it("cuts long lines only after a space before a letter or digit, and keeps newlines as their own pieces", () => {
    const line = "word ".repeat(1000);
    const pieces = [...piecesForSegmentation(`${line}\n\nnext`)];
    expect(pieces.join("")).toBe(`${line}\n\nnext`);
    expect(pieces.filter((p) => p === "\n")).toHaveLength(2);
    const cut = pieces.filter((p) => p !== "\n" && p !== "next");
    expect(cut.length).toBeGreaterThan(2);
    // Each piece reaches past 2,000 units only to the end of the word it started in ("word " = 5).
    for (const p of cut) expect(p.length).toBeLessThanOrEqual(2000 + 5);
    for (const p of cut) expect(p.endsWith(" ")).toBe(true);
  });
});
