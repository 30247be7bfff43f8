/**
 * The export pipeline for a project that is already resolved: validate the request, read the selection
 * from the database in batches (db/queries/export.ts), map rows to the writers' model and run a
 * lib/export writer, as a byte stream or just for its report.
 *
 * No authorization happens here and there is deliberately no `server-only` marker: the app reaches
 * this only through lib/server/export.ts (which calls `authorizeProject(…, "export.run")` first),
 * while `npm run export` (scripts/export.ts) and bench/export.ts run it under plain Node as the
 * machine's operator, who has direct database access anyway.
 */
import type { Db } from "@/db/connect";
import {
  countExportSelection,
  createExportNameCache,
  findProjectAnnotator,
  hasGoldAnnotations,
  streamExportBatches,
  type ExportBatchDocument,
  type ExportCoreSpanTuple,
  type ExportFullSpanTuple,
  type ExportLayerFilter,
  type ExportNameCache,
  type ExportSelection,
  type ExportSpanColumns,
} from "@/db/queries/export";
import { listLabels } from "@/db/queries/labels";
import type { ProjectRow } from "@/db/queries/projects";
import {
  EXPORT_FORMATS,
  EXPORT_FORMAT_IDS,
  createEmptyReport,
  getExportFormatInfo,
  getExportWriterEntry,
  isExportFormat,
  type ExportChunk,
  type ExportDocument,
  type ExportFormatInfo,
  type ExportLabel,
  type ExportOptions,
  type ExportProject,
  type ExportReport,
  type ExportSpan,
  type ExportSpanCore,
} from "@/lib/export";
import { addReportNote } from "@/lib/export/report";
import { fieldErrors } from "@/lib/validation/auth";
import { ZExportFilters, toCreatedRange, type TExportFilters } from "@/lib/validation/export";
import { AppError } from "./errors";
import type { ExportReportDto } from "./export-dto";

export interface ResolvedExportLayer {
  /** The `layer` parameter as resolved: "gold", "all" or the annotator's e-mail. */
  value: string;
  filter: ExportLayerFilter;
  /** For headers and the writers' `layerDescription`. */
  description: string;
  /** File-name part: "gold", "all", or the e-mail as [a-z0-9-]. */
  fileTag: string;
}

export interface ExportPlan {
  projectRow: Pick<ProjectRow, "id" | "slug" | "name">;
  project: ExportProject;
  format: ExportFormatInfo;
  layer: ResolvedExportLayer;
  filters: TExportFilters;
  selection: ExportSelection;
  options: ExportOptions;
  filename: string;
}

export interface PlanExportOptions {
  now?: Date;
  /** Public base URL of this instance (W3C ids); urn:spanlab:… ids without it. */
  baseUrl?: string;
}

/** The message for a missing or unknown format: it lists every format. */
export function unknownFormatMessage(format: string): string {
  const list = EXPORT_FORMAT_IDS.join(", ");
  return format === ""
    ? `Choose an export format: ${list}.`
    : `Unknown export format "${format.slice(0, 60)}". Choose one of: ${list}.`;
}

function toFileTag(value: string): string {
  return (
    value
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40) || "layer"
  );
}

function yyyymmdd(now: Date): string {
  return now.toISOString().slice(0, 10).replace(/-/g, "");
}

async function resolveLayer(db: Db, projectId: string, requested: string | undefined): Promise<ResolvedExportLayer> {
  const value = requested ?? ((await hasGoldAnnotations(db, projectId)) ? "gold" : "all");
  if (value === "gold") return { value, filter: { kind: "gold" }, description: "gold layer", fileTag: "gold" };
  if (value === "all") {
    return { value, filter: { kind: "all" }, description: "all layers (every annotator, and gold as \"gold\")", fileTag: "all" };
  }
  const user = await findProjectAnnotator(db, projectId, value);
  if (!user) {
    throw new AppError(
      "validation_failed",
      `No annotator "${value.slice(0, 80)}" in this project. Choose gold, all, or the e-mail of a member who annotated.`,
      { fields: { layer: ["Unknown annotator."] } },
    );
  }
  return {
    value: user.email,
    filter: { kind: "annotator", userId: user.userId },
    description: `annotator ${user.email}`,
    fileTag: toFileTag(user.email),
  };
}

/**
 * Validates `input` (see lib/validation/export.ts) for `projectRow` and resolves the layer, labels and
 * assignee. Unknown format → 400 listing the formats; utf16 offsets on a format without them → 400;
 * other invalid filters → 422 with field messages.
 */
export async function planExport(
  db: Db,
  projectRow: Pick<ProjectRow, "id" | "slug" | "name">,
  input: unknown,
  options: PlanExportOptions = {},
): Promise<ExportPlan> {
  const raw = (typeof input === "object" && input !== null ? input : {}) as Record<string, unknown>;
  const format = typeof raw.format === "string" ? raw.format.trim() : "";
  if (!isExportFormat(format)) throw new AppError("bad_request", unknownFormatMessage(format));
  const info = getExportFormatInfo(format);

  const parsed = ZExportFilters.safeParse(raw);
  if (!parsed.success) {
    throw new AppError("validation_failed", "Some export settings need attention.", { fields: fieldErrors(parsed.error) });
  }
  const filters = parsed.data;
  if (filters.offsets === "utf16" && !info.supportsUtf16Offsets) {
    const supporting = EXPORT_FORMATS.filter((f) => f.supportsUtf16Offsets).map((f) => f.id);
    throw new AppError(
      "bad_request",
      `${info.label} always writes Unicode code-point offsets; UTF-16 offsets are available for ${supporting.join(", ")}. Remove offsets=utf16 or choose one of those formats.`,
    );
  }

  const labelRows = await listLabels(db, projectRow.id, { includeArchived: true });
  const unknownLabels = filters.label.filter((id) => !labelRows.some((l) => l.id === id));
  if (unknownLabels.length > 0) {
    throw new AppError("validation_failed", "Some label filters are not labels of this project.", {
      fields: { label: [`Unknown label id(s): ${unknownLabels.join(", ")}.`] },
    });
  }
  let assigneeId: string | null = null;
  if (filters.assignee) {
    const assignee = await findProjectAnnotator(db, projectRow.id, filters.assignee);
    if (!assignee) {
      throw new AppError("validation_failed", "The assignee filter is not a member of this project.", {
        fields: { assignee: ["Unknown member."] },
      });
    }
    assigneeId = assignee.userId;
  }
  const layer = await resolveLayer(db, projectRow.id, filters.layer);
  const now = options.now ?? new Date();

  const selectedLabels = filters.label.length > 0 ? labelRows.filter((l) => filters.label.includes(l.id)) : labelRows;
  const labels: ExportLabel[] = selectedLabels.map((l) => ({
    id: l.id,
    name: l.name,
    kind: l.kind,
    color: l.color,
    entityTypes: l.entityTypes,
    attributes: l.attributes.map((a) => ({
      key: a.key,
      name: a.name,
      type: a.type,
      ...(a.type === "choice" ? { options: a.options } : {}),
    })),
    relationTypes: l.relationTypes,
  }));

  return {
    projectRow: { id: projectRow.id, slug: projectRow.slug, name: projectRow.name },
    project: { id: projectRow.id, name: projectRow.name, slug: projectRow.slug, labels },
    format: info,
    layer,
    filters,
    selection: {
      projectId: projectRow.id,
      layer: layer.filter,
      statuses: filters.status,
      labelIds: filters.label,
      assigneeId,
      ...toCreatedRange(filters),
    },
    options: {
      offsets: filters.offsets,
      layerDescription: layer.description,
      now,
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    },
    filename: `${projectRow.slug}-${layer.fileTag}-${yyyymmdd(now)}.${info.extension}`,
  };
}

export function countPlannedSelection(db: Db, plan: ExportPlan): Promise<{ documents: number; spans: number }> {
  return countExportSelection(db, plan.selection);
}

function labelName(names: ExportNameCache, labelId: string): string {
  return names.labels.get(labelId) ?? "unknown label";
}

function toCoreSpan(t: ExportCoreSpanTuple, names: ExportNameCache): ExportSpanCore {
  return { id: t[0], labelId: t[1], label: labelName(names, t[1]), start: t[2], end: t[3], quote: t[4] };
}

function toFullSpan(t: ExportFullSpanTuple, names: ExportNameCache): ExportSpan {
  return {
    id: t[0],
    labelId: t[1],
    label: labelName(names, t[1]),
    start: t[2],
    end: t[3],
    quote: t[4],
    annotator: t[5] === "gold" ? "gold" : ((t[6] !== null ? names.owners.get(t[6]) : undefined) ?? "unknown annotator"),
    attributes: t[7],
    note: t[8],
    entityId: t[9],
    entityName: t[10],
    entityExternalId: t[11],
    entityType: t[12],
    createdAt: new Date(t[13]),
    updatedAt: new Date(t[14]),
  };
}

type SpanOf<C extends ExportSpanColumns> = C extends "core" ? ExportSpanCore : ExportSpan;

/** A batch document as a writer document: one span object per span, built from the tuple. */
export function toExportDocument<C extends ExportSpanColumns>(
  { spans: tuples, spansWithDetails, ...doc }: ExportBatchDocument<C>,
  columns: C,
  names: ExportNameCache,
): ExportDocument<SpanOf<C>> {
  const spans =
    columns === "core"
      ? (tuples as ExportCoreSpanTuple[]).map((t) => toCoreSpan(t, names))
      : (tuples as ExportFullSpanTuple[]).map((t) => toFullSpan(t, names));
  return { ...doc, spans: spans as SpanOf<C>[], ...(spansWithDetails !== null ? { spansWithDetails } : {}) };
}

/** How often (in documents) the export lets Node handle I/O, so the next batch is read meanwhile. */
const YIELD_EVERY_DOCUMENTS = 20;

/** The selection as writer documents with `columns` span fields, read batch by batch. */
export async function* readExportDocuments<C extends ExportSpanColumns>(
  db: Db,
  plan: ExportPlan,
  columns: C,
  options: { maxDocuments?: number; batchSize?: number } = {},
): AsyncGenerator<ExportDocument<SpanOf<C>>> {
  const names = createExportNameCache();
  for await (const batch of streamExportBatches(db, plan.selection, columns, names, options)) {
    // Hand documents over one at a time and let go of each batch's rows as we go.
    const rows: (ExportBatchDocument<C> | undefined)[] = batch;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      rows[i] = undefined;
      yield toExportDocument(row, columns, names);
      // Writers and the byte stream run on promises alone (microtasks), so without this a whole batch
      // would be written before Node looked at the network again, and the next batch's contents
      // query (sent when its ids arrive) would wait for it: the database and the writer would take
      // turns instead of working side by side.
      if (i % YIELD_EVERY_DOCUMENTS === YIELD_EVERY_DOCUMENTS - 1) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
}

function describeEmptySelection(plan: ExportPlan): string {
  const filters: string[] = [];
  if (plan.filters.status.length > 0) filters.push(`status ${plan.filters.status.join(" or ")}`);
  if (plan.filters.assignee) filters.push("the assignee filter");
  if (plan.filters.from || plan.filters.to) filters.push("the date range");
  const why = filters.length > 0 ? ` with ${filters.join(", ")}` : "";
  return `No documents match this selection${why}; the file is a valid, empty ${plan.format.label} file. Widen the filters to export documents.`;
}

function describeNoSpans(plan: ExportPlan): string {
  return `The selected documents have no spans in the ${plan.layer.description}${plan.filters.label.length > 0 ? " with the chosen labels" : ""}; they are exported without annotations.`;
}

/** Notes added once the writer has finished. */
export function finishReport(plan: ExportPlan, report: ExportReport): void {
  if (report.documents === 0) addReportNote(report, describeEmptySelection(plan));
  else if (report.spans === 0 && report.mismatched.length === 0) addReportNote(report, describeNoSpans(plan));
}

/** Runs the writer over the selection; `report` is complete once `chunks` is exhausted. */
export function runExport(
  db: Db,
  plan: ExportPlan,
  options: { maxDocuments?: number; batchSize?: number } = {},
): { chunks: AsyncIterable<ExportChunk>; report: ExportReport } {
  const report = createEmptyReport();
  const entry = getExportWriterEntry(plan.format.id);
  async function* chunks(): AsyncGenerator<ExportChunk> {
    // The database reads only the span columns the writer uses.
    if (entry.spans === "core") yield* entry.write(plan.project, readExportDocuments(db, plan, "core", options), plan.options, report);
    else yield* entry.write(plan.project, readExportDocuments(db, plan, "full", options), plan.options, report);
    finishReport(plan, report);
  }
  return { chunks: chunks(), report };
}

/** Text is gathered into pieces of about this many UTF-16 units before it is encoded and sent. */
const FLUSH_UNITS = 64 * 1024;

/**
 * Chunks as UTF-8 bytes, with small text chunks coalesced (one write per ~64 KB rather than per
 * document). Binary chunks pass through in order.
 */
export async function* encodeChunks(chunks: AsyncIterable<ExportChunk>): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  let pending: string[] = [];
  let pendingUnits = 0;
  const flush = (): Uint8Array => {
    const bytes = encoder.encode(pending.join(""));
    pending = [];
    pendingUnits = 0;
    return bytes;
  };
  for await (const chunk of chunks) {
    if (typeof chunk === "string") {
      pending.push(chunk);
      pendingUnits += chunk.length;
      if (pendingUnits >= FLUSH_UNITS) yield flush();
    } else {
      if (pendingUnits > 0) yield flush();
      if (chunk.byteLength > 0) yield chunk;
    }
  }
  if (pendingUnits > 0) yield flush();
}

export interface ExportStream {
  stream: ReadableStream<Uint8Array>;
  /** Resolves with the complete report when the stream ends; rejects if it fails or is cancelled. */
  report: Promise<ExportReport>;
}

/** The export as a pull-based byte stream (the database is read only as fast as the client reads). */
export function createExportStream(db: Db, plan: ExportPlan, options: { onFinish?: (report: ExportReport, ms: number) => void } = {}): ExportStream {
  const started = performance.now();
  const run = runExport(db, plan);
  const bytes = encodeChunks(run.chunks)[Symbol.asyncIterator]();
  let settle!: { resolve: (r: ExportReport) => void; reject: (e: unknown) => void };
  const report = new Promise<ExportReport>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Nobody may be waiting for the report (e.g. the download route): don't turn a failure into an
  // unhandled rejection; whoever awaits it still sees the error.
  report.catch(() => undefined);
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await bytes.next();
          if (next.done) {
            controller.close();
            options.onFinish?.(run.report, performance.now() - started);
            settle.resolve(run.report);
          } else {
            controller.enqueue(next.value);
          }
        } catch (err) {
          console.error(`[export] ${plan.projectRow.slug} ${plan.format.id}: failed while streaming`, err);
          settle.reject(err);
          controller.error(err);
        }
      },
      async cancel(reason) {
        settle.reject(new Error(`The export was cancelled by the reader${reason ? `: ${String(reason)}` : ""}.`));
        await bytes.return?.(undefined);
      },
    },
    { highWaterMark: 1 },
  );
  return { stream, report };
}

/** The full report, computed by running the writer over the whole selection and discarding output. */
export async function computePlannedReport(db: Db, plan: ExportPlan, options: { maxDocuments?: number } = {}): Promise<ExportReport> {
  const run = runExport(db, plan, options);
  for await (const _chunk of run.chunks) {
    // output discarded: only the report is wanted
  }
  return run.report;
}

export const REPORT_LIST_LIMIT = 200;

/** The report as JSON, each list capped at `limit` items. */
export function toExportReportDto(report: ExportReport, limit = REPORT_LIST_LIMIT): ExportReportDto {
  const cap = <T>(items: T[]): { total: number; items: T[] } => ({ total: items.length, items: items.slice(0, limit) });
  return {
    documents: report.documents,
    spans: report.spans,
    mismatched: cap(report.mismatched),
    misaligned: { ...cap(report.misaligned), byLabel: report.misalignedByLabel },
    overlapsDropped: cap(report.overlapsDropped),
    relationsDropped: cap(report.relationsDropped),
    notes: report.notes,
  };
}

/** One line for logs and the CLI. */
export function summarizeReport(report: ExportReport): string {
  return [
    `${report.documents} document(s)`,
    `${report.spans} span(s)`,
    `${report.mismatched.length} mismatched`,
    `${report.misaligned.length} misaligned`,
    `${report.overlapsDropped.length} overlap(s) dropped`,
    `${report.relationsDropped.length} relation(s) dropped`,
  ].join(", ");
}
