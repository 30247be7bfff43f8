import { describe, expect, it } from "vitest";
import { compareSpans, sortSpans, spansOverlap, type SpanLike } from "./spans";

describe("spansOverlap", () => {
  it("uses half-open semantics", () => {
    expect(spansOverlap({ start: 0, end: 5 }, { start: 4, end: 9 })).toBe(true);
    expect(spansOverlap({ start: 0, end: 5 }, { start: 5, end: 9 })).toBe(false); // touching
    expect(spansOverlap({ start: 2, end: 3 }, { start: 0, end: 9 })).toBe(true); // nested
    expect(spansOverlap({ start: 0, end: 9 }, { start: 0, end: 9 })).toBe(true); // identical
  });

  it("treats empty spans as points that overlap only strictly enclosing spans", () => {
    expect(spansOverlap({ start: 3, end: 3 }, { start: 0, end: 9 })).toBe(true);
    expect(spansOverlap({ start: 0, end: 0 }, { start: 0, end: 9 })).toBe(false);
    expect(spansOverlap({ start: 3, end: 3 }, { start: 3, end: 3 })).toBe(false);
  });

  it("is symmetric", () => {
    const a = { start: 1, end: 4 };
    const b = { start: 3, end: 8 };
    expect(spansOverlap(a, b)).toBe(spansOverlap(b, a));
  });
});

describe("sortSpans", () => {
  const span = (id: string, start: number, end: number): SpanLike => ({ id, start, end, labelId: "l" });

  it("sorts by start, then longer first, then id, without mutating", () => {
    const input = [span("d", 5, 6), span("c", 0, 2), span("b", 0, 9), span("a", 0, 2)];
    const copy = [...input];
    expect(sortSpans(input).map((s) => s.id)).toEqual(["b", "a", "c", "d"]);
    expect(input).toEqual(copy);
  });

  it("orders numeric ids numerically and tolerates missing ids", () => {
    expect([{ id: 10, start: 0, end: 1 }, { id: 9, start: 0, end: 1 }].sort(compareSpans).map((s) => s.id)).toEqual([9, 10]);
    expect(sortSpans([{ start: 3, end: 4 }, { start: 1, end: 2 }])).toEqual([{ start: 1, end: 2 }, { start: 3, end: 4 }]);
  });
});
