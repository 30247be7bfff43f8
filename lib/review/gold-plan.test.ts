import { describe, expect, it } from "vitest";
import { findOverlapConflict, GoldIndex, planGoldRelations, type OverlapPolicyName } from "./gold-plan";

describe("GoldIndex", () => {
  it("matches an annotator span to the gold span accepted from it, even after the gold span was edited", () => {
    const gold = new GoldIndex([{ id: "g1", start: 0, end: 12, labelId: "claim", sourceAnnotationId: "a1" }]);
    expect(gold.match({ id: "a1", start: 0, end: 10, labelId: "claim" })).toBe("g1");
  });

  it("matches a span identical to a gold span (same boundaries and label) from any layer", () => {
    const gold = new GoldIndex([{ id: "g1", start: 0, end: 10, labelId: "claim", sourceAnnotationId: "a1" }]);
    expect(gold.match({ id: "b1", start: 0, end: 10, labelId: "claim" })).toBe("g1");
    expect(gold.match({ id: "b2", start: 0, end: 10, labelId: "quote" })).toBeUndefined();
    expect(gold.match({ id: "b3", start: 0, end: 11, labelId: "claim" })).toBeUndefined();
  });

  it("sees spans added after it was built", () => {
    const gold = new GoldIndex();
    expect(gold.identical({ start: 1, end: 2, labelId: "x" })).toBeUndefined();
    gold.add({ id: "g9", start: 1, end: 2, labelId: "x", sourceAnnotationId: null });
    expect(gold.identical({ start: 1, end: 2, labelId: "x" })).toBe("g9");
    expect(gold.isGold("g9")).toBe(true);
  });
});

describe("planGoldRelations", () => {
  const toGold = (map: Record<string, string>) => (id: string) => map[id];

  it("copies a relation whose two ends are in gold onto the gold spans", () => {
    expect(planGoldRelations([{ id: "r1", type: "said_by", fromId: "q", toId: "e" }], toGold({ q: "gq", e: "ge" }), [])).toEqual([
      { type: "said_by", fromId: "gq", toId: "ge", sourceRelationId: "r1" },
    ]);
  });

  it("leaves a relation behind while one end is not in gold", () => {
    expect(planGoldRelations([{ id: "r1", type: "said_by", fromId: "q", toId: "e" }], toGold({ q: "gq" }), [])).toEqual([]);
  });

  it("does not duplicate a gold relation that exists, nor the same relation from two layers", () => {
    const relations = [
      { id: "r1", type: "said_by", fromId: "qa", toId: "ea" },
      { id: "r2", type: "said_by", fromId: "qb", toId: "eb" },
      { id: "r3", type: "claimed_by", fromId: "qb", toId: "eb" },
    ];
    const map = toGold({ qa: "gq", qb: "gq", ea: "ge", eb: "ge" });
    expect(planGoldRelations(relations, map, [])).toEqual([
      { type: "said_by", fromId: "gq", toId: "ge", sourceRelationId: "r1" },
      { type: "claimed_by", fromId: "gq", toId: "ge", sourceRelationId: "r3" },
    ]);
    expect(planGoldRelations(relations, map, [{ type: "said_by", fromId: "gq", toId: "ge" }]).map((r) => r.sourceRelationId)).toEqual(["r3"]);
  });

  it("drops a relation whose ends collapse onto one gold span", () => {
    expect(planGoldRelations([{ id: "r1", type: "same_as", fromId: "a", toId: "b" }], toGold({ a: "g", b: "g" }), [])).toEqual([]);
  });
});

describe("findOverlapConflict", () => {
  const policies: Record<string, OverlapPolicyName> = { claim: "no-same-label", quote: "any", date: "none" };
  const policyOf = (id: string) => policies[id] ?? "any";

  it("allows overlaps under the 'any' policy", () => {
    expect(findOverlapConflict({ start: 0, end: 5, labelId: "quote" }, [{ id: "g", start: 2, end: 8, labelId: "quote" }], policyOf)).toBeNull();
  });

  it("refuses two overlapping spans of a no-same-label label but allows other labels", () => {
    expect(findOverlapConflict({ start: 0, end: 5, labelId: "claim" }, [{ id: "g", start: 2, end: 8, labelId: "claim" }], policyOf)).toEqual({
      otherId: "g",
      reason: 'two "claim" spans may not overlap',
    });
    expect(findOverlapConflict({ start: 0, end: 5, labelId: "claim" }, [{ id: "g", start: 2, end: 8, labelId: "quote" }], policyOf)).toBeNull();
  });

  it("refuses anything overlapping a 'none' label, either way round", () => {
    expect(findOverlapConflict({ start: 0, end: 5, labelId: "date" }, [{ id: "g", start: 2, end: 8, labelId: "quote" }], policyOf)?.otherId).toBe("g");
    expect(findOverlapConflict({ start: 0, end: 5, labelId: "quote" }, [{ id: "g", start: 2, end: 8, labelId: "date" }], policyOf)?.reason).toMatch(/"date"/);
  });
});
