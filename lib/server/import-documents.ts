import "server-only";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import type { Db } from "@/db/connect";
import { insertAuditEvent } from "@/db/queries/audit";
import {
  findDuplicateCandidates,
  insertImportedAnnotations,
  insertImportedDocuments,
  type ImportedAnnotationRow,
  type ImportedDocumentRow,
} from "@/db/queries/imports";
import { insertLabels, listLabels, type LabelRow } from "@/db/queries/labels";
import { getOrCreateSystemUser } from "@/db/queries/users";
import { codePointLength } from "@/lib/annotation/offsets";
import { buildQuoteSelector } from "@/lib/annotation/selectors";
import { authorizeProject, type Actor } from "@/lib/auth/guards";
import type { ByteSource } from "@/lib/import/byte-source";
import { detectFormat, fileExtension } from "@/lib/import/detect";
import { ImportError } from "@/lib/import/errors";
import { DEFAULT_MAX_FILE_BYTES, formatBytes, resolveLimits, type ImportLimits } from "@/lib/import/limits";
import { parseImportStream } from "@/lib/import/parse-import-stream";
import type { ImportFormat, ImportRecord } from "@/lib/import/types";
import { fieldErrors } from "@/lib/validation/auth";
import { ZImportFilename, ZImportOptions, type TImportOptions } from "@/lib/validation/import";
import { AppError } from "./errors";
import {
  MAX_REPORTED_DUPLICATES,
  type ImportProblem,
  type ImportProgress,
  type ImportReport,
  type SkippedDuplicate,
} from "./import-dto";

/**
 * File import: one file in, all of its articles written in ONE transaction or none at all.
 *
 * 1. Authorize (`documents.import`), validate the options, refuse a declared size over the limit
 *    (413) before a byte is read, refuse an unsupported file type (422).
 * 2. READ: stream the bytes through the lib/import parser. Every record is checked (UTF-8, JSON,
 *    CSV columns, label spans, limits) and its label names are matched against the project's
 *    labels; records are spooled to a temporary file, never held in memory together. Nothing is
 *    written to the database in this phase, and no transaction is open while the client uploads.
 * 3. WRITE: one transaction; per batch (≤ 500 articles or ≈ 8 MB of text) a duplicate check by
 *    content hash against the project (which includes the batches already written, so duplicates
 *    inside the file are found too), one `insert … select from unnest(…)` for the articles and one
 *    for their labels. Labels become annotations in the layer of the "Imported" system author
 *    (imported@spanlab.local, never signs in), with quote/prefix/suffix from buildQuoteSelector.
 *    One audit event records the import (file name, counts).
 *
 * Any problem aborts everything: an {@link ImportRefusedError} (422, or 413 for size) carrying the
 * parser's code and location (line, byte offset, span).
 *
 * Unknown label names are refused, naming every missing label with its first line and listing the
 * project's labels — unless `createMissingLabels` is set, in which case they are created (kind
 * "other", appended to the label list) in the same transaction.
 */

export const IMPORTED_AUTHOR = { email: "imported@spanlab.local", name: "Imported" } as const;
/** Articles per INSERT statement. */
export const IMPORT_BATCH_SIZE = 500;
/** A batch is also flushed once its texts reach this many UTF-16 units (≈ bytes for Latin text). */
const BATCH_TEXT_UNITS = 8 * 1024 * 1024;
/** Colours given to labels created by an import, in turn. */
const CREATED_LABEL_COLORS = ["#7c3aed", "#db2777", "#0891b2", "#65a30d", "#ea580c", "#4f46e5", "#0d9488", "#9333ea"];

/** An import refused because of its content or size; `problem` has the parser's code and location. */
export class ImportRefusedError extends AppError {
  readonly problem: ImportProblem;
  constructor(problem: ImportProblem) {
    super(problem.code === "too_large" ? "payload_too_large" : "validation_failed", problem.message, { details: problem });
    this.name = "ImportRefusedError";
    this.problem = problem;
  }
}

export function isImportRefusedError(err: unknown): err is ImportRefusedError {
  return err instanceof ImportRefusedError;
}

/** The JSON shape of any import failure, for NDJSON error lines and the command line. */
export function importProblemOf(err: unknown): ImportProblem | null {
  if (err instanceof ImportRefusedError) return err.problem;
  if (err instanceof ImportError) return err.toJSON();
  return null;
}

/** The byte limit: SPANLAB_IMPORT_MAX_BYTES when set to a positive integer, else 100 MB. */
export function importMaxBytes(): number {
  const raw = process.env.SPANLAB_IMPORT_MAX_BYTES;
  if (raw === undefined || raw.trim() === "") return DEFAULT_MAX_FILE_BYTES;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0) {
    console.warn(`[import] SPANLAB_IMPORT_MAX_BYTES=${JSON.stringify(raw)} is not a positive whole number of bytes; using ${formatBytes(DEFAULT_MAX_FILE_BYTES)}.`);
    return DEFAULT_MAX_FILE_BYTES;
  }
  return n;
}

export interface ImportDocumentsInput {
  filename: string;
  /** Content-Length / File.size when known; over the limit → refused before reading. */
  declaredSize: number | null;
  chunks: ByteSource;
  options: Partial<TImportOptions> & { duplicates: TImportOptions["duplicates"] };
  onProgress?: (progress: ImportProgress) => void;
  /** Overrides (tests, bench); maxFileBytes defaults to importMaxBytes(). */
  limits?: Partial<ImportLimits>;
}

/** An import that passed the checks that need no file content; `run` reads and writes. */
export interface PreparedImport {
  filename: string;
  format: ImportFormat | null;
  limits: ImportLimits;
  run(chunks: ByteSource, onProgress?: (progress: ImportProgress) => void): Promise<ImportReport>;
}

function refuse(problem: ImportProblem): never {
  throw new ImportRefusedError(problem);
}

function toRefusal(err: unknown): unknown {
  if (err instanceof ImportError) return new ImportRefusedError(err.toJSON());
  return err;
}

/**
 * Everything that can be decided before reading the file: permission, options, size, type.
 * Throws AppError (403, 422) or ImportRefusedError (413 too_large, 422 unsupported_format).
 */
export async function prepareImport(
  db: Db,
  actor: Actor,
  projectId: string,
  input: Omit<ImportDocumentsInput, "chunks" | "onProgress">,
): Promise<PreparedImport> {
  const ctx = await authorizeProject(db, actor, projectId, "documents.import");
  const name = ZImportFilename.safeParse(input.filename);
  if (!name.success) throw new AppError("validation_failed", name.error.issues[0]?.message ?? "Give the file name.", { fields: fieldErrors(name.error) });
  const parsed = ZImportOptions.safeParse(input.options);
  if (!parsed.success) throw new AppError("validation_failed", "Some import options need attention.", { fields: fieldErrors(parsed.error) });
  const options = parsed.data;
  const limits = resolveLimits({ maxFileBytes: importMaxBytes(), ...input.limits });
  const filename = name.data;
  const declared = input.declaredSize;
  if (declared !== null && Number.isFinite(declared) && declared > limits.maxFileBytes) {
    refuse({
      code: "too_large",
      message: `The file is ${formatBytes(declared)}; the import limit is ${formatBytes(limits.maxFileBytes)}. Split it into smaller files and import them one by one.`,
      limit: limits.maxFileBytes,
      actual: declared,
    });
  }
  let format: ImportFormat | null = null;
  try {
    if (fileExtension(filename) !== "") format = detectFormat(filename);
  } catch (err) {
    throw toRefusal(err);
  }
  if (options.csv && format !== null && format !== "csv") {
    throw new AppError("validation_failed", `CSV columns were given, but “${filename}” is not a CSV file.`);
  }
  const projectDbId = ctx.project.id;
  return {
    filename,
    format,
    limits,
    run: (chunks, onProgress) => runImport(db, actor, projectDbId, { filename, format, declared, options, limits }, chunks, onProgress),
  };
}

/** Parses `chunks` and writes every article (or none); see the module comment. */
export async function importDocuments(db: Db, actor: Actor, projectId: string, input: ImportDocumentsInput): Promise<ImportReport> {
  const prepared = await prepareImport(db, actor, projectId, input);
  return prepared.run(input.chunks, input.onProgress);
}

/** A spooled record: [index, line, title, text, meta, sourceUrl, labels, contentHash]. */
type SpoolLine = [number, number | null, string, string, Record<string, unknown>, string | null, [number, number, string][], string];

interface ReadResult {
  records: number;
  bytes: number;
  labelNames: Map<string, { name: string; line: number | null; index: number }>;
}

function labelKey(name: string): string {
  return name.trim().toLowerCase();
}

/** Appends lines to a file through a 1 MB buffer (one write per MB, not per record). */
class SpoolWriter {
  private pending: string[] = [];
  private size = 0;
  private constructor(private readonly handle: fs.promises.FileHandle) {}

  static async open(file: string): Promise<SpoolWriter> {
    return new SpoolWriter(await fs.promises.open(file, "w"));
  }

  async write(line: string): Promise<void> {
    this.pending.push(line);
    this.size += line.length;
    if (this.size >= 1024 * 1024) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const data = this.pending.join("");
    this.pending = [];
    this.size = 0;
    await this.handle.write(data, null, "utf8");
  }

  /** Flushes (unless `discard`) and closes; safe to call twice. */
  async close(discard = false): Promise<void> {
    try {
      if (!discard) await this.flush();
    } finally {
      await this.handle.close().catch(() => undefined);
    }
  }
}

async function readPhase(
  filename: string,
  format: ImportFormat | null,
  declared: number | null,
  options: TImportOptions,
  limits: ImportLimits,
  chunks: ByteSource,
  spool: SpoolWriter,
  onProgress?: (p: ImportProgress) => void,
): Promise<ReadResult> {
  let bytes = 0;
  let records = 0;
  let lastReport = 0;
  const report = (force: boolean) => {
    const now = Date.now();
    if (!onProgress || (!force && now - lastReport < 150)) return;
    lastReport = now;
    onProgress({ phase: "reading", bytes, records });
  };
  const labelNames: ReadResult["labelNames"] = new Map();
  const stream = parseImportStream(filename, chunks, {
    ...limits,
    declaredSize: declared,
    format: format ?? undefined,
    csv: options.csv
      ? { textColumn: options.csv.textColumn, titleColumn: options.csv.titleColumn ?? null, metaColumns: options.csv.metaColumns ?? "all-others" }
      : undefined,
    onProgress: (n) => {
      bytes = n;
      report(false);
    },
  });
  for await (const r of stream) {
    records++;
    for (const l of r.labels) {
      const key = labelKey(l.label);
      if (!labelNames.has(key)) labelNames.set(key, { name: l.label.trim(), line: r.line, index: r.index });
    }
    const row: SpoolLine = [r.index, r.line, r.title, r.text, r.meta, r.sourceUrl, r.labels.map((l) => [l.start, l.end, l.label]), r.contentHash];
    await spool.write(`${JSON.stringify(row)}\n`);
    report(false);
  }
  report(true);
  return { records, bytes, labelNames };
}

async function* readSpool(file: string): AsyncGenerator<SpoolLine> {
  const input = fs.createReadStream(file, { encoding: "utf8", highWaterMark: 1024 * 1024 });
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (line) yield JSON.parse(line) as SpoolLine;
    }
  } finally {
    lines.close();
    input.destroy();
  }
}

function describeRecord(line: number | null, index: number): string {
  return line !== null ? `line ${line.toLocaleString("en-US")}` : `record ${(index + 1).toLocaleString("en-US")}`;
}

/** Label names → label ids; refuses unknown names unless they may be created. */
function resolveLabels(
  used: ReadResult["labelNames"],
  projectLabels: LabelRow[],
  createMissing: boolean,
): { byKey: Map<string, string>; missing: { name: string; line: number | null; index: number }[] } {
  const active = projectLabels.filter((l) => l.archivedAt === null);
  const byKey = new Map<string, string>();
  for (const l of active) if (!byKey.has(labelKey(l.name))) byKey.set(labelKey(l.name), l.id);
  const missing = [...used.entries()].filter(([key]) => !byKey.has(key)).map(([, v]) => v);
  if (missing.length > 0 && !createMissing) {
    const [first] = missing;
    const archived = new Set(projectLabels.filter((l) => l.archivedAt !== null).map((l) => labelKey(l.name)));
    const names = missing.map((m) => `“${m.name}” (first on ${describeRecord(m.line, m.index)}${archived.has(labelKey(m.name)) ? ", archived in this project" : ""})`);
    refuse({
      code: "unknown_label",
      message:
        `The file uses ${missing.length === 1 ? "a label" : `${missing.length} labels`} this project does not have: ${names.join(", ")}. ` +
        `The project's labels are: ${active.map((l) => `“${l.name}”`).join(", ") || "none"}. ` +
        "Rename the labels in the file, add them on the Labels page, or import again with “Create missing labels”.",
      ...(first?.line !== null && first?.line !== undefined ? { line: first.line } : {}),
      unknownLabels: missing.map((m) => m.name),
      projectLabels: active.map((l) => l.name),
    });
  }
  return { byKey, missing };
}

async function runImport(
  db: Db,
  actor: Actor,
  projectId: string,
  job: { filename: string; format: ImportFormat | null; declared: number | null; options: TImportOptions; limits: ImportLimits },
  chunks: ByteSource,
  onProgress?: (p: ImportProgress) => void,
): Promise<ImportReport> {
  const started = performance.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spanlab-import-"));
  const spoolFile = path.join(dir, "records.jsonl");
  try {
    // READ: parse and check everything; nothing touches the database but the label lookup.
    const spool = await SpoolWriter.open(spoolFile);
    let read: ReadResult;
    try {
      read = await readPhase(job.filename, job.format, job.declared, job.options, job.limits, chunks, spool, onProgress);
    } catch (err) {
      await spool.close(true);
      throw toRefusal(err);
    }
    await spool.close();
    const projectLabels = await listLabels(db, projectId, { includeArchived: true });
    const labels = resolveLabels(read.labelNames, projectLabels, job.options.createMissingLabels);

    // WRITE: one transaction.
    const result = await db.transaction(async (tx) => {
      const createdLabels: string[] = [];
      if (labels.missing.length > 0) {
        let position = projectLabels.reduce((max, l) => Math.max(max, l.position), -1) + 1;
        const created = await insertLabels(
          tx,
          labels.missing.map((m, i) => ({
            projectId,
            name: m.name,
            kind: "other" as const,
            color: CREATED_LABEL_COLORS[i % CREATED_LABEL_COLORS.length] as string,
            position: position++,
          })),
        );
        for (const l of created) {
          labels.byKey.set(labelKey(l.name), l.id);
          createdLabels.push(l.name);
        }
      }
      const author = read.labelNames.size > 0 ? await getOrCreateSystemUser(tx, IMPORTED_AUTHOR.email, IMPORTED_AUTHOR.name) : null;

      let imported = 0;
      let annotationsImported = 0;
      let duplicatesImported = 0;
      let skippedDuplicateCount = 0;
      const skippedDuplicates: SkippedDuplicate[] = [];
      let processed = 0;
      let batch: SpoolLine[] = [];
      let batchUnits = 0;

      const flush = async () => {
        if (batch.length === 0) return;
        const hashes = [...new Set(batch.map((r) => r[7]))];
        // Rows this transaction wrote come last, so a duplicate points at the article that was there before.
        const existing = new Map<string, { id: string; title: string; inThisImport: boolean }>();
        for (const d of await findDuplicateCandidates(tx, projectId, hashes)) if (!existing.has(d.contentHash)) existing.set(d.contentHash, d);
        const inBatch = new Map<string, { id: string; title: string }>();
        const docs: ImportedDocumentRow[] = [];
        const spans: ImportedAnnotationRow[] = [];
        for (const [index, line, title, text, meta, sourceUrl, recordLabels, hash] of batch) {
          const fromDb = existing.get(hash);
          const earlier = fromDb ?? inBatch.get(hash);
          if (earlier) {
            if (job.options.duplicates === "skip") {
              skippedDuplicateCount++;
              if (skippedDuplicates.length < MAX_REPORTED_DUPLICATES) {
                const inThisFile = !fromDb || fromDb.inThisImport;
                skippedDuplicates.push({ line, index, title, duplicateOf: { documentId: earlier.id, title: earlier.title, inThisFile } });
              }
              continue;
            }
            duplicatesImported++;
          }
          const id = randomUUID();
          const length = codePointLength(text);
          docs.push({ id, title, text, length, sourceUrl, meta, contentHash: hash, ordinal: index });
          if (!inBatch.has(hash)) inBatch.set(hash, { id, title });
          for (const [start, end, name] of recordLabels) {
            const labelId = labels.byKey.get(labelKey(name));
            if (!labelId) throw new Error(`label ${name} was not resolved`);
            const q = buildQuoteSelector(text, start, end);
            spans.push({ documentId: id, labelId, start, end, quote: q.exact, prefix: q.prefix, suffix: q.suffix });
          }
        }
        await insertImportedDocuments(tx, projectId, actor.userId, docs);
        if (author) {
          for (let i = 0; i < spans.length; i += 2000) await insertImportedAnnotations(tx, projectId, author.id, spans.slice(i, i + 2000));
        }
        imported += docs.length;
        annotationsImported += spans.length;
        processed += batch.length;
        batch = [];
        batchUnits = 0;
        onProgress?.({ phase: "writing", bytes: read.bytes, records: read.records, written: processed, total: read.records });
      };
      onProgress?.({ phase: "writing", bytes: read.bytes, records: read.records, written: 0, total: read.records });
      for await (const row of readSpool(spoolFile)) {
        batch.push(row);
        batchUnits += row[3].length;
        if (batch.length >= IMPORT_BATCH_SIZE || batchUnits >= BATCH_TEXT_UNITS) await flush();
      }
      await flush();

      await insertAuditEvent(tx, {
        projectId,
        actorId: actor.userId,
        action: "documents.import",
        entityType: "project",
        entityId: projectId,
        after: {
          filename: job.filename,
          format: job.format,
          bytes: read.bytes,
          records: read.records,
          imported,
          skippedDuplicates: skippedDuplicateCount,
          duplicatesImported,
          annotationsImported,
          createdLabels,
          duplicates: job.options.duplicates,
        },
      });
      return { imported, annotationsImported, duplicatesImported, skippedDuplicateCount, skippedDuplicates, createdLabels };
    });
    const report: ImportReport = {
      filename: job.filename,
      format: job.format,
      ...result,
      bytes: read.bytes,
      durationMs: Math.round(performance.now() - started),
    };
    console.log(
      `[import] ${job.filename}: imported ${report.imported} articles and ${report.annotationsImported} spans, skipped ${report.skippedDuplicateCount} duplicates, ${report.durationMs} ms (project ${projectId}, by ${actor.userId})`,
    );
    return report;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Re-export for routes and the CLI: the parser's records, typed. */
export type { ImportRecord };
