import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { sliceByCodePoints } from "@/lib/annotation/offsets";
import { expectGolden, formatReport, runTextExport, VALID_SPANS } from "./__fixtures__/golden";
import { HARBOUR_DOCUMENTS } from "./__fixtures__/harbour-project";
import { CSV_COLUMNS } from "./csv";

describe("csv", () => {
  it("matches the golden file and report", async () => {
    const { output, report } = await runTextExport("csv");
    expectGolden("harbour.golden.csv", output);
    expectGolden("harbour-csv.golden.report.json", formatReport(report));
  });

  it("uses CRLF record ends and quotes fields containing a bare line feed", async () => {
    const { output } = await runTextExport("csv");
    expect(output.startsWith(`${CSV_COLUMNS.join(",")}\r\n`)).toBe(true);
    expect(output).toContain('"The new ferry \u{1F6A2} will run every hour,\nstarting in June."');
    expect(output.replace(/"(?:[^"]|"")*"/g, "").split("\n").every((line, i, all) => i === all.length - 1 || line.endsWith("\r"))).toBe(true);
  });

  it("parses back (RFC 4180) to rows whose offsets slice to the text column", async () => {
    const { output } = await runTextExport("csv");
    const rows = parse(output, { columns: true }) as Record<(typeof CSV_COLUMNS)[number], string>[];
    expect(rows).toHaveLength(VALID_SPANS.size);
    for (const row of rows) {
      const doc = HARBOUR_DOCUMENTS.find((d) => d.id === row.document_id);
      expect(sliceByCodePoints(doc?.text ?? "", Number(row.start), Number(row.end))).toBe(row.text);
      expect(row.text).not.toBe("");
      expect(() => JSON.parse(row.attributes) as unknown).not.toThrow();
    }
    expect(rows.find((r) => r.label === "Claim" && r.start === "158")?.note).toBe(
      "Check against the 2024 fare table.\nAsk the operator.",
    );
    // The mismatched span (stored at [106, 124)) is not written.
    expect(rows.some((r) => r.start === "106")).toBe(false);
  });
});
