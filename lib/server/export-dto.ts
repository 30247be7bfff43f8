/**
 * The export API contract shared by the server (lib/server/export.ts, app/api/…/export) and the
 * Export page (lib/api-client/export.ts, components/export). Type-only: safe to import anywhere.
 *
 * Routes (query parameters as in lib/validation/export.ts; errors are `{ error: { code, message } }`):
 *   GET  /api/projects/:projectId/export?format=…&layer=…&status=…&label=…&assignee=…&from=…&to=…&offsets=…
 *          → the file, streamed (Content-Disposition: attachment), with headers
 *            X-Spanlab-Documents-Total (documents in the selection, counted before streaming),
 *            X-Spanlab-Spans-Total (stored spans in the selection, before verification),
 *            X-Spanlab-Layer (the layer actually exported, e.g. "gold" when none was given).
 *          400 for an unknown format (the message lists them) or utf16 offsets on a format without
 *          them; 422 for invalid filters; 403 for non-members and roles without export.run.
 *   GET  /api/projects/:projectId/export/preview?…   → ExportPreviewResponse (bounded sample)
 *   POST /api/projects/:projectId/export/report?…    → ExportReportResponse: the FULL report, computed by
 *          running the same selection through the same writer and discarding the output. The Export
 *          page calls it when a download finishes (an HTTP body cannot carry a report after the file
 *          without changing the file), so it describes the data as it is at that moment.
 */
import type { ExportFormat } from "@/lib/export";
import type { DroppedOverlap, DroppedRelation, MisalignedSpan, MismatchedSpan } from "@/lib/export/types";

export const EXPORT_DOCUMENTS_TOTAL_HEADER = "X-Spanlab-Documents-Total";
export const EXPORT_SPANS_TOTAL_HEADER = "X-Spanlab-Spans-Total";
export const EXPORT_LAYER_HEADER = "X-Spanlab-Layer";

/** A list of problems, capped so that a badly broken project still gives a small response. */
export interface ReportList<T> {
  total: number;
  items: T[];
}

/** {@link ExportReport} as JSON, each list capped at `REPORT_LIST_LIMIT` items (with its total). */
export interface ExportReportDto {
  documents: number;
  spans: number;
  mismatched: ReportList<MismatchedSpan>;
  misaligned: ReportList<MisalignedSpan> & { byLabel: Record<string, number> };
  overlapsDropped: ReportList<DroppedOverlap>;
  relationsDropped: ReportList<DroppedRelation>;
  notes: string[];
}

export interface ExportLayerOption {
  /** The `layer` parameter: "gold", "all" or an annotator's e-mail. */
  value: string;
  label: string;
  spans: number | null;
}

export interface ExportSelectionCounts {
  documents: number;
  /** Stored spans in the selection, before verification against the text. */
  spans: number;
}

export interface ExportPreviewResponse {
  format: ExportFormat;
  layer: string;
  filename: string;
  /** The first records of the file as text (brat: the first documents' .ann files). */
  preview: string;
  /** True when the preview was cut short. */
  previewTruncated: boolean;
  /** Documents the preview text shows. */
  previewDocuments: number;
  /** The whole selection. */
  counts: ExportSelectionCounts;
  /** The report over the first `reportSampleDocuments` documents only. */
  report: ExportReportDto;
  reportSampleDocuments: number;
}

export interface ExportReportResponse {
  format: ExportFormat;
  layer: string;
  report: ExportReportDto;
}

/** What the Export page needs to render its form. */
export interface ExportPageData {
  projectId: string;
  projectSlug: string;
  /** "gold" when the project has gold spans, else "all". */
  defaultLayer: "gold" | "all";
  layers: ExportLayerOption[];
  labels: { id: string; name: string; color: string; archived: boolean }[];
  members: { userId: string; email: string; name: string }[];
  statuses: string[];
  totalDocuments: number;
}
