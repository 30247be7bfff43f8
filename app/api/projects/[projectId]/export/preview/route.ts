import { withAuth } from "@/lib/http/handler";
import { previewExport } from "@/lib/server/export";
import { readExportRequest } from "../request";

export const dynamic = "force-dynamic";

/** GET …/export/preview?<same parameters as the download> → the first records, counts and a sample report (export.run). */
export const GET = withAuth(async ({ req, db, actor, params }) => {
  const { input, baseUrl } = readExportRequest(req);
  return previewExport(db, actor, params.projectId ?? "", input, { baseUrl });
});
