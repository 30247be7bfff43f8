import { describe, expect, it } from "vitest";
import { sliceByCodePoints } from "@/lib/annotation/offsets";
import {
  createCountingSource,
  expectGolden,
  formatReport,
  MISMATCHED_SPAN_ID,
  runTextExport,
  VALID_SPANS,
} from "./__fixtures__/golden";
import { HARBOUR_DOCUMENTS, HARBOUR_OPTIONS, HARBOUR_PROJECT } from "./__fixtures__/harbour-project";
import { createEmptyReport } from "./report";
import { writeJsonl } from "./jsonl";

interface DoccanoLine {
  id: string;
  text: string;
  label: [number, number, string][];
  meta: Record<string, unknown>;
}

interface RichLine {
  id: string;
  text: string;
  entities: { id: string; start_offset: number; end_offset: number; label: string; annotator: string }[];
  relations: { id: string; from_id: string; to_id: string; type: string }[];
  annotators: string[];
  meta: Record<string, unknown>;
}

function parseLines<T>(output: string): T[] {
  expect(output.endsWith("\n")).toBe(true);
  return output
    .slice(0, -1)
    .split("\n")
    .map((line) => JSON.parse(line) as T);
}

describe("jsonl (doccano)", () => {
  it("matches the golden file and report", async () => {
    const { output, report } = await runTextExport("jsonl");
    expectGolden("harbour.golden.jsonl", output);
    expectGolden("harbour-jsonl.golden.report.json", formatReport(report));
  });

  it("writes offsets whose code-point slice is the span text", async () => {
    const lines = parseLines<DoccanoLine>((await runTextExport("jsonl")).output);
    expect(lines.map((l) => l.id)).toEqual(HARBOUR_DOCUMENTS.map((d) => d.id));
    let written = 0;
    for (const line of lines) {
      const doc = HARBOUR_DOCUMENTS.find((d) => d.id === line.id);
      expect(line.text).toBe(doc?.text);
      for (const [start, end, label] of line.label) {
        const source = [...VALID_SPANS.values()].find(
          (s) => s.documentId === line.id && s.start === start && s.end === end && s.label === label,
        );
        expect(source, `${line.id} [${start}, ${end}) ${label}`).toBeDefined();
        expect(sliceByCodePoints(line.text, start, end)).toBe(source?.quote);
        written += 1;
      }
    }
    expect(written).toBe(VALID_SPANS.size);
  });

  it("keeps Spanlab's title over a meta key of the same name", async () => {
    const [first] = parseLines<DoccanoLine>((await runTextExport("jsonl")).output);
    expect(first?.meta).toEqual({ title: "Harbour ferry hearing", source_url: null, status: "in_review", lang: "en" });
  });

  it("converts to UTF-16 offsets on request (JavaScript slices match)", async () => {
    const { output, report } = await runTextExport("jsonl", { offsets: "utf16" });
    let astralShifted = 0;
    for (const line of parseLines<DoccanoLine>(output)) {
      for (const [start, end, label] of line.label) {
        const slice = line.text.slice(start, end);
        const source = [...VALID_SPANS.values()].find(
          (s) => s.documentId === line.id && s.quote === slice && s.label === label,
        );
        expect(source, `${line.id} [${start}, ${end}) ${label}`).toBeDefined();
        if (source && source.start !== start) astralShifted += 1;
      }
    }
    expect(astralShifted).toBeGreaterThan(0);
    expect(report.notes.join(" ")).toContain("UTF-16");
  });
});

describe("jsonl-rich", () => {
  it("matches the golden file and report", async () => {
    const { output, report } = await runTextExport("jsonl-rich");
    expectGolden("harbour-rich.golden.jsonl", output);
    expectGolden("harbour-jsonl-rich.golden.report.json", formatReport(report));
  });

  it("round-trips every entity by id, in code points and in UTF-16", async () => {
    for (const unit of ["codepoint", "utf16"] as const) {
      const lines = parseLines<RichLine>((await runTextExport("jsonl-rich", { offsets: unit })).output);
      const seen = new Set<string>();
      for (const line of lines) {
        for (const entity of line.entities) {
          const source = VALID_SPANS.get(entity.id);
          const slice =
            unit === "utf16"
              ? line.text.slice(entity.start_offset, entity.end_offset)
              : sliceByCodePoints(line.text, entity.start_offset, entity.end_offset);
          expect(slice).toBe(source?.quote);
          seen.add(entity.id);
        }
      }
      expect(seen).toEqual(new Set(VALID_SPANS.keys()));
    }
  });

  it("leaves out the mismatched span and relations that point to it", async () => {
    const { output, report } = await runTextExport("jsonl-rich");
    expect(output).not.toContain(MISMATCHED_SPAN_ID);
    expect(output).not.toContain("r-bug-ana");
    expect(report.mismatched.map((m) => m.spanId)).toEqual([MISMATCHED_SPAN_ID]);
    expect(report.relationsDropped.map((r) => r.relationId)).toEqual(["r-bug-ana"]);
    const [first] = parseLines<RichLine>(output);
    expect(first?.relations.map((r) => r.id)).toEqual(["r-quote-ana", "r-fares-joao", "r-critics-ana"]);
    expect(first?.annotators).toEqual(["alice@example.org", "bob@example.org"]);
  });
});

describe("jsonl streaming", () => {
  it("emits a document's line before reading the next document", async () => {
    const source = createCountingSource(1000);
    const report = createEmptyReport();
    const iterator = writeJsonl(HARBOUR_PROJECT, source.docs, HARBOUR_OPTIONS, report)[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.done).toBe(false);
    expect(source.pulled()).toBe(1);
    await iterator.return?.();
  });
});
