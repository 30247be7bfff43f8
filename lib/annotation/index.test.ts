import { describe, expect, it } from "vitest";
import * as api from "./index";

describe("lib/annotation public API", () => {
  it("re-exports the documented functions and constants", () => {
    for (const name of [
      "codePointLength",
      "createOffsetIndex",
      "getOffsetIndex",
      "sliceByCodePoints",
      "isGraphemeBoundary",
      "snapToGraphemes",
      "snapToWords",
      "nextWordBoundary",
      "previousWordBoundary",
      "tokenizeWords",
      "splitSentences",
      "buildQuoteSelector",
      "validateSpan",
      "reanchor",
      "createIntervalIndex",
      "computeStacking",
      "spansOverlap",
      "sortSpans",
    ] as const) {
      expect(typeof api[name], name).toBe("function");
    }
    expect(api.CONTEXT_LENGTH).toBe(32);
    expect(typeof api.TOKENIZER_DESCRIPTION).toBe("string");
  });

  it("composes: tokens are valid spans that survive quote round trips", () => {
    const text = "Blinken 👩‍👩‍👧‍👦 visited Kyiv 🇺🇦.\nHe said: “e\u0301lan”.";
    for (const t of api.tokenizeWords(text)) {
      expect(api.validateSpan(text, { start: t.start, end: t.end, quote: t.text })).toEqual({ ok: true });
      const sel = api.buildQuoteSelector(text, t.start, t.end);
      expect(api.reanchor(`PREFIX ${text}`, { ...sel, start: t.start })).toMatchObject({
        start: t.start + 7,
        end: t.end + 7,
      });
    }
  });
});
