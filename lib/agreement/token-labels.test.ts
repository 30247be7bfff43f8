import { describe, expect, it } from "vitest";
import { createLabelCodebook } from "./label-codebook";
import { assignTokenLabelCodes, assignTokenLabels } from "./token-labels";

// "Anna met Bob in Paris today"
//  tokens: Anna[0,4) met[5,8) Bob[9,12) in[13,15) Paris[16,21) today[22,27)
const tokens = [
  { start: 0, end: 4 },
  { start: 5, end: 8 },
  { start: 9, end: 12 },
  { start: 13, end: 15 },
  { start: 16, end: 21 },
  { start: 22, end: 27 },
];

describe("assignTokenLabels", () => {
  it("labels covered tokens and gives O to the rest", () => {
    const result = assignTokenLabels(tokens, [
      { start: 0, end: 4, label: "PER" },
      { start: 16, end: 21, label: "LOC" },
    ]);
    expect(result).toEqual({ labels: ["PER", "O", "O", "O", "LOC", "O"], conflicts: 0, conflictTokenIndices: [] });
  });

  it("labels tokens that a span only partly overlaps, but not tokens it merely touches", () => {
    // [6,10) overlaps "met" [5,8) and "Bob" [9,12) partly; it ends before "in" and starts after "Anna".
    // [12,13) lies in the gap between "Bob" and "in": it touches both and covers neither.
    const result = assignTokenLabels(tokens, [
      { start: 6, end: 10, label: "X" },
      { start: 12, end: 13, label: "Y" },
    ]);
    expect(result.labels).toEqual(["O", "X", "X", "O", "O", "O"]);
  });

  it("picks the shortest covering span and counts the token as a conflict", () => {
    // ORG [0,21) covers tokens 0–4; PER [9,12) covers token 2 and is shorter → token 2 = PER
    const result = assignTokenLabels(tokens, [
      { start: 0, end: 21, label: "ORG" },
      { start: 9, end: 12, label: "PER" },
    ]);
    expect(result.labels).toEqual(["ORG", "ORG", "PER", "ORG", "ORG", "O"]);
    expect(result.conflicts).toBe(1);
    expect(result.conflictTokenIndices).toEqual([2]);
  });

  it("breaks equal-length ties by label name, independent of span order", () => {
    const spans = [
      { start: 16, end: 21, label: "LOC" },
      { start: 16, end: 21, label: "GPE" },
    ];
    for (const order of [spans, [...spans].reverse()]) {
      const result = assignTokenLabels(tokens, order);
      expect(result.labels[4]).toBe("GPE"); // "GPE" < "LOC"
      expect(result.conflicts).toBe(1);
    }
  });

  it("does not count nested spans of one label as a conflict", () => {
    const result = assignTokenLabels(tokens, [
      { start: 0, end: 12, label: "ORG" },
      { start: 5, end: 12, label: "ORG" },
    ]);
    expect(result.labels).toEqual(["ORG", "ORG", "ORG", "O", "O", "O"]);
    expect(result.conflicts).toBe(0);
  });

  it("ignores labels outside options.labels (no label, no conflict)", () => {
    const result = assignTokenLabels(
      tokens,
      [
        { start: 0, end: 21, label: "ORG" },
        { start: 9, end: 12, label: "PER" },
      ],
      { labels: ["PER"] },
    );
    expect(result.labels).toEqual(["O", "O", "PER", "O", "O", "O"]);
    expect(result.conflicts).toBe(0);
  });

  it("lets empty spans cover nothing and never labels empty tokens", () => {
    const result = assignTokenLabels(
      [
        { start: 0, end: 4 },
        { start: 4, end: 4 },
        { start: 5, end: 8 },
      ],
      [
        { start: 0, end: 8, label: "X" },
        { start: 6, end: 6, label: "Y" },
      ],
    );
    expect(result.labels).toEqual(["X", "O", "X"]);
    expect(result.conflicts).toBe(0);
  });

  it("rejects unordered tokens and the reserved label O", () => {
    expect(() =>
      assignTokenLabels(
        [
          { start: 5, end: 8 },
          { start: 0, end: 4 },
        ],
        [],
      ),
    ).toThrow(/ordered/);
    expect(() => assignTokenLabels(tokens, [{ start: 0, end: 4, label: "O" }])).toThrow(/reserved/);
  });
});

describe("assignTokenLabelCodes", () => {
  it("returns codebook codes (0 = O, then labels in name order)", () => {
    const codebook = createLabelCodebook(["PER", "LOC"]); // LOC = 1, PER = 2
    const result = assignTokenLabelCodes(
      tokens,
      [
        { start: 0, end: 4, label: "PER" },
        { start: 16, end: 21, label: "LOC" },
        { start: 22, end: 27, label: "DATE" }, // not in the codebook: ignored
      ],
      codebook,
    );
    expect(Array.from(result.codes)).toEqual([2, 0, 0, 0, 1, 0]);
    expect(result.conflicts).toBe(0);
  });
});
