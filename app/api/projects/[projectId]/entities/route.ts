import { readJson, withAuth } from "@/lib/http/handler";
import { writeResponse } from "@/lib/http/write-response";
import { createEntity, searchEntityRegistry } from "@/lib/server/entities";

/** Search the entity registry: ?q=<name prefix or part>&limit=20 (project.read). */
export const GET = withAuth(async ({ req, db, actor, params }) => {
  const search = new URL(req.url).searchParams;
  return searchEntityRegistry(db, actor, params.projectId ?? "", { q: search.get("q"), limit: search.get("limit") });
});

/** Add an entity (annotations.write); an existing one with the same name and type is returned instead (200). */
export const POST = withAuth(async ({ req, db, actor, params }) => writeResponse(await createEntity(db, actor, params.projectId ?? "", await readJson(req))));
