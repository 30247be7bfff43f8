import { describe, expect, it } from "vitest";
import type { AgreementDocument } from "./types";
import { agreementAgainstGold, computeAgreement } from "./compute-agreement";
import { agreementReportToRows, goldAgreementReportToRows } from "./to-rows";

const docs: AgreementDocument[] = [
  {
    id: "d1",
    length: 4,
    tokens: [0, 1, 2, 3].map((i) => ({ start: i, end: i + 1 })),
    layers: [
      { annotator: "a", spans: [{ start: 0, end: 2, label: "PER" }] },
      { annotator: "b", spans: [{ start: 0, end: 1, label: "PER" }] },
    ],
  },
];

describe("agreementReportToRows", () => {
  it("emits one flat row per figure, with the report's values", () => {
    const report = computeAgreement(docs);
    const rows = agreementReportToRows(report);
    // pair: κ + (micro + 1 label) × 2 modes = 5; overall: 2; label: 2 modes; conflicts: 2 annotators + total
    expect(rows).toHaveLength(5 + 2 + 2 + 3);
    const pair = report.pairs[0]!;
    expect(rows.find((row) => row.scope === "pair" && row.metric === "cohen_kappa")).toMatchObject({
      annotatorA: "a",
      annotatorB: "b",
      value: pair.cohenKappa.value,
      documents: 1,
      tokens: 4,
    });
    expect(rows.find((row) => row.metric === "span_f1_overlap" && row.label === "PER")).toMatchObject({
      value: 1,
      precision: 1,
      recall: 1,
      tp: 1,
    });
    expect(rows.find((row) => row.metric === "krippendorff_alpha")?.value).toBe(report.overall.krippendorffAlpha.value);
    expect(rows.find((row) => row.metric === "mean_span_f1_exact")).toMatchObject({ label: "PER", value: 0, pairs: 1 });
    for (const row of rows) {
      for (const value of Object.values(row)) expect(value === null || ["string", "number"].includes(typeof value)).toBe(true);
    }
  });
});

describe("goldAgreementReportToRows", () => {
  it("emits κ and span rows per evaluated annotator with gold as annotatorA", () => {
    const rows = goldAgreementReportToRows(agreementAgainstGold(docs, "a"));
    expect(rows).toHaveLength(5);
    expect(rows.every((row) => row.scope === "gold" && row.annotatorA === "a" && row.annotatorB === "b")).toBe(true);
    expect(rows.find((row) => row.metric === "span_f1_exact" && row.label === null)).toMatchObject({ tp: 0, fp: 1, fn: 1, value: 0 });
  });
});
