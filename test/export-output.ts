/**
 * Reads an export file back (any format) into the spans it carries, for tests that check every
 * exported span against the text: the integration tests of lib/server/export.ts and e2e/export.spec.ts.
 *
 * For formats that carry the document text (jsonl, jsonl-rich, label-studio, spacy, brat) the span's
 * text is the code-point slice of the EXPORTED text; for the others (conll, w3c, csv) it is the slice
 * of the document text the caller passes in (`texts`, by document id, in export order).
 */
import { parse as parseCsv } from "csv-parse/sync";
import { unzipSync } from "fflate";
import { createOffsetIndex, sliceByCodePoints } from "../lib/annotation/offsets";
import type { ExportFormat } from "../lib/export";
import { parseBratFiles } from "../lib/import/brat";
import { parseJsonlRich } from "../lib/import/jsonl-rich";
import { parseLabelStudioTasks } from "../lib/import/label-studio";

export interface ExportedSpan {
  /** Document id as the file names it (brat: the file stem). */
  document: string;
  label: string;
  /** Code points. */
  start: number;
  end: number;
  /** text[start:end] of the exported text (or of the given document text). */
  slice: string;
  /** The span text the file itself states, when it states one. */
  stated: string | null;
}

export interface ExportedFile {
  /** Exported document texts by document id (formats that carry the text). */
  texts: Map<string, string>;
  spans: ExportedSpan[];
  /** Documents in the file (formats that list them). */
  documents: number | null;
}

function decode(bytes: Uint8Array): string {
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}

function lines(text: string): string[] {
  return text.split("\n").filter((l) => l.trim() !== "");
}

type Json = Record<string, unknown>;

/** Parses `bytes` as `format` (offsets in code points). `texts` is required for conll, w3c and csv. */
export async function readExportFile(format: ExportFormat, bytes: Uint8Array, texts: Map<string, string> = new Map()): Promise<ExportedFile> {
  const spans: ExportedSpan[] = [];
  const exported = new Map<string, string>();
  const given = (id: string): string => {
    const t = texts.get(id);
    if (t === undefined) throw new Error(`no text given for document ${id}`);
    return t;
  };
  switch (format) {
    case "jsonl": {
      const records = lines(decode(bytes)).map((l) => JSON.parse(l) as { id: string; text: string; label: [number, number, string][] });
      for (const r of records) {
        exported.set(r.id, r.text);
        for (const [start, end, label] of r.label) spans.push({ document: r.id, label, start, end, slice: sliceByCodePoints(r.text, start, end), stated: null });
      }
      return { texts: exported, spans, documents: records.length };
    }
    case "jsonl-rich": {
      let n = 0;
      for await (const r of parseJsonlRich(decode(bytes))) {
        n += 1;
        const id = r.id ?? String(r.index);
        exported.set(id, r.text);
        for (const s of r.spans) spans.push({ document: id, label: s.label, start: s.start, end: s.end, slice: sliceByCodePoints(r.text, s.start, s.end), stated: null });
      }
      return { texts: exported, spans, documents: n };
    }
    case "label-studio": {
      const tasks = JSON.parse(decode(bytes)) as Json[];
      // parseLabelStudioTasks itself refuses a region whose value.text differs from the text at its offsets.
      const records = parseLabelStudioTasks(tasks);
      records.forEach((r, i) => {
        const id = r.id ?? String(i);
        exported.set(id, r.text);
        for (const s of r.spans) spans.push({ document: id, label: s.label, start: s.start, end: s.end, slice: sliceByCodePoints(r.text, s.start, s.end), stated: s.text });
      });
      return { texts: exported, spans, documents: records.length };
    }
    case "spacy": {
      const records = lines(decode(bytes)).map((l) => JSON.parse(l) as { text: string; ents: Json[]; spans: { sc: { start: number; end: number; label: string }[] }; meta: { id: string } });
      for (const r of records) {
        exported.set(r.meta.id, r.text);
        for (const s of r.spans.sc) spans.push({ document: r.meta.id, label: s.label, start: s.start, end: s.end, slice: sliceByCodePoints(r.text, s.start, s.end), stated: null });
      }
      return { texts: exported, spans, documents: records.length };
    }
    case "brat": {
      const files = unzipSync(bytes);
      const records = parseBratFiles(files);
      for (const r of records) {
        const id = r.id ?? String(r.index);
        exported.set(id, r.text);
        // parseBratFiles refuses a T line whose text differs from the .txt file at its fragments.
        for (const s of r.spans) spans.push({ document: id, label: s.label, start: s.start, end: s.end, slice: sliceByCodePoints(r.text, s.start, s.end), stated: s.text });
      }
      return { texts: exported, spans, documents: records.length };
    }
    case "w3c": {
      const doc = JSON.parse(decode(bytes)) as { first: { items: Json[] }; "@included"?: { items: Json[] }[] };
      const items = [doc.first, ...(doc["@included"] ?? [])].flatMap((p) => p.items);
      for (const item of items) {
        if (item.motivation !== "tagging") continue;
        const target = item.target as { source: string; selector: Json[] };
        const id = target.source.split(/[:/]/).pop() ?? "";
        const quote = target.selector.find((s) => s.type === "TextQuoteSelector") as { exact: string };
        const position = target.selector.find((s) => s.type === "TextPositionSelector") as { start: number; end: number };
        const label = ((item.body as Json[]).find((b) => b.purpose === "tagging") as { value: string }).value;
        spans.push({ document: id, label, start: position.start, end: position.end, slice: sliceByCodePoints(given(id), position.start, position.end), stated: quote.exact });
      }
      return { texts: exported, spans, documents: null };
    }
    case "csv": {
      const rows = parseCsv(decode(bytes), { columns: true, record_delimiter: "\r\n" }) as Record<string, string>[];
      for (const row of rows) {
        const id = row.document_id ?? "";
        const start = Number(row.start);
        const end = Number(row.end);
        spans.push({ document: id, label: row.label ?? "", start, end, slice: sliceByCodePoints(given(id), start, end), stated: row.text ?? null });
      }
      return { texts: exported, spans, documents: null };
    }
    case "conll":
      return readConll(decode(bytes), texts);
  }
}

/**
 * CoNLL has tokens, not offsets: each document's tokens are located in the given text in order, and
 * each B-/I- run becomes a span from its first token's start to its last token's end.
 */
function readConll(content: string, texts: Map<string, string>): ExportedFile {
  const spans: ExportedSpan[] = [];
  const order = [...texts.keys()];
  const blocks = content.split("-DOCSTART- -X- -X- O\n").slice(1);
  if (blocks.length !== order.length) throw new Error(`CoNLL has ${blocks.length} documents, expected ${order.length}`);
  blocks.forEach((block, k) => {
    const id = order[k]!;
    const text = texts.get(id)!;
    const index = createOffsetIndex(text);
    let cursor = 0;
    let open: { label: string; start: number; end: number } | null = null;
    const close = () => {
      if (open) spans.push({ document: id, label: open.label, start: open.start, end: open.end, slice: index.sliceCp(open.start, open.end), stated: null });
      open = null;
    };
    for (const line of block.split("\n")) {
      if (line === "") {
        close();
        continue;
      }
      const tab = line.lastIndexOf("\t");
      const token = line.slice(0, tab);
      const tag = line.slice(tab + 1);
      const at = text.indexOf(token, cursor);
      if (at === -1) throw new Error(`CoNLL token ${JSON.stringify(token)} not found in document ${id}`);
      cursor = at + token.length;
      const start = index.toCodePoint(at);
      const end = index.toCodePoint(cursor);
      if (tag.startsWith("B-")) {
        close();
        open = { label: tag.slice(2), start, end };
      } else if (tag.startsWith("I-") && open) {
        open.end = end;
      } else {
        close();
      }
    }
    close();
  });
  return { texts: new Map(), spans, documents: blocks.length };
}
