import { withProjectAuth } from "@/lib/http/handler";
import { startReview } from "@/lib/server/review-workflow";

/** "Start review": submitted → in_review. */
export const POST = withProjectAuth("review.decide", async ({ db, actor, project, params }) => startReview(db, actor, project.id, params.documentId ?? ""));
