import { describe, expect, it } from "vitest";
import { selectNonOverlapping } from "./overlaps";
import type { PreparedSpan } from "./prepare-document";

function candidate(id: string, label: string, start: number, end: number) {
  const prepared: PreparedSpan = {
    span: {
      id,
      start,
      end,
      labelId: label,
      label,
      quote: "",
      attributes: {},
      note: null,
      entityId: null,
      entityType: null,
      annotator: "gold",
      createdAt: new Date(0),
      updatedAt: new Date(0),
    },
    start,
    end,
    text: "",
  };
  return { prepared, from: start, to: end };
}

const ids = (list: { prepared: PreparedSpan }[]): string[] => list.map((c) => c.prepared.span.id);

describe("selectNonOverlapping", () => {
  const a = candidate("a", "Claim", 0, 10);
  const b = candidate("b", "Entity", 2, 5);
  const c = candidate("c", "Entity", 8, 14);
  const d = candidate("d", "Claim", 14, 20);
  const e = candidate("e", "Quote", 14, 20);

  it("prefers longer spans, then earlier starts, then label and id", () => {
    const { kept, dropped } = selectNonOverlapping([b, c, d, a, e]);
    expect(ids(kept)).toEqual(["a", "d"]);
    expect(dropped.map((x) => [x.candidate.prepared.span.id, x.keptBy.prepared.span.id])).toEqual([
      ["c", "a"],
      ["e", "d"],
      ["b", "a"],
    ]);
  });

  it("lets labelPriority win over length", () => {
    const { kept } = selectNonOverlapping([a, b, c, d, e], ["Entity", "Quote"]);
    expect(ids(kept)).toEqual(["b", "c", "e"]);
  });

  it("keeps adjacent spans (end is exclusive)", () => {
    expect(ids(selectNonOverlapping([c, d]).kept)).toEqual(["c", "d"]);
  });
});
