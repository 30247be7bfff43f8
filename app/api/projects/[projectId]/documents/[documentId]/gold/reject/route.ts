import { readJson, withProjectAuth } from "@/lib/http/handler";
import { rejectSpan } from "@/lib/server/gold";

/** Rejects an annotator's span with a reason: body { annotationId, reason }. */
export const POST = withProjectAuth("gold.write", async ({ req, db, actor, project, params }) =>
  rejectSpan(db, actor, project.id, params.documentId ?? "", await readJson(req)),
);
