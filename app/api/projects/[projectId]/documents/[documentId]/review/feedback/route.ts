import { withProjectAuth } from "@/lib/http/handler";
import { getReviewFeedback } from "@/lib/server/review-view";

/** What reviewers said about the caller's own work on the article (return reason, rejections, comments). */
export const GET = withProjectAuth("documents.read", async ({ db, actor, project, params }) =>
  getReviewFeedback(db, actor, project.id, params.documentId ?? ""),
);
