import { withAuth } from "@/lib/http/handler";
import { getReviewDashboard } from "@/lib/server/review-queue";

/** The reviewer's dashboard: `?offset=&limit=` → submitted articles oldest first, counts, scores against gold (review.decide). */
export const GET = withAuth(async ({ req, db, actor, params }) => {
  const q = new URL(req.url).searchParams;
  return getReviewDashboard(db, actor, params.projectId ?? "", { offset: q.get("offset") ?? undefined, limit: q.get("limit") ?? undefined });
});
