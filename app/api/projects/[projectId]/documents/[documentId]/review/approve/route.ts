import { withProjectAuth } from "@/lib/http/handler";
import { approveDocument } from "@/lib/server/review-workflow";

/** Approves an article in review (in_review → approved). */
export const POST = withProjectAuth("review.decide", async ({ db, actor, project, params }) => approveDocument(db, actor, project.id, params.documentId ?? ""));
