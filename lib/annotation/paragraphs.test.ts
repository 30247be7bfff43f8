import { describe, expect, it } from "vitest";
import { sliceByCodePoints } from "./offsets";
import { paragraphIndexAt, splitParagraphs } from "./paragraphs";

describe("splitParagraphs", () => {
  it("splits at \\n with code-point starts, keeping empty lines, and joins back exactly", () => {
    const text = "Title 😀\n\n𝐌𝐚𝐭𝐡 line\nlast";
    const ps = splitParagraphs(text);
    expect(ps.map((p) => p.text)).toEqual(["Title 😀", "", "𝐌𝐚𝐭𝐡 line", "last"]);
    expect(ps.map((p) => p.start)).toEqual([0, 8, 9, 19]);
    for (const p of ps) expect(sliceByCodePoints(text, p.start, p.end)).toBe(p.text);
    expect(ps.map((p) => p.text).join("\n")).toBe(text);
  });

  it("handles a text without newlines and one ending with a newline", () => {
    expect(splitParagraphs("abc")).toEqual([{ start: 0, end: 3, text: "abc" }]);
    expect(splitParagraphs("abc\n")).toEqual([
      { start: 0, end: 3, text: "abc" },
      { start: 4, end: 4, text: "" },
    ]);
  });

  it("finds the paragraph containing an offset", () => {
    const ps = splitParagraphs("ab\ncd\nef");
    expect(paragraphIndexAt(ps, 0)).toBe(0);
    expect(paragraphIndexAt(ps, 2)).toBe(0);
    expect(paragraphIndexAt(ps, 3)).toBe(1);
    expect(paragraphIndexAt(ps, 8)).toBe(2);
  });
});
