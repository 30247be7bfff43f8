import { withProjectAuth } from "@/lib/http/handler";
import { getReviewView } from "@/lib/server/review-view";

/**
 * The review of one article: every annotator's layer, gold, the merged comparison, decisions.
 * Reviewers, managers and owners; annotators only read-only when the project lets them see each other.
 */
export const GET = withProjectAuth("project.read", async ({ db, actor, project, params }) =>
  getReviewView(db, actor, project.id, params.documentId ?? ""),
);
