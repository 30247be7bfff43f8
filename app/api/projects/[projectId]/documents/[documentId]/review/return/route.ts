import { readJson, withProjectAuth } from "@/lib/http/handler";
import { returnDocument } from "@/lib/server/review-workflow";

/** Returns an article to its annotators: body { reason, comment?, annotatorIds? }. */
export const POST = withProjectAuth("review.decide", async ({ req, db, actor, project, params }) =>
  returnDocument(db, actor, project.id, params.documentId ?? "", await readJson(req)),
);
