import "server-only";
import type { Db } from "@/db/connect";
import { insertAuditEvent } from "@/db/queries/audit";
import { findEntityByNameAndType, insertEntity, lockEntityName, searchEntities } from "@/db/queries/entities";
import { authorizeProject, type Actor } from "@/lib/auth/guards";
import { ZCreateEntityRequest, ZEntitySearchQuery } from "@/lib/validation/annotations";
import type { EntityDto } from "./annotation-dto";
import { parseInput, toEntityDto, type WriteResult } from "./annotations-shared";

/**
 * The project's entity registry, searched by name: GET /api/projects/:projectId/entities?q=&limit=.
 * Case-insensitive; names starting with `q` first, then names containing it; at most `limit` (20).
 */
export async function searchEntityRegistry(
  db: Db,
  actor: Actor,
  projectId: string,
  query: { q?: string | null; limit?: string | number | null },
): Promise<{ entities: EntityDto[] }> {
  const ctx = await authorizeProject(db, actor, projectId, "project.read");
  const { q, limit } = parseInput(ZEntitySearchQuery, { q: query.q ?? undefined, limit: query.limit ?? undefined });
  const rows = await searchEntities(db, { projectId: ctx.project.id, q, limit });
  return { entities: rows.map(toEntityDto) };
}

/**
 * Adds an entity to the registry: POST /api/projects/:projectId/entities. Deduplicated by
 * (project, lower(name), type): creating an existing one returns it (200, `created: false`) instead
 * of making a twin; concurrent creates of the same entity make one row. External ids are free
 * text, except that anything that looks like a Wikidata id must be one (Q42).
 */
export async function createEntity(
  db: Db,
  actor: Actor,
  projectId: string,
  input: unknown,
): Promise<WriteResult<{ entity: EntityDto; created: boolean }>> {
  const ctx = await authorizeProject(db, actor, projectId, "annotations.write");
  const data = parseInput(ZCreateEntityRequest, input);
  const pid = ctx.project.id;
  return db.transaction(async (tx) => {
    const key = { projectId: pid, name: data.name, type: data.type };
    await lockEntityName(tx, key);
    const existing = await findEntityByNameAndType(tx, key);
    if (existing) return { status: 200, body: { entity: toEntityDto(existing), created: false }, replayed: false };
    const row = await insertEntity(tx, { projectId: pid, name: data.name, type: data.type, externalId: data.externalId, createdBy: actor.userId });
    await insertAuditEvent(tx, {
      projectId: pid,
      actorId: actor.userId,
      action: "entity.create",
      entityType: "entity",
      entityId: row.id,
      before: null,
      after: { name: row.name, type: row.type, externalId: row.externalId },
    });
    return { status: 201, body: { entity: toEntityDto(row), created: true }, replayed: false };
  });
}
