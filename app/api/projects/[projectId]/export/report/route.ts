import { withAuth } from "@/lib/http/handler";
import { computeExportReport } from "@/lib/server/export";
import { readExportRequest } from "../request";

export const dynamic = "force-dynamic";

/**
 * POST …/export/report?<same parameters as the download> → the full report for that selection
 * (export.run): the same writer run over the whole selection with its output discarded.
 */
export const POST = withAuth(async ({ req, db, actor, params }) => {
  const { input, baseUrl } = readExportRequest(req);
  return computeExportReport(db, actor, params.projectId ?? "", input, { baseUrl });
});
