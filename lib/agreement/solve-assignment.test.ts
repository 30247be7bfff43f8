import { describe, expect, it } from "vitest";
import { solveMinCostAssignment } from "./solve-assignment";

describe("solveMinCostAssignment", () => {
  it("finds the minimum-cost assignment of a square matrix", () => {
    // Rows → columns. Brute force over the 6 permutations:
    //   (0,1,2): 4+5+6=15 (0,2,1): 4+1+3=8  (1,0,2): 1+2+6=9
    //   (1,2,0): 1+1+2=4  (2,0,1): 3+2+3=8  (2,1,0): 3+5+2=10  → best (1,2,0) with cost 4
    const cost = Float64Array.from([4, 1, 3, 2, 5, 1, 2, 3, 6]);
    expect(Array.from(solveMinCostAssignment(3, 3, cost))).toEqual([1, 2, 0]);
  });

  it("assigns every row of a wide matrix to a distinct column", () => {
    // 2 rows × 3 columns: row 0 prefers column 2 (−9), row 1 prefers column 2 too (−8) but
    // −9 + −7 (row 1 → column 0) = −16 beats −8 + −5 (row 0 → column 1) = −13
    const cost = Float64Array.from([0, -5, -9, -7, 0, -8]);
    expect(Array.from(solveMinCostAssignment(2, 3, cost))).toEqual([2, 0]);
  });

  it("rejects more rows than columns", () => {
    expect(() => solveMinCostAssignment(2, 1, new Float64Array(2))).toThrow(RangeError);
  });
});
