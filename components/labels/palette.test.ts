import { describe, expect, it } from "vitest";
import { contrastRatio, LABEL_PALETTE, textColorOn } from "./palette";

describe("label palette", () => {
  it("has at least 3:1 contrast against the light and the dark surface for every colour", () => {
    for (const c of LABEL_PALETTE) {
      expect(contrastRatio(c.value, "#ffffff"), `${c.name} on light`).toBeGreaterThanOrEqual(3);
      expect(contrastRatio(c.value, "#1d1d1b"), `${c.name} on dark`).toBeGreaterThanOrEqual(3);
    }
  });

  it("has distinct, well-formed colours and names", () => {
    expect(new Set(LABEL_PALETTE.map((c) => c.value)).size).toBe(LABEL_PALETTE.length);
    expect(new Set(LABEL_PALETTE.map((c) => c.name)).size).toBe(LABEL_PALETTE.length);
    for (const c of LABEL_PALETTE) expect(c.value).toMatch(/^#[0-9a-f]{6}$/);
  });

  it("computes WCAG contrast and picks readable text", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(textColorOn("#fde047")).toBe("#000000");
    expect(textColorOn("#1e3a8a")).toBe("#ffffff");
  });
});
