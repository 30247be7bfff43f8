import "server-only";
import { strFromU8, unzipSync } from "fflate";
import type { Db } from "@/db/connect";
import { insertAuditEvent } from "@/db/queries/audit";
import { countGoldSpans, countProjectDocuments, listExportAnnotators, listProjectMemberUsers } from "@/db/queries/export";
import { listLabels } from "@/db/queries/labels";
import { authorizeProject, type Actor } from "@/lib/auth/guards";
import type { ExportFormat, ExportReport } from "@/lib/export";
import { concatBytes } from "@/lib/export/bytes";
import { EXPORT_DOCUMENT_STATUSES } from "@/lib/validation/export";
import type { ExportPageData, ExportPreviewResponse, ExportReportResponse } from "./export-dto";
import {
  computePlannedReport,
  countPlannedSelection,
  createExportStream,
  planExport,
  runExport,
  summarizeReport,
  toExportReportDto,
  type ExportPlan,
  type PlanExportOptions,
} from "./export-pipeline";

/**
 * Export use-cases for the app: each authorizes `export.run` on the project first (non-members and
 * annotators get 403), then runs the pipeline in export-pipeline.ts.
 */

export interface StartedExport {
  filename: string;
  mimeType: string;
  format: ExportFormat;
  /** The layer actually exported ("gold", "all" or an annotator's e-mail). */
  layer: string;
  /** Documents and stored spans in the selection, counted before streaming (for progress). */
  documentsTotal: number;
  spansTotal: number;
  stream: ReadableStream<Uint8Array>;
  /** The complete report, once the stream has been read to the end. */
  report: Promise<ExportReport>;
}

async function authorizeAndPlan(
  db: Db,
  actor: Actor,
  projectId: string,
  request: unknown,
  options: PlanExportOptions,
): Promise<ExportPlan> {
  const { project } = await authorizeProject(db, actor, projectId, "export.run");
  return planExport(db, project, request, options);
}

/**
 * Streams the export file. `request` is the validated-on-arrival input of lib/validation/export.ts
 * (`format`, `layer`, `status`, `label`, `assignee`, `from`, `to`, `offsets`). An empty selection
 * gives a valid empty file and a note in the report, never an error. The download is recorded in the
 * audit log (who exported which layer of which selection).
 */
export async function streamExport(
  db: Db,
  actor: Actor,
  projectId: string,
  request: unknown,
  options: PlanExportOptions = {},
): Promise<StartedExport> {
  const plan = await authorizeAndPlan(db, actor, projectId, request, options);
  const counts = await countPlannedSelection(db, plan);
  await insertAuditEvent(db, {
    projectId: plan.projectRow.id,
    actorId: actor.userId,
    action: "export.download",
    entityType: "project",
    entityId: plan.projectRow.id,
    after: { format: plan.format.id, layer: plan.layer.value, filters: plan.filters, documents: counts.documents, spans: counts.spans },
  });
  const { stream, report } = createExportStream(db, plan, {
    onFinish: (r, ms) =>
      console.log(`[export] ${plan.projectRow.slug} ${plan.format.id} (${plan.layer.value}) by ${actor.email}: ${summarizeReport(r)} in ${Math.round(ms)} ms`),
  });
  return {
    filename: plan.filename,
    mimeType: plan.format.mimeType,
    format: plan.format.id,
    layer: plan.layer.value,
    documentsTotal: counts.documents,
    spansTotal: counts.spans,
    stream,
    report,
  };
}

/** Documents the preview text shows, and documents the preview's report covers. */
export const PREVIEW_DOCUMENTS = 5;
export const PREVIEW_REPORT_DOCUMENTS = 100;
/** UTF-16 units of preview text at most. */
export const PREVIEW_MAX_LENGTH = 20_000;
const BRAT_TEXT_PREVIEW = 300;

function cutAtCodePoint(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1; // don't split a surrogate pair
  return text.slice(0, end);
}

/** brat is a ZIP: show each document's text (start) and .ann file, then annotation.conf. */
function renderBratPreview(zip: Uint8Array): string {
  const files = unzipSync(zip);
  const out: string[] = [];
  const names = Object.keys(files);
  for (const name of names) {
    const bytes = files[name];
    if (!bytes) continue;
    const content = strFromU8(bytes);
    if (name.endsWith(".txt")) {
      const cps = Array.from(content);
      out.push(`── ${name} ──\n${cps.length > BRAT_TEXT_PREVIEW ? `${cps.slice(0, BRAT_TEXT_PREVIEW).join("")}…` : content}\n`);
    } else if (name.endsWith(".ann")) {
      out.push(`── ${name} ──\n${content === "" ? "(no annotations)\n" : content}`);
    }
  }
  const conf = files["annotation.conf"];
  if (conf) out.push(`── annotation.conf ──\n${strFromU8(conf)}`);
  return out.join("\n");
}

/**
 * The first records of the file as text, the selection's counts, and the report over the first
 * {@link PREVIEW_REPORT_DOCUMENTS} documents (a bounded sample; the full report is
 * {@link computeExportReport}).
 */
export async function previewExport(
  db: Db,
  actor: Actor,
  projectId: string,
  request: unknown,
  options: PlanExportOptions = {},
): Promise<ExportPreviewResponse> {
  const plan = await authorizeAndPlan(db, actor, projectId, request, options);
  const counts = await countPlannedSelection(db, plan);

  const run = runExport(db, plan, { maxDocuments: PREVIEW_DOCUMENTS, batchSize: PREVIEW_DOCUMENTS });
  const texts: string[] = [];
  const bytes: Uint8Array[] = [];
  for await (const chunk of run.chunks) {
    if (typeof chunk === "string") texts.push(chunk);
    else bytes.push(chunk);
  }
  const full = plan.format.binary ? renderBratPreview(concatBytes(bytes)) : texts.join("");
  const preview = cutAtCodePoint(full, PREVIEW_MAX_LENGTH);

  const sample = await computePlannedReport(db, plan, { maxDocuments: PREVIEW_REPORT_DOCUMENTS });
  return {
    format: plan.format.id,
    layer: plan.layer.value,
    filename: plan.filename,
    preview,
    previewTruncated: preview.length < full.length || counts.documents > run.report.documents,
    previewDocuments: run.report.documents,
    counts,
    report: toExportReportDto(sample),
    reportSampleDocuments: sample.documents,
  };
}

/**
 * The full report for a selection: the same selection through the same writer, output discarded.
 * It describes the data as it is now (run it right after a download to describe that file).
 */
export async function computeExportReport(
  db: Db,
  actor: Actor,
  projectId: string,
  request: unknown,
  options: PlanExportOptions = {},
): Promise<ExportReportResponse> {
  const plan = await authorizeAndPlan(db, actor, projectId, request, options);
  const report = await computePlannedReport(db, plan);
  return { format: plan.format.id, layer: plan.layer.value, report: toExportReportDto(report) };
}

/** What the Export page offers: layers (with span counts), labels, members and statuses. */
export async function getExportPageData(db: Db, actor: Actor, projectId: string): Promise<ExportPageData> {
  const { project } = await authorizeProject(db, actor, projectId, "export.run");
  const gold = await countGoldSpans(db, project.id);
  const annotators = await listExportAnnotators(db, project.id);
  const labels = await listLabels(db, project.id, { includeArchived: true });
  const members = await listProjectMemberUsers(db, project.id);
  const totalDocuments = await countProjectDocuments(db, project.id);
  return {
    projectId: project.id,
    projectSlug: project.slug,
    defaultLayer: gold > 0 ? "gold" : "all",
    layers: [
      { value: "gold", label: "Gold (adjudicated)", spans: gold },
      { value: "all", label: "All layers (every annotator + gold)", spans: null },
      ...annotators.map((a) => ({ value: a.email, label: `${a.name} (${a.email})`, spans: a.spans })),
    ],
    labels: labels.map((l) => ({ id: l.id, name: l.name, color: l.color, archived: l.archivedAt !== null })),
    members: members.map((m) => ({ userId: m.userId, email: m.email, name: m.name })),
    statuses: [...EXPORT_DOCUMENT_STATUSES],
    totalDocuments,
  };
}
