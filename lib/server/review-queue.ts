import "server-only";
import type { Db } from "@/db/connect";
import { countDocumentsByStatus, listReviewQueue } from "@/db/queries/review-queue";
import type { DocumentStatus } from "@/db/schema";
import { authorizeProject, type Actor } from "@/lib/auth/guards";
import { computeProjectGoldSummary, type GoldSummaryDto } from "./agreement";
import { unreadCommentsFor } from "./comments";
import { AppError } from "./errors";

export interface ReviewQueueItemDto {
  id: string;
  title: string;
  status: DocumentStatus;
  length: number;
  readySince: string | null;
  annotators: { id: string; name: string; status: string }[];
  spans: number;
  hasGold: boolean;
  unreadComments: number;
}

export interface ReviewDashboardDto {
  items: ReviewQueueItemDto[];
  /** Articles per status across the project. */
  counts: Record<DocumentStatus, number>;
  nextOffset: number | null;
  /** Each annotator against gold over the articles that have gold; null before any gold exists. */
  gold: GoldSummaryDto | null;
  /** When this was computed (waiting times are measured to it). */
  generatedAt: string;
}

export const REVIEW_QUEUE_PAGE = 50;

/**
 * GET /api/projects/:projectId/review-queue?offset=: the reviewer's dashboard — submitted articles,
 * oldest first, with counts per status, and (once gold exists) every annotator's precision and
 * recall against gold. review.decide.
 */
export async function getReviewDashboard(db: Db, actor: Actor, projectId: string, input: { offset?: unknown; limit?: unknown } = {}): Promise<ReviewDashboardDto> {
  const ctx = await authorizeProject(db, actor, projectId, "review.decide");
  const offset = Number(input.offset ?? 0);
  const limit = Number(input.limit ?? REVIEW_QUEUE_PAGE);
  if (!Number.isInteger(offset) || offset < 0) throw new AppError("validation_failed", "offset must be a whole number ≥ 0.", { fields: { offset: ["A whole number ≥ 0."] } });
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new AppError("validation_failed", "limit must be between 1 and 200.", { fields: { limit: ["Between 1 and 200."] } });
  const pid = ctx.project.id;
  const [rows, counts, gold] = await Promise.all([
    listReviewQueue(db, { projectId: pid, limit: limit + 1, offset }),
    countDocumentsByStatus(db, pid),
    computeProjectGoldSummary(db, pid),
  ]);
  const page = rows.slice(0, limit);
  const unread = await unreadCommentsFor(db, ctx, page.map((r) => r.id));
  return {
    items: page.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status,
      length: r.length,
      readySince: r.readySince?.toISOString() ?? null,
      annotators: r.annotators,
      spans: r.spans,
      hasGold: r.hasGold,
      unreadComments: unread.get(r.id)?.unread ?? 0,
    })),
    counts,
    nextOffset: rows.length > limit ? offset + limit : null,
    gold,
    generatedAt: new Date().toISOString(),
  };
}
