import { and, asc, eq, isNotNull, isNull, ne, or, sql } from "drizzle-orm";
import type { Db } from "../connect";
import { relations } from "../schema";

export type RelationRow = typeof relations.$inferSelect;
export type NewRelation = typeof relations.$inferInsert;

/** The live relations of a document (every layer), oldest first. One query on `relations_document_idx`. */
export async function listDocumentRelations(db: Db, params: { projectId: string; documentId: string }): Promise<RelationRow[]> {
  return db
    .select()
    .from(relations)
    .where(and(eq(relations.documentId, params.documentId), eq(relations.projectId, params.projectId), isNull(relations.deletedAt)))
    .orderBy(asc(relations.createdAt), asc(relations.id));
}

/** One relation of the project (deleted ones too). */
export async function getRelation(db: Db, projectId: string, id: string): Promise<RelationRow | undefined> {
  const [row] = await db
    .select()
    .from(relations)
    .where(and(eq(relations.projectId, projectId), eq(relations.id, id)))
    .limit(1);
  return row;
}

/** Relations of the project by id (deleted ones too). */
export async function getRelationsByIds(db: Db, projectId: string, ids: string[]): Promise<RelationRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(relations)
    .where(and(eq(relations.projectId, projectId), sql`${relations.id} = any(${sql.param(ids)}::uuid[])`));
}

/** Inserts unless the id is taken (in any project); undefined when it was. */
export async function insertRelationIfAbsent(db: Db, values: NewRelation): Promise<RelationRow | undefined> {
  const [row] = await db.insert(relations).values(values).onConflictDoNothing({ target: relations.id }).returning();
  return row;
}

/** A live relation with the same ends and type, other than `excludeId`. */
export async function findLiveDuplicateRelation(
  db: Db,
  params: { projectId: string; fromId: string; toId: string; type: string; excludeId?: string },
): Promise<RelationRow | undefined> {
  const [row] = await db
    .select()
    .from(relations)
    .where(
      and(
        eq(relations.projectId, params.projectId),
        eq(relations.fromId, params.fromId),
        eq(relations.toId, params.toId),
        eq(relations.type, params.type),
        isNull(relations.deletedAt),
        params.excludeId ? ne(relations.id, params.excludeId) : undefined,
      ),
    )
    .limit(1);
  return row;
}

/** Soft-deletes every live relation starting or ending at the annotation; returns them. */
export async function softDeleteRelationsOfAnnotation(db: Db, params: { projectId: string; annotationId: string }): Promise<RelationRow[]> {
  return db
    .update(relations)
    .set({ deletedAt: sql`now()`, version: sql`${relations.version} + 1` })
    .where(
      and(
        eq(relations.projectId, params.projectId),
        or(eq(relations.fromId, params.annotationId), eq(relations.toId, params.annotationId)),
        isNull(relations.deletedAt),
      ),
    )
    .returning();
}

/** Soft-deletes one live relation; undefined when it was not live. */
export async function softDeleteRelation(db: Db, params: { projectId: string; id: string }): Promise<RelationRow | undefined> {
  const [row] = await db
    .update(relations)
    .set({ deletedAt: sql`now()`, version: sql`${relations.version} + 1` })
    .where(and(eq(relations.projectId, params.projectId), eq(relations.id, params.id), isNull(relations.deletedAt)))
    .returning();
  return row;
}

/** Restores soft-deleted relations by id; returns the rows restored. */
export async function restoreRelationRows(db: Db, params: { projectId: string; ids: string[] }): Promise<RelationRow[]> {
  if (params.ids.length === 0) return [];
  return db
    .update(relations)
    .set({ deletedAt: null, version: sql`${relations.version} + 1` })
    .where(
      and(
        eq(relations.projectId, params.projectId),
        sql`${relations.id} = any(${sql.param(params.ids)}::uuid[])`,
        isNotNull(relations.deletedAt),
      ),
    )
    .returning();
}
