import { describe, expect, it } from "vitest";
import { sliceByCodePoints } from "./offsets";
import { buildQuoteSelector, CONTEXT_LENGTH, reanchor, validateSpan, type SpanValidation } from "./selectors";

const FAMILY = "👩‍👩‍👧‍👦";
const FLAG = "🇺🇦";

function codeOf(v: SpanValidation): string | null {
  return v.ok ? null : v.code;
}
function messageOf(v: SpanValidation): string {
  return v.ok ? "" : v.message;
}

describe("buildQuoteSelector", () => {
  it("takes 32 code points of context on each side", () => {
    const before = "😀".repeat(40);
    const after = "𝐌".repeat(40);
    const text = `${before}quote${after}`;
    const sel = buildQuoteSelector(text, 40, 45);
    expect(sel.exact).toBe("quote");
    expect(sel.prefix).toBe("😀".repeat(CONTEXT_LENGTH));
    expect(sel.suffix).toBe("𝐌".repeat(CONTEXT_LENGTH));
    expect([...sel.prefix]).toHaveLength(32);
  });

  it("shortens context at the document edges", () => {
    const text = `${FAMILY} says hi`;
    expect(buildQuoteSelector(text, 0, 7)).toEqual({ exact: FAMILY, prefix: "", suffix: " says hi" });
    expect(buildQuoteSelector(text, 13, 15)).toEqual({ exact: "hi", prefix: `${FAMILY} says `, suffix: "" });
  });

  it("allows an empty exact and rejects invalid offsets", () => {
    expect(buildQuoteSelector("abc", 1, 1)).toEqual({ exact: "", prefix: "a", suffix: "bc" });
    expect(() => buildQuoteSelector("abc", 2, 1)).toThrow(RangeError);
    expect(() => buildQuoteSelector("abc", 0, 4)).toThrow(RangeError);
  });
});

describe("validateSpan", () => {
  const text = `Hi ${FAMILY} and ${FLAG}, cafe\u0301 中文 𝐌𝐚𝐭𝐡.`;
  // H0 i1 _2 family3-10 _10 a11 n12 d13 _14 flag15-17 ,17 _18 c19 a20 f21 e22 ´23 _24 中25 文26 _27 𝐌28..32 .32

  it("accepts valid spans, with or without a quote", () => {
    expect(validateSpan(text, { start: 3, end: 10 })).toEqual({ ok: true });
    expect(validateSpan(text, { start: 3, end: 10, quote: FAMILY })).toEqual({ ok: true });
    expect(validateSpan(text, { start: 15, end: 17, quote: FLAG })).toEqual({ ok: true });
    expect(validateSpan(text, { start: 19, end: 24, quote: "cafe\u0301" })).toEqual({ ok: true });
    expect(validateSpan(text, { start: 28, end: 32, quote: "𝐌𝐚𝐭𝐡" })).toEqual({ ok: true });
    expect(validateSpan(text, { start: 25, end: 27, quote: "中文" })).toEqual({ ok: true });
  });

  it("reports out_of_range with the numbers", () => {
    const n = [...text].length;
    const v = validateSpan(text, { start: 5, end: n + 1 });
    expect(codeOf(v)).toBe("out_of_range");
    expect(messageOf(v)).toContain(`${n}`);
    expect(messageOf(v)).toContain(`${n + 1}`);
    expect(codeOf(validateSpan(text, { start: -1, end: 2 }))).toBe("out_of_range");
    expect(codeOf(validateSpan(text, { start: 0.5, end: 2 }))).toBe("out_of_range");
    expect(codeOf(validateSpan(text, { start: Number.NaN, end: 2 }))).toBe("out_of_range");
  });

  it("reports empty_or_inverted", () => {
    expect(codeOf(validateSpan(text, { start: 4, end: 4 }))).toBe("empty_or_inverted");
    const v = validateSpan(text, { start: 9, end: 4 });
    expect(codeOf(v)).toBe("empty_or_inverted");
    expect(messageOf(v)).toMatch(/9.*4/);
  });

  it("reports splits_character inside ZWJ sequences, flags and combining marks", () => {
    const zwj = validateSpan(text, { start: 5, end: 12 });
    expect(codeOf(zwj)).toBe("splits_character");
    expect(messageOf(zwj)).toContain("start 5");
    expect(messageOf(zwj)).toContain("3–10");
    expect(messageOf(zwj)).toContain(FAMILY);
    expect(codeOf(validateSpan(text, { start: 11, end: 16 }))).toBe("splits_character");
    const mark = validateSpan(text, { start: 19, end: 23 });
    expect(codeOf(mark)).toBe("splits_character");
    expect(messageOf(mark)).toContain("end 23");
  });

  it("reports quote_mismatch and shows both strings", () => {
    const v = validateSpan(text, { start: 11, end: 14, quote: "but" });
    expect(codeOf(v)).toBe("quote_mismatch");
    expect(messageOf(v)).toContain('"but"');
    expect(messageOf(v)).toContain('"and"');
  });

  it("hints when offsets look like UTF-16 units", () => {
    // "and" is at UTF-16 15–18 but code points 11–14.
    const v = validateSpan(text, { start: 15, end: 18, quote: "and" });
    expect(codeOf(v)).toBe("quote_mismatch");
    expect(messageOf(v)).toMatch(/UTF-16/);
  });

  it("hints where the quote actually occurs", () => {
    const v = validateSpan("one two three", { start: 0, end: 3, quote: "two" });
    expect(messageOf(v)).toContain("occurs at 4–7");
  });

  it("checks quote before grapheme splitting and shortens long quotes", () => {
    const long = "x".repeat(200);
    const v = validateSpan(`${long}!`, { start: 0, end: 200, quote: "y".repeat(200) });
    expect(codeOf(v)).toBe("quote_mismatch");
    expect(messageOf(v).length).toBeLessThan(200);
  });
});

describe("reanchor", () => {
  const original = "The minister said the plan works. Later the minister said the plan fails.";
  const quote = (text: string, start: number, end: number): { start: number } & ReturnType<typeof buildQuoteSelector> => ({
    ...buildQuoteSelector(text, start, end),
    start,
  });

  it("returns the old offsets with score 1 when still valid", () => {
    const q = quote(original, 4, 12);
    expect(reanchor(original, q)).toEqual({ start: 4, end: 12, score: 1 });
  });

  it("follows the quote after an insertion before it, using context to pick the occurrence", () => {
    const start = original.lastIndexOf("minister");
    const q = quote(original, start, start + 8);
    const edited = `BREAKING: ${original}`;
    const r = reanchor(edited, q);
    expect(r).not.toBeNull();
    expect(r?.start).toBe(start + 10);
    expect(sliceByCodePoints(edited, r?.start ?? 0, r?.end ?? 0)).toBe("minister");
  });

  it("prefers the occurrence whose context matches, even if farther away", () => {
    const text = "alpha X beta. gamma X delta.";
    const q = { exact: "X", prefix: "gamma ", suffix: " delta.", start: 7 }; // stale start
    const r = reanchor(`${text}`, q);
    expect(r?.start).toBe(20);
  });

  it("uses proximity to break ties between identical contexts", () => {
    const text = "aa X bb\naa X bb\naa X bb";
    const q = { exact: "X", prefix: "aa ", suffix: " bb", start: 13 };
    expect(reanchor(text, q)?.start).toBe(11);
    expect(reanchor(text, { ...q, start: 1 })?.start).toBe(3);
  });

  it("tolerates a changed character in the context", () => {
    const text = "one: the plan works\ntwo: the plan fails";
    const q = { exact: "the plan", prefix: "twx: ", suffix: " fails", start: 999 };
    expect(reanchor(text, q)?.start).toBe(25);
  });

  it("works in code points with astral text", () => {
    const text = `${FAMILY} ${FLAG} says 𝐌𝐚𝐭𝐡 is hard; ${FLAG} says 𝐌𝐚𝐭𝐡 is fun`;
    const target = [...text].join("").lastIndexOf("𝐌𝐚𝐭𝐡");
    const cpStart = [...text.slice(0, target)].length;
    const q = quote(text, cpStart, cpStart + 4);
    const edited = `😀😀 ${text}`;
    const r = reanchor(edited, q);
    expect(r).toEqual({ start: cpStart + 3, end: cpStart + 7, score: expect.any(Number) });
    expect(sliceByCodePoints(edited, r?.start ?? 0, r?.end ?? 0)).toBe("𝐌𝐚𝐭𝐡");
  });

  it("does not anchor inside a grapheme cluster", () => {
    // "e" occurs only as the base of "é" (e + combining acute): not a valid anchor.
    expect(reanchor("cafe\u0301", { exact: "e", prefix: "caf", suffix: "" })).toBeNull();
    expect(reanchor(`${FLAG}${FLAG}`, { exact: "🇦🇺", prefix: "🇺", suffix: "🇦" })).toBeNull();
  });

  it("returns null when the quote is gone or empty, or below minScore", () => {
    expect(reanchor(original, { exact: "president", prefix: "", suffix: "" })).toBeNull();
    expect(reanchor(original, { exact: "", prefix: "The", suffix: "minister" })).toBeNull();
    const q = { exact: "plan", prefix: "zzzz", suffix: "qqqq" };
    expect(reanchor(original, q)).not.toBeNull();
    expect(reanchor(original, q, { minScore: 0.5 })).toBeNull();
  });

  it("re-validates a stale start that now splits a character", () => {
    const text = "cafe\u0301 and cafe";
    const r = reanchor(text, { exact: "cafe", prefix: "", suffix: "", start: 0 });
    expect(r?.start).toBe(10);
  });

  it("matches a span at the document start by its empty prefix", () => {
    const text = "plan: the plan";
    expect(reanchor(text, { exact: "plan", prefix: "", suffix: ": the", start: 50 })?.start).toBe(0);
  });
});
