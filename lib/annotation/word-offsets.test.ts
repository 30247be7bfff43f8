import { describe, expect, it } from "vitest";
import { tokenizeWords } from "./tokenize";
import { hasFastWordOffsets, tokenizeWordOffsets } from "./word-offsets";

const reference = (text: string) => tokenizeWords(text).map(({ start, end }) => ({ start, end }));

/** Every character the fast path claims to know. */
function supportedCharacters(): string[] {
  const out: string[] = [];
  for (let c = 0; c < 0x2b0; c++) {
    const ch = String.fromCharCode(c);
    if (hasFastWordOffsets(ch)) out.push(ch);
  }
  for (let c = 0x2010; c <= 0x2027; c++) out.push(String.fromCharCode(c));
  out.push("\u20ac");
  return out;
}

/** A small deterministic PRNG so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("tokenizeWordOffsets", () => {
  it("gives exactly tokenizeWords' offsets on typical news sentences", () => {
    const samples = [
      "Hello, Mr. Blinken said: \"no\".",
      "Blinken’s 3.5 don't e.g. a:b 1,000,000 and 4;5 — “quoted” text… right?",
      "The council’s plan (cost: €2.4m) was approved on 12/03/2024 by 7–2.\n\nNew paragraph\r\nwith CRLF\ttab\u00a0nbsp.",
      "Ærøskøbing, Łódź, Þórshöfn and São Paulo: naïve façades; snake_case_1 and _lead trail_",
      "",
      "   \n\n  ",
      "a..b 1..2 a''b 1'2'3 a.1 1.a a_1_b x·y x‧y",
    ];
    for (const text of samples) expect(tokenizeWordOffsets(text), JSON.stringify(text)).toEqual(reference(text));
  });

  it("agrees with tokenizeWords for every supported character between letters, digits, spaces and itself", () => {
    const contexts = ["a", "é", "1", " ", "_", ".", ":", ",", "\n", "’", "-"];
    for (const ch of supportedCharacters()) {
      // "\n" always breaks on both sides (WB3a/WB3b), so the variants can share one string.
      const variants: string[] = [];
      for (const left of contexts) {
        for (const right of contexts) variants.push(left + ch + right, left + left + ch + right + right, ch + ch + right);
      }
      const text = variants.join("\n");
      expect(tokenizeWordOffsets(text), JSON.stringify(ch)).toEqual(reference(text));
    }
  });

  it("agrees with tokenizeWords on 3,000 random strings over the supported characters", () => {
    const chars = supportedCharacters();
    // Weighted towards the characters that take part in joining rules.
    const frequent = ["a", "b", "Z", "é", "1", "2", " ", " ", ".", "'", "’", ":", ",", ";", "_", "\n", "\r"];
    const random = rng(20240601);
    for (let n = 0; n < 3000; n++) {
      const length = 1 + Math.floor(random() * 24);
      let text = "";
      for (let i = 0; i < length; i++) {
        const pool = random() < 0.7 ? frequent : chars;
        text += pool[Math.floor(random() * pool.length)]!;
      }
      expect(tokenizeWordOffsets(text), JSON.stringify(text)).toEqual(reference(text));
    }
  });

  it("falls back to tokenizeWords for other scripts, emoji and combining marks (code-point offsets)", () => {
    for (const text of ["😀 𝐌𝐚𝐭𝐡 ok", "東京で会議があった。", "Ελληνικά κείμενα", "e\u0301te\u0301", "soft\u00adhyphen", "next\u0085line"]) {
      expect(hasFastWordOffsets(text)).toBe(false);
      expect(tokenizeWordOffsets(text), JSON.stringify(text)).toEqual(reference(text));
    }
  });

  it("takes the fast path for Latin text with typographic punctuation", () => {
    expect(hasFastWordOffsets("“Naïve”, she said — it’s 5 € … fine.")).toBe(true);
  });
});
