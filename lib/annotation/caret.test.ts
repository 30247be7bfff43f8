import { describe, expect, it } from "vitest";
import { adjacentSpan, adjustSpanEdge, caretAt, cycleSpanAt, isCollapsed, lineBounds, moveCaret, selectionBounds } from "./caret";
import { sliceByCodePoints } from "./offsets";

const FAMILY = "👩‍👩‍👧‍👦"; // 7 code points, one grapheme
const TEXT = `Hi ${FAMILY} cafe\u0301 𝐌𝐚𝐭𝐡 end`;

describe("caret model", () => {
  it("moves by whole graphemes, never inside a ZWJ sequence or a combining mark", () => {
    // "Hi " = 3 code points; the family emoji occupies 3..10
    let sel = caretAt(3);
    sel = moveCaret(TEXT, sel, 1, "grapheme", false);
    expect(sel).toEqual(caretAt(10));
    sel = moveCaret(TEXT, sel, -1, "grapheme", false);
    expect(sel).toEqual(caretAt(3));
    // "cafe\u0301": c=11 a=12 f=13 e=14 U+0301=15, so the "é" cluster is 14..16
    expect(moveCaret(TEXT, caretAt(14), 1, "grapheme", false)).toEqual(caretAt(16));
    expect(moveCaret(TEXT, caretAt(16), -1, "grapheme", false)).toEqual(caretAt(14));
  });

  it("Shift+arrows extend from a fixed anchor; a plain arrow collapses to the side it moves to", () => {
    let sel = caretAt(0);
    sel = moveCaret(TEXT, sel, 1, "grapheme", true);
    sel = moveCaret(TEXT, sel, 1, "grapheme", true);
    expect(sel).toEqual({ anchor: 0, focus: 2 });
    expect(sliceByCodePoints(TEXT, 0, 2)).toBe("Hi");
    expect(moveCaret(TEXT, sel, -1, "grapheme", false)).toEqual(caretAt(0));
    expect(moveCaret(TEXT, sel, 1, "grapheme", false)).toEqual(caretAt(2));
    // Extending backwards past the anchor flips the direction.
    const back = moveCaret(TEXT, { anchor: 2, focus: 2 }, -1, "grapheme", true);
    expect(selectionBounds(back)).toEqual({ start: 1, end: 2 });
  });

  it("Ctrl/Alt+Shift+arrows extend by words (to the end of the next word, the start of the previous)", () => {
    const text = "Antony Blinken said, plainly.";
    let sel = caretAt(0);
    sel = moveCaret(text, sel, 1, "word", true);
    expect(sel).toEqual({ anchor: 0, focus: 6 });
    sel = moveCaret(text, sel, 1, "word", true);
    expect(sliceByCodePoints(text, sel.anchor, sel.focus)).toBe("Antony Blinken");
    sel = moveCaret(text, sel, 1, "word", true);
    sel = moveCaret(text, sel, 1, "word", true);
    expect(sliceByCodePoints(text, sel.anchor, sel.focus)).toBe("Antony Blinken said, plainly");
    sel = moveCaret(text, sel, -1, "word", true);
    expect(sliceByCodePoints(text, sel.anchor, sel.focus)).toBe("Antony Blinken said, ");
  });

  it("word steps over astral letters count code points, not UTF-16 units", () => {
    // "𝐌𝐚𝐭𝐡" starts at 17 and is 4 code points (8 UTF-16 units)
    expect(moveCaret(TEXT, caretAt(17), 1, "word", false)).toEqual(caretAt(21));
  });

  it("Home/End go to the edges of the \\n-separated line; Ctrl+Home/End to the document's", () => {
    const text = "first line\nsecond 😀 line\nthird";
    const inSecond = 15;
    expect(lineBounds(text, inSecond)).toEqual({ start: 11, end: 24 }); // "second 😀 line" is 13 code points
    expect(moveCaret(text, caretAt(inSecond), -1, "line", false)).toEqual(caretAt(11));
    expect(moveCaret(text, caretAt(inSecond), 1, "line", false)).toEqual(caretAt(24));
    expect(moveCaret(text, caretAt(inSecond), 1, "document", false)).toEqual(caretAt(30));
    expect(moveCaret(text, caretAt(inSecond), -1, "document", true)).toEqual({ anchor: inSecond, focus: 0 });
  });

  it("stays inside the text at both ends", () => {
    expect(moveCaret("ab", caretAt(0), -1, "grapheme", false)).toEqual(caretAt(0));
    expect(moveCaret("ab", caretAt(2), 1, "grapheme", false)).toEqual(caretAt(2));
    expect(moveCaret("ab", { anchor: 9, focus: 9 }, -1, "grapheme", false)).toEqual(caretAt(1));
    expect(isCollapsed(caretAt(1))).toBe(true);
  });
});

describe("adjustSpanEdge", () => {
  const text = "The minister said the port will reopen.";
  const span = { start: 4, end: 17 }; // "minister said"

  it("moves the start and end by a grapheme", () => {
    expect(adjustSpanEdge(text, span, "start", -1, "grapheme")).toEqual({ start: 3, end: 17 });
    expect(adjustSpanEdge(text, span, "start", 1, "grapheme")).toEqual({ start: 5, end: 17 });
    expect(adjustSpanEdge(text, span, "end", 1, "grapheme")).toEqual({ start: 4, end: 18 });
    expect(adjustSpanEdge(text, span, "end", -1, "grapheme")).toEqual({ start: 4, end: 16 });
  });

  it("moves the start and end by whole words", () => {
    const q = (r: { start: number; end: number } | null) => (r ? sliceByCodePoints(text, r.start, r.end) : null);
    expect(q(adjustSpanEdge(text, span, "start", -1, "word"))).toBe("The minister said");
    expect(q(adjustSpanEdge(text, span, "start", 1, "word"))).toBe("said");
    expect(q(adjustSpanEdge(text, span, "end", 1, "word"))).toBe("minister said the");
    expect(q(adjustSpanEdge(text, span, "end", -1, "word"))).toBe("minister");
  });

  it("refuses moves that would empty the span or leave the text", () => {
    const one = { start: 4, end: 12 }; // "minister"
    expect(adjustSpanEdge(text, one, "start", 1, "word")).toBeNull();
    expect(adjustSpanEdge(text, one, "end", -1, "word")).toBeNull();
    expect(adjustSpanEdge(text, { start: 4, end: 5 }, "start", 1, "grapheme")).toBeNull();
    expect(adjustSpanEdge(text, { start: 0, end: 3 }, "start", -1, "grapheme")).toBeNull();
    expect(adjustSpanEdge(text, { start: 31, end: 39 }, "end", 1, "grapheme")).toBeNull();
  });

  it("never splits a grapheme cluster", () => {
    const t = `a ${FAMILY} b`;
    expect(adjustSpanEdge(t, { start: 0, end: 2 }, "end", 1, "grapheme")).toEqual({ start: 0, end: 9 });
    expect(adjustSpanEdge(t, { start: 0, end: 9 }, "end", -1, "grapheme")).toEqual({ start: 0, end: 2 });
  });
});

describe("span choice", () => {
  const spans = [
    { id: "outer", start: 0, end: 30 },
    { id: "inner", start: 5, end: 10 },
    { id: "middle", start: 3, end: 20 },
  ];

  it("cycles from the innermost span outwards on repeated clicks, wrapping", () => {
    expect(cycleSpanAt(spans, null)?.id).toBe("inner");
    expect(cycleSpanAt(spans, "inner")?.id).toBe("middle");
    expect(cycleSpanAt(spans, "middle")?.id).toBe("outer");
    expect(cycleSpanAt(spans, "outer")?.id).toBe("inner");
    expect(cycleSpanAt([], null)).toBeNull();
  });

  it("Tab and Shift+Tab walk spans in reading order and stop at the ends", () => {
    const sorted = [
      { id: "a", start: 0 },
      { id: "b", start: 10 },
      { id: "c", start: 20 },
    ];
    expect(adjacentSpan(sorted, "a", 0, 1)?.id).toBe("b");
    expect(adjacentSpan(sorted, "c", 0, 1)).toBeNull();
    expect(adjacentSpan(sorted, "a", 0, -1)).toBeNull();
    expect(adjacentSpan(sorted, null, 12, 1)?.id).toBe("c");
    expect(adjacentSpan(sorted, null, 12, -1)?.id).toBe("b");
  });
});
