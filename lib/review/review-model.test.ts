import { describe, expect, it } from "vitest";
import { compareEnabledLayers, filterItems, firstItemAtOrAfter, goldIndexOf, itemStatus, rejectedSpanIds, step } from "./review-model";
import type { ReviewLayerDto, ReviewSpanDto } from "./types";

function span(id: string, start: number, end: number, labelId: string, extra: Partial<ReviewSpanDto> = {}): ReviewSpanDto {
  return { id, layer: "annotator", ownerId: null, labelId, start, end, attributes: {}, note: null, entityId: null, entityType: null, version: 1, sourceAnnotationId: null, updatedAt: "", ...extra };
}
function layer(id: string, spans: ReviewSpanDto[]): ReviewLayerDto {
  return {
    annotator: { id, name: id, initials: id.slice(0, 2).toUpperCase(), color: "#000", assignmentStatus: "submitted", submittedAt: null, isCompared: true },
    annotations: spans.map((s) => ({ ...s, ownerId: id })),
    relations: [],
  };
}

const layers = [layer("ann", [span("a1", 0, 5, "claim"), span("a2", 10, 20, "quote")]), layer("bob", [span("b1", 0, 5, "claim"), span("b2", 12, 20, "quote")]), layer("cat", [span("c1", 30, 35, "claim")])];

describe("review model", () => {
  it("compares only the layers switched on", () => {
    expect(compareEnabledLayers(layers, new Set(["ann", "bob"])).items.map((i) => i.kind)).toEqual(["agreed", "boundary"]);
    expect(compareEnabledLayers(layers, new Set(["ann", "bob", "cat"])).items.map((i) => i.kind)).toEqual(["missing", "missing", "missing"]);
  });

  it("marks an item settled when one of its spans is in gold (accepted or identical), or all its spans were rejected", () => {
    const { items } = compareEnabledLayers(layers, new Set(["ann", "bob"]));
    const gold = goldIndexOf([span("g1", 0, 5, "claim", { layer: "gold", sourceAnnotationId: "a1" })]);
    const rejected = rejectedSpanIds([
      { id: "d1", decision: "reject", reason: "x", annotationId: "a2", reviewerId: null, reviewerName: null, createdAt: "" },
      { id: "d2", decision: "return", reason: "y", annotationId: null, reviewerId: null, reviewerName: null, createdAt: "" },
    ]);
    expect(items.map((i) => itemStatus(i, gold, rejected))).toEqual(["in_gold", "open"]);
    rejected.add("b2");
    expect(itemStatus(items[1]!, gold, rejected)).toBe("rejected");
  });

  it("filters items by status and kind", () => {
    const { items } = compareEnabledLayers(layers, new Set(["ann", "bob"]));
    const statuses = ["in_gold", "open"] as const;
    expect(filterItems(items, [...statuses], "all")).toEqual([0, 1]);
    expect(filterItems(items, [...statuses], "open")).toEqual([1]);
    expect(filterItems(items, [...statuses], "disagreements")).toEqual([1]);
    expect(filterItems(items, [...statuses], "agreed")).toEqual([0]);
  });

  it("steps through a list, clamping at the ends and starting from the first or last", () => {
    expect(step(-1, 1, 3)).toBe(0);
    expect(step(-1, -1, 3)).toBe(2);
    expect(step(2, 1, 3)).toBe(2);
    expect(step(0, -1, 3)).toBe(0);
    expect(step(0, 1, 0)).toBe(-1);
  });

  it("finds the first item starting at or after an offset", () => {
    const items = [{ start: 0 }, { start: 10 }, { start: 10 }, { start: 30 }];
    expect(firstItemAtOrAfter(items, 10)).toBe(1);
    expect(firstItemAtOrAfter(items, 11)).toBe(3);
    expect(firstItemAtOrAfter(items, 99)).toBe(4);
  });
});
