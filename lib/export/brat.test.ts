import { readdirSync } from "node:fs";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { sliceByCodePoints } from "@/lib/annotation/offsets";
import {
  createCountingSource,
  expectGolden,
  FIXTURES_DIR,
  formatReport,
  runBinaryExport,
  VALID_SPANS,
} from "./__fixtures__/golden";
import { HARBOUR_DOCUMENTS, HARBOUR_OPTIONS, HARBOUR_PROJECT } from "./__fixtures__/harbour-project";
import { splitAtLineBreaks, writeBrat } from "./brat";
import { createEmptyReport } from "./report";
import type { ExportDocument, ExportSpan } from "./types";

const spanTemplate: ExportSpan = {
  id: "",
  start: 0,
  end: 0,
  labelId: "lbl-claim",
  label: "Claim",
  quote: "",
  attributes: {},
  note: null,
  entityId: null,
  entityType: null,
  annotator: "gold",
  createdAt: new Date(0),
  updatedAt: new Date(0),
};

const GOLDEN_DIR = "harbour.golden.brat";

async function exportFiles(): Promise<Record<string, string>> {
  const { output } = await runBinaryExport("brat");
  const files: Record<string, string> = {};
  for (const [name, bytes] of Object.entries(unzipSync(output))) files[name] = strFromU8(bytes);
  return files;
}

interface TextBound {
  id: string;
  type: string;
  fragments: [number, number][];
  text: string;
}

function parseTextBounds(ann: string): TextBound[] {
  return ann
    .split("\n")
    .filter((line) => line.startsWith("T"))
    .map((line) => {
      const [id = "", spec = "", text = ""] = line.split("\t");
      const [type = "", ...rest] = spec.split(" ");
      const fragments = rest
        .join(" ")
        .split(";")
        .map((f) => f.split(" ").map(Number) as [number, number]);
      return { id, type, fragments, text };
    });
}

describe("brat", () => {
  it("matches the golden files (unzipped) and report", async () => {
    const { report } = await runBinaryExport("brat");
    const files = await exportFiles();
    for (const [name, content] of Object.entries(files)) expectGolden(`${GOLDEN_DIR}/${name}`, content);
    expect(Object.keys(files).sort()).toEqual(readdirSync(join(FIXTURES_DIR, GOLDEN_DIR)).sort());
    expectGolden("harbour-brat.golden.report.json", formatReport(report));
  });

  it("writes the exact text and text-bound fragments that slice to the annotation text", async () => {
    const files = await exportFiles();
    const txtNames = Object.keys(files).filter((n) => n.endsWith(".txt"));
    expect(txtNames).toEqual(["harbour-ferry-hearing--doc-harbour.txt", "notes-taipei--doc-market.txt"]);
    let count = 0;
    HARBOUR_DOCUMENTS.forEach((doc, i) => {
      const stem = (txtNames[i] ?? "").replace(/\.txt$/, "");
      expect(files[`${stem}.txt`]).toBe(doc.text);
      for (const tb of parseTextBounds(files[`${stem}.ann`] ?? "")) {
        const text = tb.fragments.map(([s, e]) => sliceByCodePoints(doc.text, s, e));
        expect(text.join(" ")).toBe(tb.text);
        for (const piece of text) expect(piece).not.toMatch(/[\r\n]/);
        const start = tb.fragments[0]?.[0];
        const end = tb.fragments[tb.fragments.length - 1]?.[1];
        const source = [...VALID_SPANS.values()].find(
          (s) => s.documentId === doc.id && s.start === start && s.end === end && s.label.replace(/ /g, "_") === tb.type,
        );
        expect(source, `${doc.id} ${tb.id}`).toBeDefined();
        count += 1;
      }
    });
    expect(count).toBe(VALID_SPANS.size);
  });

  it("splits a span with a line break into discontinuous fragments", async () => {
    const files = await exportFiles();
    expect(files["harbour-ferry-hearing--doc-harbour.ann"]).toContain(
      "T3\tQuote 32 68;69 86\tThe new ferry \u{1F6A2} will run every hour, starting in June.\n",
    );
    expect(splitAtLineBreaks("a\r\n\nbc\n", 10)).toEqual([
      [10, 11],
      [14, 16],
    ]);
    expect(splitAtLineBreaks("\n", 0)).toEqual([]);
  });

  it("writes attributes, notes, normalisations and relations", async () => {
    const ann = (await exportFiles())["harbour-ferry-hearing--doc-harbour.ann"] ?? "";
    expect(ann).toContain("A6\tcheckworthy T9\n");
    expect(ann).not.toMatch(/checkworthy T4/); // false binary attribute = absent
    expect(ann).toContain("#1\tAnnotatorNotes T9\tCheck against the 2024 fare table. Ask the operator.\n");
    expect(ann).toContain("N1\tReference T1 Wikidata:Q4115189\tAna L\u00FAcia Pereira\n");
    expect(ann).toContain("N2\tReference T8 Spanlab:ent-joao\tJo\u00E3o Mendes\n");
    expect(ann).toContain("R1\tsaid_by Arg1:T3 Arg2:T1\n");
    expect(ann).not.toContain("source_hint");
  });

  it("notes line breaks trimmed from span edges and skips spans that are only line breaks", async () => {
    const doc: ExportDocument = {
      id: "edge",
      title: "Edge",
      text: "ab\n\ncd",
      sourceUrl: null,
      meta: {},
      status: "approved",
      spans: [
        { ...spanTemplate, id: "x", start: 0, end: 3, quote: "ab\n" },
        { ...spanTemplate, id: "y", start: 2, end: 4, quote: "\n\n" },
      ],
      relations: [{ id: "r", type: "said_by", fromId: "x", toId: "y" }],
    };
    const { output, report } = await runBinaryExport("brat", {}, [doc]);
    const ann = strFromU8(unzipSync(output)["edge--edge.ann"] ?? new Uint8Array());
    expect(ann).toBe("T1\tClaim 0 2\tab\n");
    expect(report.notes.some((n) => n.includes("start or end of a span"))).toBe(true);
    expect(report.notes.some((n) => n.includes("span y in document edge contains only line breaks"))).toBe(true);
    expect(report.relationsDropped.map((r) => r.relationId)).toEqual(["r"]);
  });

  it("streams: a document's files are emitted before the next document is read", async () => {
    const source = createCountingSource(1000);
    const iterator = writeBrat(HARBOUR_PROJECT, source.docs, HARBOUR_OPTIONS, createEmptyReport())[
      Symbol.asyncIterator
    ]();
    const first = await iterator.next();
    expect(first.done).toBe(false);
    expect(first.value).toBeInstanceOf(Uint8Array);
    expect(source.pulled()).toBe(1);
    await iterator.return?.();
  });
});
