import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../connect";
import { entities } from "../schema";

export type EntityRow = typeof entities.$inferSelect;
export type NewEntity = typeof entities.$inferInsert;

export async function getEntity(db: Db, projectId: string, id: string): Promise<EntityRow | undefined> {
  const [row] = await db
    .select()
    .from(entities)
    .where(and(eq(entities.projectId, projectId), eq(entities.id, id)))
    .limit(1);
  return row;
}

/** Entities of the project by id (ids of other projects are simply not returned). */
export async function getEntitiesByIds(db: Db, projectId: string, ids: string[]): Promise<EntityRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(entities)
    .where(and(eq(entities.projectId, projectId), sql`${entities.id} = any(${sql.param(ids)}::uuid[])`))
    .orderBy(asc(entities.name), asc(entities.id));
}

/** The entity with this name (case-insensitive) and type (null matches null) in the project. */
export async function findEntityByNameAndType(db: Db, params: { projectId: string; name: string; type: string | null }): Promise<EntityRow | undefined> {
  const [row] = await db
    .select()
    .from(entities)
    .where(
      and(
        eq(entities.projectId, params.projectId),
        sql`lower(${entities.name}) = lower(${params.name})`,
        params.type === null ? isNull(entities.type) : eq(entities.type, params.type),
      ),
    )
    .orderBy(asc(entities.createdAt))
    .limit(1);
  return row;
}

/**
 * Serialises creators of the same (project, lower(name), type) until the transaction ends, so two
 * concurrent creates of one entity make one row (there is no unique index on the expression).
 */
export async function lockEntityName(db: Db, params: { projectId: string; name: string; type: string | null }): Promise<void> {
  const key = `entity:${params.projectId}:${params.name.toLowerCase()}:${params.type ?? ""}`;
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
}

export async function insertEntity(db: Db, values: NewEntity): Promise<EntityRow> {
  const [row] = await db.insert(entities).values(values).returning();
  if (!row) throw new Error("insert into entities returned no row");
  return row;
}

/** `%` and `_` (and the escape character) taken literally in a LIKE pattern. */
function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Entities whose name contains `q` (case-insensitive), names starting with `q` first, then
 * alphabetical. An empty `q` lists the project's entities alphabetically.
 */
export async function searchEntities(db: Db, params: { projectId: string; q: string; limit: number }): Promise<EntityRow[]> {
  const q = escapeLike(params.q);
  return db
    .select()
    .from(entities)
    .where(and(eq(entities.projectId, params.projectId), q ? sql`lower(${entities.name}) like lower(${`%${q}%`})` : undefined))
    .orderBy(
      sql`(lower(${entities.name}) like lower(${`${q}%`})) desc`,
      sql`lower(${entities.name})`,
      asc(entities.type),
      asc(entities.id),
    )
    .limit(params.limit);
}
