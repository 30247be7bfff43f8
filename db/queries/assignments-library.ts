/**
 * Assignment queries for the library (bulk assign / unassign, loads, the matrix). The editor's
 * per-article assignment queries (submit, reopen) live in assignments.ts.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../connect";
import type { AssignmentStatus } from "../schema";
import { resultRows } from "./imports";

/** Who is assigned to each of these articles of the project. */
export async function listExistingAssignments(db: Db, projectId: string, documentIds: string[]): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  if (documentIds.length === 0) return out;
  const result = await db.execute(sql`
    select document_id as "documentId", user_id as "userId" from assignments
    where project_id = ${projectId}::uuid and document_id = any(${sql.param(documentIds)}::uuid[])
  `);
  for (const r of resultRows<{ documentId: string; userId: string }>(result)) {
    const set = out.get(r.documentId) ?? new Set<string>();
    set.add(r.userId);
    out.set(r.documentId, set);
  }
  return out;
}

/** Open assignments (assigned, in progress, returned) per person in the project. */
export async function countOpenAssignments(db: Db, projectId: string, userIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (userIds.length === 0) return out;
  const result = await db.execute(sql`
    select user_id as "userId", count(*)::int as n from assignments
    where project_id = ${projectId}::uuid and user_id = any(${sql.param(userIds)}::uuid[]) and status in ('assigned', 'in_progress', 'returned')
    group by user_id
  `);
  for (const r of resultRows<{ userId: string; n: number }>(result)) out.set(r.userId, Number(r.n));
  return out;
}

/** Which of these ids are articles of the project. */
export async function findProjectDocumentIds(db: Db, projectId: string, documentIds: string[]): Promise<Set<string>> {
  if (documentIds.length === 0) return new Set();
  const result = await db.execute(sql`
    select id from documents where project_id = ${projectId}::uuid and id = any(${sql.param(documentIds)}::uuid[])
  `);
  return new Set(resultRows<{ id: string }>(result).map((r) => r.id));
}

/** Inserts assignments (status "assigned"); pairs that exist already are left alone. Returns how many were created. */
export async function insertAssignments(
  db: Db,
  projectId: string,
  assignedBy: string,
  pairs: { documentId: string; userId: string }[],
): Promise<number> {
  if (pairs.length === 0) return 0;
  const result = await db.execute(sql`
    with ins as (
      insert into assignments (project_id, document_id, user_id, status, assigned_by)
      select ${projectId}::uuid, u.document_id, u.user_id, 'assigned', ${assignedBy}::uuid
      from unnest(${sql.param(pairs.map((p) => p.documentId))}::uuid[], ${sql.param(pairs.map((p) => p.userId))}::uuid[]) as u(document_id, user_id)
      on conflict (document_id, user_id) do nothing
      returning 1
    )
    select count(*)::int as n from ins
  `);
  return Number(resultRows<{ n: number }>(result)[0]?.n ?? 0);
}

export interface AssignmentPair {
  documentId: string;
  userId: string;
  status: AssignmentStatus;
}

/** The assignments among these articles × people. */
export async function listAssignmentPairs(db: Db, projectId: string, documentIds: string[], userIds: string[]): Promise<AssignmentPair[]> {
  if (documentIds.length === 0 || userIds.length === 0) return [];
  const result = await db.execute(sql`
    select document_id as "documentId", user_id as "userId", status from assignments
    where project_id = ${projectId}::uuid and document_id = any(${sql.param(documentIds)}::uuid[]) and user_id = any(${sql.param(userIds)}::uuid[])
  `);
  return resultRows<AssignmentPair>(result);
}

/** Deletes the assignments among these articles × people; returns how many went. */
export async function deleteAssignmentPairs(db: Db, projectId: string, documentIds: string[], userIds: string[]): Promise<number> {
  if (documentIds.length === 0 || userIds.length === 0) return 0;
  const result = await db.execute(sql`
    with del as (
      delete from assignments
      where project_id = ${projectId}::uuid and document_id = any(${sql.param(documentIds)}::uuid[]) and user_id = any(${sql.param(userIds)}::uuid[])
      returning 1
    )
    select count(*)::int as n from del
  `);
  return Number(resultRows<{ n: number }>(result)[0]?.n ?? 0);
}

/** Queue order: returned, in progress, assigned, submitted, approved. */
const QUEUE_RANK = sql`case a.status when 'returned' then 0 when 'in_progress' then 1 when 'assigned' then 2 when 'submitted' then 3 else 4 end`;

export interface QueueRow {
  documentId: string;
  title: string;
  length: number;
  status: AssignmentStatus;
  updatedAtMs: number;
  submittedAtMs: number | null;
}

/** One page of a person's queue in a project. */
export async function listQueue(db: Db, projectId: string, userId: string, page: { offset: number; limit: number }): Promise<QueueRow[]> {
  const result = await db.execute(sql`
    select d.id as "documentId", d.title, d.length, a.status,
           (extract(epoch from a.updated_at) * 1000)::float8 as "updatedAtMs",
           (extract(epoch from a.submitted_at) * 1000)::float8 as "submittedAtMs"
    from assignments a join documents d on d.id = a.document_id
    where a.project_id = ${projectId}::uuid and a.user_id = ${userId}::uuid
    order by ${QUEUE_RANK}, d.created_at, d.id
    offset ${page.offset} limit ${page.limit}
  `);
  return resultRows<QueueRow>(result).map((r) => ({
    ...r,
    length: Number(r.length),
    updatedAtMs: Number(r.updatedAtMs),
    submittedAtMs: r.submittedAtMs === null ? null : Number(r.submittedAtMs),
  }));
}

/** A person's assignments in a project by status. */
export async function countQueue(db: Db, projectId: string, userId: string): Promise<Record<AssignmentStatus, number>> {
  const result = await db.execute(sql`
    select status, count(*)::int as n from assignments
    where project_id = ${projectId}::uuid and user_id = ${userId}::uuid group by status
  `);
  const out: Record<AssignmentStatus, number> = { assigned: 0, in_progress: 0, submitted: 0, returned: 0, approved: 0 };
  for (const r of resultRows<{ status: AssignmentStatus; n: number }>(result)) out[r.status] = Number(r.n);
  return out;
}

export interface QueueNeighborRow {
  documentId: string;
  title: string;
  status: AssignmentStatus;
}

/** The articles before and after `documentId` among the person's assignments (added order), the first still to do, and the position. */
export async function findQueueNeighbors(
  db: Db,
  projectId: string,
  userId: string,
  documentId: string,
): Promise<{ previous: QueueNeighborRow | null; next: QueueNeighborRow | null; nextTodo: QueueNeighborRow | null; position: number | null }> {
  const mine = sql`from assignments a join documents d on d.id = a.document_id where a.project_id = ${projectId}::uuid and a.user_id = ${userId}::uuid`;
  const here = sql`(select created_at, id from documents where id = ${documentId}::uuid and project_id = ${projectId}::uuid)`;
  const cols = sql`d.id as "documentId", d.title, a.status`;
  const [prev, next, todo, pos] = await Promise.all([
    db.execute(sql`select ${cols} ${mine} and a.document_id <> ${documentId}::uuid and exists (select 1 from assignments x where x.document_id = ${documentId}::uuid and x.user_id = ${userId}::uuid)
      and (d.created_at, d.id) < ${here} order by d.created_at desc, d.id desc limit 1`),
    db.execute(sql`select ${cols} ${mine} and a.document_id <> ${documentId}::uuid and exists (select 1 from assignments x where x.document_id = ${documentId}::uuid and x.user_id = ${userId}::uuid)
      and (d.created_at, d.id) > ${here} order by d.created_at, d.id limit 1`),
    db.execute(sql`select ${cols} ${mine} and a.document_id <> ${documentId}::uuid and a.status in ('returned', 'in_progress', 'assigned')
      order by ${QUEUE_RANK}, d.created_at, d.id limit 1`),
    db.execute(sql`select count(*)::int as n ${mine} and (d.created_at, d.id) <= ${here}
      and exists (select 1 from assignments x where x.document_id = ${documentId}::uuid and x.user_id = ${userId}::uuid)`),
  ]);
  const one = (r: unknown) => resultRows<QueueNeighborRow>(r)[0] ?? null;
  const n = Number(resultRows<{ n: number }>(pos)[0]?.n ?? 0);
  return { previous: one(prev), next: one(next), nextTodo: one(todo), position: n > 0 ? n : null };
}
