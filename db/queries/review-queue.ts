import { sql } from "drizzle-orm";
import type { Db } from "../connect";
import type { DocumentStatus } from "../schema";
import { resultRows } from "./imports";

export interface ReviewQueueRow {
  id: string;
  title: string;
  status: DocumentStatus;
  length: number;
  /** When the last of its annotators submitted (the article has waited since then); null if unknown. */
  readySince: Date | null;
  annotators: { id: string; name: string; status: string }[];
  spans: number;
  hasGold: boolean;
}

interface RawRow {
  id: string;
  title: string;
  status: DocumentStatus;
  length: number;
  ready_since: Date | string | null;
  annotators: { id: string; name: string; status: string }[] | string | null;
  spans: number;
  has_gold: boolean;
}

/**
 * Articles waiting for review (submitted or in review), oldest first: the one that has waited longest
 * since its last annotator submitted comes first. With their annotators, live span counts, and
 * whether gold has been started.
 */
export async function listReviewQueue(db: Db, params: { projectId: string; limit: number; offset: number }): Promise<ReviewQueueRow[]> {
  const result = await db.execute(sql`
    select d.id, d.title, d.status, d.length,
           coalesce(a.ready_since, d.updated_at) as ready_since,
           coalesce(a.annotators, '[]'::json) as annotators,
           coalesce(s.spans, 0)::int as spans,
           coalesce(s.gold, 0) > 0 as has_gold
    from documents d
    left join lateral (
      select max(x.submitted_at) as ready_since,
             json_agg(json_build_object('id', u.id, 'name', u.name, 'status', x.status) order by u.name) as annotators
      from assignments x join users u on u.id = x.user_id
      where x.document_id = d.id
    ) a on true
    left join lateral (
      select (count(*) filter (where n.layer = 'annotator'))::int as spans,
             (count(*) filter (where n.layer = 'gold'))::int as gold
      from annotations n where n.document_id = d.id and n.deleted_at is null
    ) s on true
    where d.project_id = ${params.projectId} and d.status in ('submitted', 'in_review')
    order by coalesce(a.ready_since, d.updated_at) asc, d.id asc
    limit ${params.limit} offset ${params.offset}
  `);
  type Annotators = ReviewQueueRow["annotators"];
  return resultRows<RawRow>(result).map((r): ReviewQueueRow => ({
    id: r.id,
    title: r.title,
    status: r.status,
    length: Number(r.length),
    readySince: r.ready_since === null ? null : new Date(r.ready_since),
    annotators: typeof r.annotators === "string" ? (JSON.parse(r.annotators) as Annotators) : (r.annotators ?? []),
    spans: Number(r.spans),
    hasGold: Boolean(r.has_gold),
  }));
}

/** How many articles of the project are in each status (for the dashboard's counters). */
export async function countDocumentsByStatus(db: Db, projectId: string): Promise<Record<DocumentStatus, number>> {
  const result = await db.execute(sql`select status, count(*)::int as n from documents where project_id = ${projectId} group by status`);
  const out: Record<DocumentStatus, number> = { unassigned: 0, in_progress: 0, submitted: 0, in_review: 0, approved: 0, returned: 0 };
  for (const r of resultRows<{ status: DocumentStatus; n: number }>(result)) out[r.status] = Number(r.n);
  return out;
}
