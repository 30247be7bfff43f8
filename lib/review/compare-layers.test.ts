import { describe, expect, it } from "vitest";
import { compareLayers, indexItemsBySpan, type LayerSpan } from "./compare-layers";

const span = (id: string, annotator: string, start: number, end: number, labelId: string): LayerSpan => ({ id, annotator, start, end, labelId });

/** Items reduced to what the tests assert: kind, differences, and who has which span. */
function summary(spans: LayerSpan[], annotators?: string[]) {
  return compareLayers(spans, annotators ? { annotators } : {}).items.map((item) => ({
    kind: item.kind,
    differences: item.differences,
    range: [item.start, item.end],
    who: Object.fromEntries(item.annotators.map((a) => [a.annotator, a.spans.map((s) => s.id)])),
  }));
}

/** A deterministic shuffle (so "order does not matter" is checked on many orders, reproducibly). */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let x = seed;
  for (let i = out.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe("compareLayers", () => {
  it("marks a span every annotator tagged with the same boundaries and label as agreed", () => {
    const result = compareLayers([span("a1", "ann", 0, 5, "claim"), span("b1", "bob", 0, 5, "claim"), span("c1", "cat", 0, 5, "claim")]);
    expect(result.items).toHaveLength(1);
    expect(result.items[0]).toMatchObject({ kind: "agreed", differences: [], start: 0, end: 5, labelIds: ["claim"], missing: [] });
    expect(result.items[0]!.annotators.map((a) => [a.annotator, a.spans.map((s) => s.id)])).toEqual([
      ["ann", ["a1"]],
      ["bob", ["b1"]],
      ["cat", ["c1"]],
    ]);
    expect(result.counts).toEqual({ agreed: 1, boundary: 0, label: 0, missing: 0, total: 1, disagreements: 0 });
  });

  it("classifies same label with different (overlapping) boundaries as a boundary disagreement", () => {
    expect(summary([span("a1", "ann", 10, 20, "claim"), span("b1", "bob", 12, 20, "claim")])).toEqual([
      { kind: "boundary", differences: ["boundary"], range: [10, 20], who: { ann: ["a1"], bob: ["b1"] } },
    ]);
  });

  it("classifies same boundaries with different labels as a label disagreement", () => {
    expect(summary([span("a1", "ann", 3, 9, "claim"), span("b1", "bob", 3, 9, "quote")])).toEqual([
      { kind: "label", differences: ["label"], range: [3, 9], who: { ann: ["a1"], bob: ["b1"] } },
    ]);
  });

  it("classifies a span some annotators have nothing overlapping with as missing, naming who is missing", () => {
    const result = compareLayers([span("a1", "ann", 0, 4, "claim"), span("b1", "bob", 0, 4, "claim")], { annotators: ["ann", "bob", "cat"] });
    expect(result.items).toHaveLength(1);
    expect(result.items[0]).toMatchObject({ kind: "missing", differences: ["missing"], missing: ["cat"] });
    expect(result.counts.missing).toBe(1);
  });

  it("keeps the other differences of a missing item (two of three disagree on boundaries, one has nothing)", () => {
    expect(summary([span("a1", "ann", 0, 10, "claim"), span("b1", "bob", 2, 10, "claim")], ["ann", "bob", "cat"])).toEqual([
      { kind: "missing", differences: ["boundary", "missing"], range: [0, 10], who: { ann: ["a1"], bob: ["b1"], cat: [] } },
    ]);
  });

  it("a label disagreement of three where two agree lists all three annotators with their spans", () => {
    expect(summary([span("a1", "ann", 0, 4, "claim"), span("b1", "bob", 0, 4, "quote"), span("c1", "cat", 0, 4, "claim")])).toEqual([
      { kind: "label", differences: ["label"], range: [0, 4], who: { ann: ["a1"], bob: ["b1"], cat: ["c1"] } },
    ]);
  });

  it("does not let a span already agreed on explain another disagreement (nested entity inside an agreed quote)", () => {
    const items = summary([
      span("a-quote", "ann", 0, 100, "quote"),
      span("b-quote", "bob", 0, 100, "quote"),
      span("a-entity", "ann", 50, 60, "entity"),
    ]);
    expect(items).toEqual([
      { kind: "agreed", differences: [], range: [0, 100], who: { ann: ["a-quote"], bob: ["b-quote"] } },
      { kind: "missing", differences: ["missing"], range: [50, 60], who: { ann: ["a-entity"], bob: [] } },
    ]);
  });

  it("separates a boundary disagreement on a quote from a missing entity inside it", () => {
    const items = summary([
      span("a-quote", "ann", 0, 100, "quote"),
      span("b-quote", "bob", 0, 98, "quote"),
      span("a-entity", "ann", 50, 60, "entity"),
    ]);
    expect(items.map((i) => [i.kind, i.range])).toEqual([
      ["boundary", [0, 100]],
      ["missing", [50, 60]],
    ]);
  });

  it("groups spans of one label that overlap transitively into one item, and keeps touching spans apart", () => {
    const items = summary([
      span("a1", "ann", 0, 10, "claim"),
      span("a2", "ann", 10, 20, "claim"), // touches a1: no overlap
      span("b1", "bob", 5, 15, "claim"), // bridges a1 and a2
      span("a3", "ann", 30, 40, "claim"),
      span("b2", "bob", 40, 45, "claim"), // touches a3
    ]);
    expect(items).toEqual([
      { kind: "boundary", differences: ["boundary"], range: [0, 20], who: { ann: ["a1", "a2"], bob: ["b1"] } },
      { kind: "missing", differences: ["missing"], range: [30, 40], who: { ann: ["a3"], bob: [] } },
      { kind: "missing", differences: ["missing"], range: [40, 45], who: { ann: [], bob: ["b2"] } },
    ]);
  });

  it("two overlapping spans of different labels with different boundaries are two missing items, not one", () => {
    const items = summary([span("a1", "ann", 0, 10, "claim"), span("b1", "bob", 2, 12, "quote")]);
    expect(items.map((i) => [i.kind, i.who])).toEqual([
      ["missing", { ann: ["a1"], bob: [] }],
      ["missing", { ann: [], bob: ["b1"] }],
    ]);
  });

  it("counts an annotator who is listed but tagged nothing as missing everywhere", () => {
    const result = compareLayers([span("a1", "ann", 0, 3, "claim"), span("a2", "ann", 5, 8, "quote")], { annotators: ["ann", "bob"] });
    expect(result.items.map((i) => i.kind)).toEqual(["missing", "missing"]);
    expect(result.items.every((i) => i.missing.join() === "bob")).toBe(true);
  });

  it("ignores spans of annotators not in the list (layers switched off)", () => {
    const result = compareLayers([span("a1", "ann", 0, 3, "claim"), span("b1", "bob", 0, 3, "claim"), span("c1", "cat", 0, 5, "claim")], {
      annotators: ["ann", "bob"],
    });
    expect(result.items).toHaveLength(1);
    expect(result.items[0]!.kind).toBe("agreed");
    expect(result.items[0]!.spans.map((s) => s.id)).toEqual(["a1", "b1"]);
  });

  it("with a single annotator, every span is agreed (nothing to disagree with)", () => {
    const result = compareLayers([span("a1", "ann", 0, 3, "claim"), span("a2", "ann", 1, 4, "claim")]);
    expect(result.items.map((i) => i.kind)).toEqual(["agreed", "agreed"]);
  });

  it("returns no items for no spans, and an empty layer list when nobody annotated", () => {
    expect(compareLayers([])).toEqual({
      annotators: [],
      items: [],
      counts: { agreed: 0, boundary: 0, label: 0, missing: 0, total: 0, disagreements: 0 },
    });
  });

  it("puts every span in exactly one item and orders items by position", () => {
    const spans = [
      span("a1", "ann", 40, 50, "claim"),
      span("b1", "bob", 40, 50, "claim"),
      span("a2", "ann", 0, 10, "quote"),
      span("b2", "bob", 0, 10, "claim"),
      span("a3", "ann", 20, 30, "entity"),
      span("b3", "bob", 22, 30, "entity"),
      span("b4", "bob", 60, 61, "entity"),
    ];
    const result = compareLayers(spans);
    const ids = result.items.flatMap((i) => i.spans.map((s) => s.id)).sort();
    expect(ids).toEqual(spans.map((s) => s.id).sort());
    expect(result.items.map((i) => [i.kind, i.start])).toEqual([
      ["label", 0],
      ["boundary", 20],
      ["agreed", 40],
      ["missing", 60],
    ]);
    const index = indexItemsBySpan(result.items);
    expect(index.get("b3")).toBe(1);
    expect(index.get("b4")).toBe(3);
    expect(result.counts).toEqual({ agreed: 1, boundary: 1, label: 1, missing: 1, total: 4, disagreements: 3 });
  });

  it("gives the same result whatever the order of the spans", () => {
    const spans = [
      span("a1", "ann", 0, 10, "claim"),
      span("b1", "bob", 0, 10, "claim"),
      span("c1", "cat", 0, 10, "claim"),
      span("a2", "ann", 15, 25, "quote"),
      span("b2", "bob", 15, 25, "claim"),
      span("c2", "cat", 15, 25, "quote"),
      span("a3", "ann", 30, 40, "entity"),
      span("b3", "bob", 31, 40, "entity"),
      span("c3", "cat", 30, 41, "entity"),
      span("a4", "ann", 32, 35, "entity"),
      span("c4", "cat", 50, 55, "claim"),
      span("b5", "bob", 50, 52, "quote"),
    ];
    const reference = JSON.stringify(compareLayers(spans));
    for (let seed = 1; seed <= 25; seed++) expect(JSON.stringify(compareLayers(shuffled(spans, seed)))).toBe(reference);
  });

  it("keys each item by its smallest span id, stable across orders", () => {
    const result = compareLayers([span("z", "bob", 0, 5, "claim"), span("m", "ann", 0, 5, "claim")]);
    expect(result.items[0]!.key).toBe("m");
  });
});
