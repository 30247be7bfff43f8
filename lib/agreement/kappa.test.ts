import { describe, expect, it } from "vitest";
import {
  computeCohenKappa,
  computeCohenKappaFromTable,
  computeFleissKappa,
  computeFleissKappaFromRatings,
  computeKrippendorffAlpha,
  type MaybeRating,
} from "./kappa";

/** Expands a 2-rater contingency table into two parallel rating lists. */
function expandTable(categories: readonly string[], table: readonly (readonly number[])[]): [string[], string[]] {
  const a: string[] = [];
  const b: string[] = [];
  table.forEach((row, i) =>
    row.forEach((count, j) => {
      for (let k = 0; k < count; k++) {
        a.push(categories[i]!);
        b.push(categories[j]!);
      }
    }),
  );
  return [a, b];
}

describe("computeCohenKappa", () => {
  it("is 1 for perfect agreement", () => {
    const ratings = ["yes", "yes", "no", "no", "no"];
    // p_o = 5/5 = 1; p_e = (2·2 + 3·3) / 25 = 13/25; κ = (1 − 13/25) / (1 − 13/25) = 1
    const result = computeCohenKappa(ratings, [...ratings]);
    expect(result.value).toBe(1);
    expect(result.observedAgreement).toBe(1);
    expect(result.expectedAgreement).toBeCloseTo(13 / 25, 15);
    expect(result.items).toBe(5);
  });

  it("is exactly 0 at chance-level agreement (constructed table)", () => {
    // 100 items. A: yes 60, no 40; B: yes 60, no 40; cells are the products of the marginals.
    //          B yes  B no
    // A yes      36     24
    // A no       24     16
    // p_o = (36 + 16) / 100 = 0.52; p_e = 0.6·0.6 + 0.4·0.4 = 0.52; κ = 0 / 0.48 = 0
    const result = computeCohenKappaFromTable([
      [36, 24],
      [24, 16],
    ]);
    expect(result.value).toBe(0);
    expect(result.observedAgreement).toBeCloseTo(0.52, 15);
    expect(result.expectedAgreement).toBeCloseTo(0.52, 15);
  });

  it("gives 0.4 on the textbook 50-item 2×2 example (20/5/10/15)", () => {
    //          B yes  B no
    // A yes      20      5    A yes = 25
    // A no       10     15    A no  = 25
    //       B yes = 30, B no = 20
    // p_o = (20 + 15) / 50 = 0.7
    // p_e = (25·30 + 25·20) / 50² = (750 + 500) / 2500 = 0.5
    // κ = (0.7 − 0.5) / (1 − 0.5) = 0.4
    const table = [
      [20, 5],
      [10, 15],
    ];
    const fromTable = computeCohenKappaFromTable(table);
    expect(fromTable.observedAgreement).toBeCloseTo(0.7, 15);
    expect(fromTable.expectedAgreement).toBeCloseTo(0.5, 15);
    expect(fromTable.value).toBeCloseTo(0.4, 15);
    expect(fromTable.items).toBe(50);

    const [a, b] = expandTable(["yes", "no"], table);
    expect(computeCohenKappa(a, b).value).toBeCloseTo(0.4, 15);
  });

  it("handles a category that one rater never used", () => {
    //          B x  B y  B z
    // A x       10    2    0    A x = 12
    // A y        1    8    0    A y =  9
    // A z        2    2    0    A z =  4   (B never says z)
    //       B x = 13, B y = 12, B z = 0; n = 25
    // p_o = (10 + 8 + 0) / 25 = 0.72
    // p_e = (12·13 + 9·12 + 4·0) / 625 = 264 / 625 = 0.4224
    // κ = (0.72 − 0.4224) / (1 − 0.4224) = 0.2976 / 0.5776 = 186 / 361 ≈ 0.51524
    const [a, b] = expandTable(
      ["x", "y", "z"],
      [
        [10, 2, 0],
        [1, 8, 0],
        [2, 2, 0],
      ],
    );
    expect(b).not.toContain("z");
    const result = computeCohenKappa(a, b);
    expect(result.observedAgreement).toBeCloseTo(0.72, 15);
    expect(result.expectedAgreement).toBeCloseTo(0.4224, 15);
    expect(result.value).toBeCloseTo(186 / 361, 15);
  });

  it("returns null (single-category) when every rating is the same category", () => {
    // p_o = 1, p_e = 1 → κ = 0/0: undefined, reported as null with the reason.
    const result = computeCohenKappa(["O", "O", "O"], ["O", "O", "O"]);
    expect(result).toEqual({
      value: null,
      observedAgreement: 1,
      expectedAgreement: 1,
      items: 3,
      undefinedReason: "single-category",
    });
  });

  it("is 0 when each rater uses a different single category", () => {
    // p_o = 0; p_e = 1·0 + 0·1 = 0; κ = (0 − 0) / (1 − 0) = 0 (defined: the raters vary between them)
    const result = computeCohenKappa(["x", "x"], ["y", "y"]);
    expect(result.value).toBe(0);
    expect(result.undefinedReason).toBeNull();
  });

  it("skips pairs with a missing rating and returns null (no-items) when nothing is left", () => {
    // Remaining pairs: (x,x), (y,y) → p_o = 1, p_e = (1·1 + 1·1)/4 = 0.5, κ = 1
    const result = computeCohenKappa(["x", null, "y", "x"], ["x", "y", "y", undefined]);
    expect(result.items).toBe(2);
    expect(result.value).toBe(1);

    const empty = computeCohenKappa([null], ["x"]);
    expect(empty.value).toBeNull();
    expect(empty.undefinedReason).toBe("no-items");
    expect(empty.observedAgreement).toBeNull();
  });

  it("treats 1 and '1' as different categories", () => {
    // Pairs (1,"1") and ("2","2"): p_o = 1/2; categories 1, "1", "2";
    // A: 1 ×1, "2" ×1; B: "1" ×1, "2" ×1 → p_e = (1·0 + 0·1 + 1·1)/4 = 1/4; κ = (1/2 − 1/4)/(3/4) = 1/3
    expect(computeCohenKappa([1, "2"], ["1", "2"]).value).toBeCloseTo(1 / 3, 15);
  });

  it("rejects unpaired lists and malformed tables", () => {
    expect(() => computeCohenKappa(["x"], ["x", "y"])).toThrow(RangeError);
    expect(() => computeCohenKappaFromTable([[1, 2]])).toThrow(RangeError);
    expect(() => computeCohenKappaFromTable([[-1]])).toThrow(RangeError);
  });
});

describe("computeFleissKappa", () => {
  it("matches a hand computation on a 5-item, 3-rater, 3-category matrix", () => {
    // counts[i] = raters choosing (A, B, C) for item i; n = 3 raters, N = 5 items
    // P_i = (Σ_j n_ij² − n) / (n(n − 1)) = (Σ_j n_ij² − 3) / 6
    //   [3,0,0]: (9 − 3)/6 = 1
    //   [2,1,0]: (4 + 1 − 3)/6 = 1/3
    //   [0,3,0]: 1
    //   [1,1,1]: (3 − 3)/6 = 0
    //   [0,1,2]: 1/3
    // P̄ = (1 + 1/3 + 1 + 0 + 1/3) / 5 = 8/15
    // column totals 6, 6, 3 of 15 → p = 0.4, 0.4, 0.2 → P_e = 0.16 + 0.16 + 0.04 = 0.36 = 9/25
    // κ = (8/15 − 9/25) / (1 − 9/25) = (13/75) / (16/25) = 13/48 ≈ 0.27083
    const result = computeFleissKappa([
      [3, 0, 0],
      [2, 1, 0],
      [0, 3, 0],
      [1, 1, 1],
      [0, 1, 2],
    ]);
    expect(result.observedAgreement).toBeCloseTo(8 / 15, 15);
    expect(result.expectedAgreement).toBeCloseTo(0.36, 15);
    expect(result.value).toBeCloseTo(13 / 48, 15);
    expect(result.items).toBe(5);
    expect(result.raters).toBe(3);
  });

  it("gives the same value from a ratings matrix", () => {
    const result = computeFleissKappaFromRatings([
      ["A", "A", "A"],
      ["A", "B", "A"],
      ["B", "B", "B"],
      ["C", "A", "B"],
      ["C", "B", "C"],
    ]);
    expect(result.value).toBeCloseTo(13 / 48, 15);
  });

  it("reproduces the published example (Fleiss 1971 data as on Wikipedia: κ ≈ 0.210)", () => {
    const result = computeFleissKappa([
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ]);
    expect(result.value).toBeCloseTo(0.21, 3);
    expect(result.observedAgreement).toBeCloseTo(0.378, 3);
    expect(result.expectedAgreement).toBeCloseTo(0.213, 3);
  });

  it("is 1 for perfect agreement", () => {
    // every P_i = 1 → P̄ = 1; totals 6, 3 of 9 → P_e = 4/9 + 1/9 = 5/9; κ = (1 − 5/9)/(1 − 5/9) = 1
    expect(
      computeFleissKappa([
        [3, 0],
        [0, 3],
        [3, 0],
      ]).value,
    ).toBe(1);
  });

  it("returns null (single-category) when all ratings fall into one category", () => {
    const result = computeFleissKappa([
      [0, 3],
      [0, 3],
    ]);
    expect(result.value).toBeNull();
    expect(result.undefinedReason).toBe("single-category");
    expect(result.observedAgreement).toBe(1);
    expect(result.expectedAgreement).toBe(1);
  });

  it("requires a complete matrix (same number of ratings per item, none missing)", () => {
    expect(() =>
      computeFleissKappa([
        [2, 1],
        [1, 1],
      ]),
    ).toThrow(/complete matrix/);
    expect(() =>
      computeFleissKappaFromRatings([
        ["a", "b", null],
        ["a", "a", "a"],
      ]),
    ).toThrow(/complete matrix/);
  });

  it("returns null for no items and for fewer than two raters", () => {
    expect(computeFleissKappa([]).undefinedReason).toBe("no-items");
    expect(computeFleissKappa([[1, 0]]).undefinedReason).toBe("fewer-than-two-raters");
  });
});

describe("computeKrippendorffAlpha (nominal)", () => {
  it("matches a hand computation with a missing value and an unpairable unit", () => {
    // units × raters (null = missing)
    //   u1: a a a    m=3, n_a=3       → o_aa += 3·2/2 = 3
    //   u2: a b –    m=2, n_a=n_b=1   → o_ab += 1·1/1 = 1, o_ba += 1
    //   u3: b b b    m=3              → o_bb += 3
    //   u4: a – –    m=1              → not pairable, skipped
    //   u5: b a b    m=3, n_a=1,n_b=2 → o_ab += 1·2/2 = 1, o_ba += 1, o_bb += 2·1/2 = 1
    // coincidences: o_aa = 3, o_ab = o_ba = 2, o_bb = 4 → n_a = 5, n_b = 6, n = 11
    // D_o = (o_ab + o_ba)/n = 4/11; D_e = 2·n_a·n_b / (n(n − 1)) = 60/110 = 6/11
    // α = 1 − D_o/D_e = 1 − 4/6 = 1/3
    const units: MaybeRating[][] = [
      ["a", "a", "a"],
      ["a", "b", null],
      ["b", "b", "b"],
      ["a", null, null],
      ["b", "a", "b"],
    ];
    const result = computeKrippendorffAlpha(units);
    expect(result.value).toBeCloseTo(1 / 3, 15);
    expect(result.observedAgreement).toBeCloseTo(1 - 4 / 11, 15);
    expect(result.expectedAgreement).toBeCloseTo(1 - 6 / 11, 15);
    expect(result.items).toBe(4);
    expect(result.pairableValues).toBe(11);
  });

  it("reproduces the published example (Krippendorff 2011, 4 coders × 12 units, nominal α ≈ 0.743)", () => {
    const n = null;
    const coders: MaybeRating[][] = [
      [1, 2, 3, 3, 2, 1, 4, 1, 2, n, n, n],
      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, n, 3],
      [n, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, n],
      [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, n],
    ];
    const units = coders[0]!.map((_, u) => coders.map((coder) => coder[u]));
    const result = computeKrippendorffAlpha(units);
    expect(result.value).toBeCloseTo(0.743, 3);
    expect(result.pairableValues).toBe(40);
  });

  it("is 1 for perfect agreement, also with varying numbers of raters", () => {
    // every pairable unit is unanimous → no off-diagonal coincidences → D_o = 0 → α = 1
    expect(
      computeKrippendorffAlpha([
        ["a", "a"],
        ["b", "b", "b"],
        ["a", null, "a"],
      ]).value,
    ).toBe(1);
  });

  it("returns null when there is no variation or nothing pairable", () => {
    const single = computeKrippendorffAlpha([
      ["a", "a"],
      ["a", "a", null],
    ]);
    expect(single.value).toBeNull();
    expect(single.undefinedReason).toBe("single-category");

    const unpairable = computeKrippendorffAlpha([["a", null], ["b"]]);
    expect(unpairable.value).toBeNull();
    expect(unpairable.undefinedReason).toBe("no-items");
  });
});
