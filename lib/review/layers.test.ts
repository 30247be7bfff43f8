import { describe, expect, it } from "vitest";
import { assignLayerIdentities, baseInitials, isComparedLayer, LAYER_COLORS } from "./layers";

describe("layer identities", () => {
  it("takes initials from the first and last word, or the first two letters of one word", () => {
    expect(baseInitials("Ada Lovelace")).toBe("AL");
    expect(baseInitials("grace brewster murray hopper")).toBe("GH");
    expect(baseInitials("zoë")).toBe("ZO");
    expect(baseInitials("  ")).toBe("?");
  });

  it("orders layers by name, gives each a colour, and makes clashing initials unique", () => {
    const layers = assignLayerIdentities([
      { id: "3", name: "Bo Smith" },
      { id: "1", name: "Ann Lee" },
      { id: "2", name: "Al Long" },
    ]);
    expect(layers.map((l) => [l.name, l.initials, l.color])).toEqual([
      ["Al Long", "AL", LAYER_COLORS[0]],
      ["Ann Lee", "AL2", LAYER_COLORS[1]],
      ["Bo Smith", "BS", LAYER_COLORS[2]],
    ]);
  });

  it("compares layers with spans or with started work, not merely assigned ones", () => {
    expect(isComparedLayer(3, "assigned")).toBe(true);
    expect(isComparedLayer(0, "submitted")).toBe(true);
    expect(isComparedLayer(0, "assigned")).toBe(false);
    expect(isComparedLayer(0, null)).toBe(false);
  });
});
