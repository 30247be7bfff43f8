/**
 * The project's entity registry, for the editor's entity combobox. Query keys live here only.
 * Creating an entity is a write and goes through the outbox (AnnotationWriter.createEntity).
 */
import { queryOptions } from "@tanstack/react-query";
import type { EntityDto } from "@/lib/server/annotation-dto";
import { fetchJson } from "./fetch-json";

export const entityKeys = {
  all: ["entities"] as const,
  search: (projectId: string, q: string) => [...entityKeys.all, "search", projectId, q] as const,
};

export const ENTITY_SEARCH_LIMIT = 20;

/** GET /api/projects/:projectId/entities?q=<prefix>&limit=20 — names starting with / containing `q`. */
export function entitySearchQuery(projectId: string, q: string) {
  const query = q.trim();
  return queryOptions({
    queryKey: entityKeys.search(projectId, query),
    queryFn: ({ signal }) =>
      fetchJson<{ entities: EntityDto[] }>(
        `/api/projects/${encodeURIComponent(projectId)}/entities?q=${encodeURIComponent(query)}&limit=${ENTITY_SEARCH_LIMIT}`,
        { signal },
      ).then((r) => r.entities),
    staleTime: 30_000,
  });
}

/** Case-insensitive: does `name` (of an entity with `type`) match what was typed exactly? */
export function isExactEntityMatch(entity: Pick<EntityDto, "name" | "type">, name: string, type: string | null): boolean {
  return entity.name.trim().toLocaleLowerCase() === name.trim().toLocaleLowerCase() && (type === null || entity.type === type);
}
