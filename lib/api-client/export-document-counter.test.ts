import { describe, expect, it } from "vitest";
import { HARBOUR_DOCUMENTS, HARBOUR_OPTIONS, HARBOUR_PROJECT, streamDocuments } from "@/lib/export/__fixtures__/harbour-project";
import { EXPORT_FORMAT_IDS, createEmptyReport, getExportWriter, type ExportFormat } from "@/lib/export";
import { concatBytes } from "@/lib/export/bytes";
import type { ExportDocument } from "@/lib/export/types";
import { createDocumentCounter } from "./export-document-counter";

async function exportBytes(format: ExportFormat, docs: readonly ExportDocument[]): Promise<Uint8Array> {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  const report = createEmptyReport();
  for await (const chunk of getExportWriter(format)(HARBOUR_PROJECT, streamDocuments(docs), HARBOUR_OPTIONS, report)) {
    parts.push(typeof chunk === "string" ? encoder.encode(chunk) : chunk);
  }
  return concatBytes(parts);
}

/** The fixture documents repeated under fresh ids, plus one document without spans. */
function corpus(): ExportDocument[] {
  const docs: ExportDocument[] = [];
  for (let i = 0; i < 4; i++) for (const d of HARBOUR_DOCUMENTS) docs.push({ ...d, id: `${d.id}-${i}` });
  docs.push({ ...HARBOUR_DOCUMENTS[0]!, id: "no-spans", spans: [], relations: [] });
  return docs;
}

describe("counting documents in an export stream, for the download progress bar", () => {
  it.each(EXPORT_FORMAT_IDS.map((f) => [f]))("%s: counts every document whatever the chunk boundaries", async (format) => {
    const docs = corpus();
    const bytes = await exportBytes(format, docs);
    for (const size of [1, 3, 7, 64, 4096, bytes.length]) {
      const counter = createDocumentCounter(format);
      for (let at = 0; at < bytes.length; at += size) counter.push(bytes.subarray(at, at + size));
      // CSV and W3C list spans only: a document without spans never shows up in them.
      const withSpans = docs.filter((d) => d.spans.length > 0).length;
      expect(counter.count, `chunks of ${size}`).toBe(counter.spansOnly ? withSpans : docs.length);
    }
  });

  it("counts nothing before the first document arrives", async () => {
    const bytes = await exportBytes("label-studio", corpus());
    const counter = createDocumentCounter("label-studio");
    counter.push(bytes.subarray(0, 1)); // "["
    expect(counter.count).toBe(0);
  });
});
