import { withAuth } from "@/lib/http/handler";
import { EXPORT_DOCUMENTS_TOTAL_HEADER, EXPORT_LAYER_HEADER, EXPORT_SPANS_TOTAL_HEADER } from "@/lib/server/export-dto";
import { streamExport } from "@/lib/server/export";
import { readExportRequest } from "./request";

export const dynamic = "force-dynamic";

function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * GET /api/projects/:projectId/export?format=…&layer=…&status=…&label=…&assignee=…&from=…&to=…&offsets=…
 * Streams the export file (export.run). The selection's document count is sent up front in
 * X-Spanlab-Documents-Total so the client can show progress; the report is POST …/export/report.
 */
export const GET = withAuth(async ({ req, db, actor, params }) => {
  const { input, baseUrl } = readExportRequest(req);
  const started = await streamExport(db, actor, params.projectId ?? "", input, { baseUrl });
  const textual = !started.mimeType.startsWith("application/zip");
  return new Response(started.stream, {
    status: 200,
    headers: {
      "Content-Type": textual ? `${started.mimeType}; charset=utf-8` : started.mimeType,
      "Content-Disposition": contentDisposition(started.filename),
      "Cache-Control": "no-store",
      [EXPORT_DOCUMENTS_TOTAL_HEADER]: String(started.documentsTotal),
      [EXPORT_SPANS_TOTAL_HEADER]: String(started.spansTotal),
      [EXPORT_LAYER_HEADER]: encodeURIComponent(started.layer),
      "Access-Control-Expose-Headers": [EXPORT_DOCUMENTS_TOTAL_HEADER, EXPORT_SPANS_TOTAL_HEADER, EXPORT_LAYER_HEADER, "Content-Disposition"].join(", "),
    },
  });
});
