import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../connect";
import { projectMembers } from "../schema";

/** One article of an import, with an id chosen by the caller (so labels can point at it without RETURNING). */
export interface ImportedDocumentRow {
  id: string;
  title: string;
  text: string;
  length: number;
  sourceUrl: string | null;
  meta: Record<string, unknown>;
  contentHash: string;
  /** Position of the record in the file: rows get created_at = transaction time + ordinal µs, so the library lists them in file order. */
  ordinal: number;
}

/** The `rows` of a raw result from either driver (node-postgres QueryResult or PGlite Results). */
export function resultRows<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/**
 * Inserts many documents in ONE statement (`insert … select from unnest(arrays)`: ten array
 * parameters whatever the row count, which is much cheaper to bind than a multi-row VALUES list).
 * Callers batch (≈500 rows) inside a transaction.
 */
export async function insertImportedDocuments(db: Db, projectId: string, createdBy: string, rows: ImportedDocumentRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(sql`
    insert into documents (id, project_id, title, text, length, source_url, meta, content_hash, created_by, created_at, updated_at)
    select u.id, ${projectId}::uuid, u.title, u.text, u.length, u.source_url, u.meta::jsonb, u.content_hash, ${createdBy}::uuid,
           now() + u.ordinal * interval '1 microsecond', now()
    from unnest(
      ${sql.param(rows.map((r) => r.id))}::uuid[],
      ${sql.param(rows.map((r) => r.title))}::text[],
      ${sql.param(rows.map((r) => r.text))}::text[],
      ${sql.param(rows.map((r) => r.length))}::int[],
      ${sql.param(rows.map((r) => r.sourceUrl))}::text[],
      ${sql.param(rows.map((r) => JSON.stringify(r.meta)))}::text[],
      ${sql.param(rows.map((r) => r.contentHash))}::text[],
      ${sql.param(rows.map((r) => r.ordinal))}::bigint[]
    ) as u(id, title, text, length, source_url, meta, content_hash, ordinal)
  `);
}

export interface ImportedAnnotationRow {
  documentId: string;
  labelId: string;
  start: number;
  end: number;
  quote: string;
  prefix: string;
  suffix: string;
}

/** Inserts span labels that came with a file as annotations in `ownerId`'s layer (the "Imported" author). */
export async function insertImportedAnnotations(db: Db, projectId: string, ownerId: string, rows: ImportedAnnotationRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(sql`
    insert into annotations (project_id, document_id, layer, owner_id, label_id, start_offset, end_offset, quote, prefix, suffix, created_by, updated_by)
    select ${projectId}::uuid, u.document_id, 'annotator', ${ownerId}::uuid, u.label_id, u.start_offset, u.end_offset, u.quote, u.prefix, u.suffix,
           ${ownerId}::uuid, ${ownerId}::uuid
    from unnest(
      ${sql.param(rows.map((r) => r.documentId))}::uuid[],
      ${sql.param(rows.map((r) => r.labelId))}::uuid[],
      ${sql.param(rows.map((r) => r.start))}::int[],
      ${sql.param(rows.map((r) => r.end))}::int[],
      ${sql.param(rows.map((r) => r.quote))}::text[],
      ${sql.param(rows.map((r) => r.prefix))}::text[],
      ${sql.param(rows.map((r) => r.suffix))}::text[]
    ) as u(document_id, label_id, start_offset, end_offset, quote, prefix, suffix)
  `);
}

/** The project's first owner (by membership date): whom the command-line import acts as. */
export async function getFirstOwnerId(db: Db, projectId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ userId: projectMembers.userId })
    .from(projectMembers)
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.role, "owner")))
    .orderBy(asc(projectMembers.createdAt), asc(projectMembers.userId))
    .limit(1);
  return row?.userId;
}

/**
 * Articles of the project with any of these content hashes; `inThisImport` marks rows written by
 * the current transaction (their xmin is its id), listed after the older ones.
 */
export async function findDuplicateCandidates(
  db: Db,
  projectId: string,
  hashes: string[],
): Promise<{ id: string; title: string; contentHash: string; inThisImport: boolean }[]> {
  if (hashes.length === 0) return [];
  const result = await db.execute(sql`
    select id, title, content_hash as "contentHash", (xmin = pg_current_xact_id()::xid) as "inThisImport"
    from documents
    where project_id = ${projectId}::uuid and content_hash = any(${sql.param(hashes)}::text[])
    order by (xmin = pg_current_xact_id()::xid), created_at, id
  `);
  return resultRows<{ id: string; title: string; contentHash: string; inThisImport: boolean }>(result);
}
