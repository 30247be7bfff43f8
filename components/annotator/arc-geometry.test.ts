import { describe, expect, it } from "vitest";
import { anchorOf, relationArc } from "./arc-geometry";
import { relationPhrase, relationRole } from "./relation-names";

describe("relation arcs", () => {
  it("leave each span over its first line, a little in from its start", () => {
    expect(anchorOf({ left: 100, top: 40, width: 200 })).toEqual({ x: 124, y: 40 });
    expect(anchorOf({ left: 100, top: 40, width: 20 })).toEqual({ x: 110, y: 40 }); // a short word: its middle
  });

  it("bow above both ends, higher the further apart they are, with the name at the top of the bow", () => {
    const near = relationArc({ left: 0, top: 100, width: 100 }, { left: 200, top: 100, width: 100 })!;
    expect(near.d).toBe("M 24 100 C 24 78, 224 78, 224 100"); // 10 px + 6 % of the 200 px between them
    expect(near.labelX).toBe(124);
    expect(near.labelY).toBe(83.5); // ¾ of the 22 px rise
    const far = relationArc({ left: 0, top: 100, width: 100 }, { left: 600, top: 100, width: 100 })!;
    expect(far.d).toContain("C 24 72,"); // capped at 28 px
    // On different lines the bow rises above the higher one; the arrow end stays where it is.
    const down = relationArc({ left: 300, top: 138, width: 100 }, { left: 20, top: 100, width: 60 })!;
    expect(down.d).toMatch(/^M 324 138 C 324 \d+(\.\d)?, 44 \d+(\.\d)?, 44 100$/);
    expect(parseFloat(down.d.split(" ")[5]!)).toBeLessThan(100);
  });

  it("gives up on ends too far apart to read as one arc", () => {
    expect(relationArc({ left: 0, top: 0, width: 50 }, { left: 0, top: 481, width: 50 })).toBeNull();
    expect(relationArc({ left: 0, top: 0, width: 50 }, { left: 0, top: 480, width: 50 })).not.toBeNull();
  });

  it("names relation types as people read them", () => {
    expect(relationPhrase("said_by")).toBe("said by");
    expect(relationPhrase("claimed_by")).toBe("claimed by");
    expect(relationRole("said_by")).toBe("Speaker");
    expect(relationRole("works_for")).toBe("works for");
  });
});
