/**
 * Golden-file helpers for the export tests. Run with UPDATE_GOLDEN=1 to (re)write the expected
 * files — then review the diff by eye before committing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { createEmptyReport, getExportWriter, type ExportFormat } from "../index";
import { concatBytes } from "../bytes";
import type { ExportChunk, ExportDocument, ExportOptions, ExportReport, ExportSpan } from "../types";
import { HARBOUR_DOCUMENTS, HARBOUR_OPTIONS, HARBOUR_PROJECT, streamDocuments } from "./harbour-project";

export const FIXTURES_DIR = dirname(fileURLToPath(import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === "1";

export async function collectText(chunks: AsyncIterable<ExportChunk>): Promise<string> {
  let out = "";
  for await (const chunk of chunks) {
    if (typeof chunk !== "string") throw new Error("expected text chunks");
    out += chunk;
  }
  return out;
}

export async function collectBytes(chunks: AsyncIterable<ExportChunk>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) {
    if (typeof chunk === "string") throw new Error("expected binary chunks");
    parts.push(chunk);
  }
  return concatBytes(parts);
}

/** Compare `actual` with the file `__fixtures__/<name>` (or write it when UPDATE_GOLDEN=1). */
export function expectGolden(name: string, actual: string): void {
  const path = join(FIXTURES_DIR, name);
  if (UPDATE) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual, "utf8");
    return;
  }
  if (!existsSync(path)) throw new Error(`Missing golden file ${name}; run with UPDATE_GOLDEN=1 and review it`);
  expect(actual).toBe(readFileSync(path, "utf8"));
}

/** JSON of a report, for golden comparison. */
export function formatReport(report: ExportReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export interface ExportRun<T> {
  output: T;
  report: ExportReport;
}

/** Run a text format over the fixture project (or `docs`) and collect its output. */
export async function runTextExport(
  format: ExportFormat,
  options: Partial<ExportOptions> = {},
  docs: readonly ExportDocument[] = HARBOUR_DOCUMENTS,
): Promise<ExportRun<string>> {
  const report = createEmptyReport();
  const writer = getExportWriter(format);
  const output = await collectText(
    writer(HARBOUR_PROJECT, streamDocuments(docs), { ...HARBOUR_OPTIONS, ...options }, report),
  );
  return { output, report };
}

/** Run a binary format over the fixture project (or `docs`) and collect its bytes. */
export async function runBinaryExport(
  format: ExportFormat,
  options: Partial<ExportOptions> = {},
  docs: readonly ExportDocument[] = HARBOUR_DOCUMENTS,
): Promise<ExportRun<Uint8Array>> {
  const report = createEmptyReport();
  const writer = getExportWriter(format);
  const output = await collectBytes(
    writer(HARBOUR_PROJECT, streamDocuments(docs), { ...HARBOUR_OPTIONS, ...options }, report),
  );
  return { output, report };
}

/** Fixture spans that must be written (all but the deliberately mismatched one), by id. */
export const VALID_SPANS: ReadonlyMap<string, ExportSpan & { documentId: string }> = new Map(
  HARBOUR_DOCUMENTS.flatMap((doc) =>
    doc.spans.filter((s) => s.id !== "s-utf16-bug").map((s) => [s.id, { ...s, documentId: doc.id }] as const),
  ),
);

export const MISMATCHED_SPAN_ID = "s-utf16-bug";

/** Streams `count` copies of the first fixture document and counts how many were pulled. */
export function createCountingSource(count: number): { docs: AsyncIterable<ExportDocument>; pulled: () => number } {
  let pulled = 0;
  const first = HARBOUR_DOCUMENTS[0];
  if (!first) throw new Error("fixture has no documents");
  const template: ExportDocument = first;
  async function* generate(): AsyncIterable<ExportDocument> {
    for (let i = 0; i < count; i++) {
      pulled += 1;
      await Promise.resolve();
      yield { ...template, id: `doc-${i}` };
    }
  }
  return { docs: generate(), pulled: () => pulled };
}
