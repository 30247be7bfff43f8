import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../connect";
import { documents, type AssignmentStatus, type DocumentStatus, type ProjectRole } from "../schema";
import { DOCUMENT_SEARCH_VECTOR } from "./documents";
import { resultRows } from "./imports";

/**
 * Where an article stands, across its annotators, as the library shows it:
 * - approved:    the article is approved, or every assignment is;
 * - submitted:   submitted / in review, or every assignment is submitted (or approved);
 * - in_progress: someone has started (or it was returned);
 * - untouched:   nobody has started (assigned or not).
 */
export const PROGRESS_CATEGORIES = ["approved", "submitted", "in_progress", "untouched"] as const;
export type ProgressCategory = (typeof PROGRESS_CATEGORIES)[number];

/** The category of the row `documents` given its assignment aggregate `agg` (n, approved, done, started). */
const CATEGORY = sql`case
  when ${documents.status} = 'approved' or (agg.n > 0 and agg.approved = agg.n) then 'approved'
  when ${documents.status} in ('submitted', 'in_review') or (agg.n > 0 and agg.done = agg.n) then 'submitted'
  when ${documents.status} in ('in_progress', 'returned') or agg.started > 0 then 'in_progress'
  else 'untouched' end`;

/** Per-article aggregate of its assignments (one index probe on assignments_document_user_key). */
const AGG_LATERAL = sql`left join lateral (
  select count(*)::int as n,
         (count(*) filter (where a.status = 'approved'))::int as approved,
         (count(*) filter (where a.status in ('submitted', 'approved')))::int as done,
         (count(*) filter (where a.status <> 'assigned'))::int as started
  from assignments a where a.document_id = ${documents.id}) agg on true`;

export interface LibraryFilter {
  /** Words to find in the title or text (full-text, 'simple' config), or part of the title. */
  q?: string;
  status?: ProgressCategory;
  /** A user id, or "none" for articles nobody is assigned to. */
  assignee?: string;
  /** A label id: articles with at least one live span of it (in `labelLayerOwner`'s layer when set). */
  label?: string;
  /** Restricts the label filter to one person's layer (for roles that see only their own). */
  labelLayerOwner?: string;
}

export interface LibraryCursor {
  createdAt: string;
  id: string;
}

export interface LibraryRow {
  id: string;
  title: string;
  length: number;
  status: DocumentStatus;
  progress: ProgressCategory;
  createdAtText: string;
  createdAtMs: number;
  updatedAtMs: number;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** WHERE conditions for the filter (the cursor is added separately). */
function filterConditions(projectId: string, filter: LibraryFilter): SQL[] {
  const where: SQL[] = [sql`${documents.projectId} = ${projectId}::uuid`];
  const q = filter.q?.trim();
  if (q) {
    // Two index-friendly halves joined by UNION, so the GIN index serves the full-text half; an OR
    // in one WHERE would force computing every article's tsvector.
    where.push(sql`${documents.id} in (
      select ${documents.id} from ${documents} where ${documents.projectId} = ${projectId}::uuid and ${DOCUMENT_SEARCH_VECTOR} @@ plainto_tsquery('simple', ${q})
      union
      select ${documents.id} from ${documents} where ${documents.projectId} = ${projectId}::uuid and ${documents.title} ilike ${`%${escapeLike(q)}%`}
    )`);
  }
  if (filter.status) where.push(sql`(${CATEGORY}) = ${filter.status}`);
  if (filter.assignee === "none") {
    where.push(sql`not exists (select 1 from assignments a where a.document_id = ${documents.id})`);
  } else if (filter.assignee) {
    where.push(sql`exists (select 1 from assignments a where a.document_id = ${documents.id} and a.user_id = ${filter.assignee}::uuid)`);
  }
  if (filter.label) {
    const owner = filter.labelLayerOwner ? sql` and an.owner_id = ${filter.labelLayerOwner}::uuid` : sql``;
    where.push(
      sql`exists (select 1 from annotations an where an.document_id = ${documents.id} and an.label_id = ${filter.label}::uuid and an.deleted_at is null${owner})`,
    );
  }
  return where;
}

/** One page of the library, in the order articles were added (file order within an import). */
export async function listLibraryPage(
  db: Db,
  projectId: string,
  filter: LibraryFilter,
  page: { cursor: LibraryCursor | null; limit: number },
): Promise<{ rows: LibraryRow[]; hasMore: boolean }> {
  const where = filterConditions(projectId, filter);
  if (page.cursor) where.push(sql`(${documents.createdAt}, ${documents.id}) > (${page.cursor.createdAt}::timestamptz, ${page.cursor.id}::uuid)`);
  const result = await db.execute(sql`
    select ${documents.id} as id, ${documents.title} as title, ${documents.length} as length, ${documents.status} as status,
           ${CATEGORY} as progress,
           ${documents.createdAt}::text as "createdAtText",
           (extract(epoch from ${documents.createdAt}) * 1000)::float8 as "createdAtMs",
           (extract(epoch from ${documents.updatedAt}) * 1000)::float8 as "updatedAtMs"
    from ${documents} ${AGG_LATERAL}
    where ${sql.join(where, sql` and `)}
    order by ${documents.createdAt}, ${documents.id}
    limit ${page.limit + 1}
  `);
  const rows = resultRows<LibraryRow>(result).map((r) => ({ ...r, length: Number(r.length), createdAtMs: Number(r.createdAtMs), updatedAtMs: Number(r.updatedAtMs) }));
  return { rows: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
}

/** How many articles match the filter. */
export async function countLibrary(db: Db, projectId: string, filter: LibraryFilter): Promise<number> {
  const needsAgg = Boolean(filter.status);
  const result = await db.execute(sql`
    select count(*)::int as n from ${documents} ${needsAgg ? AGG_LATERAL : sql``}
    where ${sql.join(filterConditions(projectId, filter), sql` and `)}
  `);
  return Number(resultRows<{ n: number }>(result)[0]?.n ?? 0);
}

/** Ids of every article matching the filter, in library order (for "assign all matching"). */
export async function listLibraryIds(db: Db, projectId: string, filter: LibraryFilter, max: number): Promise<string[]> {
  const result = await db.execute(sql`
    select ${documents.id} as id from ${documents} ${filter.status ? AGG_LATERAL : sql``}
    where ${sql.join(filterConditions(projectId, filter), sql` and `)}
    order by ${documents.createdAt}, ${documents.id}
    limit ${max}
  `);
  return resultRows<{ id: string }>(result).map((r) => r.id);
}

export interface PageAssignee {
  documentId: string;
  userId: string;
  name: string;
  status: AssignmentStatus;
}

/** Who is assigned to each of these articles, with their status. */
export async function listAssigneesForDocuments(db: Db, projectId: string, documentIds: string[]): Promise<PageAssignee[]> {
  if (documentIds.length === 0) return [];
  const result = await db.execute(sql`
    select a.document_id as "documentId", a.user_id as "userId", u.name, a.status
    from assignments a join users u on u.id = a.user_id
    where a.project_id = ${projectId}::uuid and a.document_id = any(${sql.param(documentIds)}::uuid[])
    order by u.name, a.user_id
  `);
  return resultRows<PageAssignee>(result);
}

/** Live span counts per article: annotator layers (only `ownerId`'s when given) and gold. */
export async function countAnnotationsForDocuments(
  db: Db,
  projectId: string,
  documentIds: string[],
  ownerId: string | null,
): Promise<Map<string, { spans: number; gold: number }>> {
  const out = new Map<string, { spans: number; gold: number }>();
  if (documentIds.length === 0) return out;
  const mine = ownerId ? sql` and owner_id = ${ownerId}::uuid` : sql``;
  const result = await db.execute(sql`
    select document_id as "documentId",
           (count(*) filter (where layer = 'annotator'${mine}))::int as spans,
           (count(*) filter (where layer = 'gold'))::int as gold
    from annotations
    where project_id = ${projectId}::uuid and document_id = any(${sql.param(documentIds)}::uuid[]) and deleted_at is null
    group by document_id
  `);
  for (const r of resultRows<{ documentId: string; spans: number; gold: number }>(result)) {
    out.set(r.documentId, { spans: Number(r.spans), gold: Number(r.gold) });
  }
  return out;
}

/** Articles per progress category (one pass: a hash join of documents with their assignment aggregate). */
export async function countProgress(db: Db, projectId: string): Promise<Record<ProgressCategory, number>> {
  const result = await db.execute(sql`
    with agg as (
      select document_id,
             count(*)::int as n,
             (count(*) filter (where status = 'approved'))::int as approved,
             (count(*) filter (where status in ('submitted', 'approved')))::int as done,
             (count(*) filter (where status <> 'assigned'))::int as started
      from assignments where project_id = ${projectId}::uuid group by document_id
    )
    select ${CATEGORY} as progress, count(*)::int as n
    from ${documents} left join agg on agg.document_id = ${documents.id}
    where ${documents.projectId} = ${projectId}::uuid
    group by 1
  `);
  const out: Record<ProgressCategory, number> = { approved: 0, submitted: 0, in_progress: 0, untouched: 0 };
  for (const r of resultRows<{ progress: ProgressCategory; n: number }>(result)) out[r.progress] = Number(r.n);
  return out;
}

export interface AnnotatorLoad {
  userId: string;
  name: string;
  role: ProjectRole | null;
  assigned: number;
  inProgress: number;
  returned: number;
  /** Submitted or approved. */
  done: number;
}

/** Each person's assignments in the project, by status. */
export async function listAnnotatorLoads(db: Db, projectId: string): Promise<AnnotatorLoad[]> {
  const result = await db.execute(sql`
    select a.user_id as "userId", u.name, m.role,
           count(*)::int as assigned,
           (count(*) filter (where a.status = 'in_progress'))::int as "inProgress",
           (count(*) filter (where a.status = 'returned'))::int as returned,
           (count(*) filter (where a.status in ('submitted', 'approved')))::int as done
    from assignments a
    join users u on u.id = a.user_id
    left join project_members m on m.project_id = a.project_id and m.user_id = a.user_id
    where a.project_id = ${projectId}::uuid
    group by a.user_id, u.name, m.role
    order by u.name, a.user_id
  `);
  return resultRows<AnnotatorLoad>(result).map((r) => ({
    ...r,
    assigned: Number(r.assigned),
    inProgress: Number(r.inProgress),
    returned: Number(r.returned),
    done: Number(r.done),
  }));
}

export interface ProjectPerson {
  userId: string;
  name: string;
  email: string;
  role: ProjectRole;
}

/** The project's members (people who can be assigned), by name. */
export async function listProjectPeople(db: Db, projectId: string): Promise<ProjectPerson[]> {
  const result = await db.execute(sql`
    select m.user_id as "userId", u.name, u.email, m.role
    from project_members m join users u on u.id = m.user_id
    where m.project_id = ${projectId}::uuid and not u.is_system
    order by u.name, m.user_id
  `);
  return resultRows<ProjectPerson>(result);
}
