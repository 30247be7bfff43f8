import { describe, expect, it } from "vitest";
import { sliceByCodePoints } from "@/lib/annotation/offsets";
import { splitSentences, TOKENIZER_DESCRIPTION } from "@/lib/annotation/tokenize";
import { collectText, expectGolden, formatReport, runTextExport, VALID_SPANS } from "./__fixtures__/golden";
import { HARBOUR_DOCUMENTS, HARBOUR_OPTIONS, HARBOUR_PROJECT, streamDocuments } from "./__fixtures__/harbour-project";
import { CONLL_DOCSTART, writeConll } from "./conll";
import { createEmptyReport } from "./report";
import type { ExportDocument } from "./types";

/** The tokenizer description names the runtime's ICU version; keep goldens independent of it. */
function withoutTokenizerVersion(output: string): string {
  return output.split(TOKENIZER_DESCRIPTION).join("<TOKENIZER_DESCRIPTION>");
}

interface Run {
  label: string;
  start: number;
  end: number;
}

/** Parse the CoNLL output back into tagged runs per document, checking tokens against the text. */
function parseRuns(output: string, docs: readonly ExportDocument[]): Map<string, Run[]> {
  const blocks = output.split(`${CONLL_DOCSTART}\n\n`);
  const header = blocks.shift() ?? "";
  for (const line of header.split("\n").filter((l) => l !== "")) {
    expect(line.startsWith("# ")).toBe(true);
    expect(line).not.toContain("\t");
  }
  expect(blocks).toHaveLength(docs.length);
  const runs = new Map<string, Run[]>();
  blocks.forEach((block, d) => {
    const doc = docs[d];
    if (!doc) throw new Error("missing document");
    const tokens = splitSentences(doc.text).flatMap((s) => s.tokens);
    const lines = block.split("\n").filter((l) => l !== "");
    expect(lines).toHaveLength(tokens.length);
    const docRuns: Run[] = [];
    lines.forEach((line, i) => {
      const [text, tag, ...rest] = line.split("\t");
      const token = tokens[i];
      expect(rest).toEqual([]);
      expect(text).toBe(token?.text);
      if (!token || tag === undefined || tag === "O") return;
      const [prefix, label] = [tag.slice(0, 2), tag.slice(2)];
      const current = docRuns[docRuns.length - 1];
      if (prefix === "B-") docRuns.push({ label, start: token.start, end: token.end });
      else {
        expect(prefix).toBe("I-");
        expect(current?.label).toBe(label);
        if (current) current.end = token.end;
      }
    });
    runs.set(doc.id, docRuns);
  });
  return runs;
}

describe("conll", () => {
  it("matches the golden file and report", async () => {
    const { output, report } = await runTextExport("conll");
    expect(output.startsWith("# spanlab conll export; offsets: unicode code points; tokenizer: ")).toBe(true);
    expectGolden("harbour.golden.conll", withoutTokenizerVersion(output));
    expectGolden("harbour-conll.golden.report.json", formatReport(report));
  });

  it("tags exactly the token ranges of the chosen spans (IOB2)", async () => {
    const runs = parseRuns((await runTextExport("conll")).output, HARBOUR_DOCUMENTS);
    expect(runs.get("doc-harbour")).toEqual([
      { label: "Public_Figure", start: 6, end: 24 },
      { label: "Quote", start: 32, end: 68 },
      { label: "Quote", start: 69, end: 86 }, // re-opened after the line break
      { label: "Claim", start: 88, end: 121 },
      { label: "Topic", start: 126, end: 137 },
      { label: "Person", start: 139, end: 151 },
      { label: "Claim", start: 158, end: 184 },
    ]);
    for (const [documentId, docRuns] of runs) {
      const doc = HARBOUR_DOCUMENTS.find((d) => d.id === documentId);
      for (const run of docRuns) {
        const source = [...VALID_SPANS.values()].find(
          (s) =>
            s.documentId === documentId &&
            s.label.replace(/\s+/g, "_") === run.label &&
            s.start <= run.start &&
            run.end <= s.end,
        );
        expect(source, `${documentId} ${run.label} [${run.start}, ${run.end})`).toBeDefined();
        const slice = sliceByCodePoints(doc?.text ?? "", run.start, run.end);
        expect(source?.quote.includes(slice)).toBe(true);
      }
    }
  });

  it("reports spans that are not on token boundaries instead of moving them", async () => {
    const { report } = await runTextExport("conll");
    expect(report.misaligned).toEqual([
      { documentId: "doc-harbour", spanId: "s-ferr", label: "Topic", start: 40, end: 44, text: "ferr" },
    ]);
    expect(report.misalignedByLabel).toEqual({ Topic: 1 });
  });

  it("puts the longest span in the column and reports the overlapped ones", async () => {
    const { report } = await runTextExport("conll");
    expect(report.overlapsDropped.map((o) => [o.spanId, o.keptSpanId])).toEqual([
      ["s-pereira-said", "s-ana"],
      ["s-ferry-claim", "s-quote"],
      ["g-claim", "g-quote"],
    ]);
  });

  it("lets labelPriority override length", async () => {
    const { report, output } = await runTextExport("conll", { labelPriority: ["Claim", "Topic"] });
    expect(report.overlapsDropped.map((o) => [o.spanId, o.keptSpanId])).toEqual([
      ["s-ana", "s-pereira-said"],
      ["s-quote", "s-ferry-claim"],
      ["g-quote", "g-claim"],
    ]);
    expect(output).toContain("Pereira\tB-Topic\nsaid\tI-Topic\n");
  });

  it("notes renamed labels and ignores the utf16 option", async () => {
    const { report } = await runTextExport("conll", { offsets: "utf16" });
    expect(report.notes).toContain('CoNLL: label "Public Figure" is written as "Public_Figure".');
    expect(report.notes.some((n) => n.includes('"utf16" offsets option was ignored'))).toBe(true);
  });

  it("writes a document without tokens as DOCSTART and a blank line", async () => {
    const empty: ExportDocument = {
      id: "doc-empty",
      title: "Blank",
      text: " \n ",
      sourceUrl: null,
      meta: {},
      status: "unassigned",
      spans: [],
      relations: [],
    };
    const out = await collectText(writeConll(HARBOUR_PROJECT, streamDocuments([empty]), HARBOUR_OPTIONS, createEmptyReport()));
    expect(out.endsWith(`\n${CONLL_DOCSTART}\n\n`)).toBe(true);
  });
});
