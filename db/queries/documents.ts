import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../connect";
import { documents } from "../schema";

export type DocumentRow = typeof documents.$inferSelect;
export type NewDocument = typeof documents.$inferInsert;

/** The expression the GIN index `documents_search_idx` is built on; search must use exactly this. */
export const DOCUMENT_SEARCH_VECTOR = sql`to_tsvector('simple', ${documents.title} || ' ' || left(${documents.text}, 200000))`;

export async function getDocument(db: Db, projectId: string, documentId: string): Promise<DocumentRow | undefined> {
  const [row] = await db
    .select()
    .from(documents)
    .where(and(eq(documents.projectId, projectId), eq(documents.id, documentId)))
    .limit(1);
  return row;
}

/** Inserts many documents in one statement per call; callers batch (e.g. 500 rows) inside a transaction. */
export async function insertDocuments(db: Db, values: NewDocument[]): Promise<DocumentRow[]> {
  if (values.length === 0) return [];
  return db.insert(documents).values(values).returning();
}

/** Documents of the project with any of these content hashes (duplicate detection). */
export async function findDocumentsByHash(db: Db, projectId: string, hashes: string[]): Promise<{ id: string; contentHash: string; title: string }[]> {
  if (hashes.length === 0) return [];
  return db
    .select({ id: documents.id, contentHash: documents.contentHash, title: documents.title })
    .from(documents)
    .where(and(eq(documents.projectId, projectId), sql`${documents.contentHash} = any(${sql.param(hashes)}::text[])`));
}
