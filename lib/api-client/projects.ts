import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type { ProjectListItemDto } from "@/lib/server/dto-types";
import type { ProjectDto } from "@/lib/server/dto";
import { fetchJson } from "./fetch-json";

/** Query keys live here and only here. */
export const projectKeys = {
  all: ["projects"] as const,
  list: () => [...projectKeys.all, "list"] as const,
  detail: (idOrSlug: string) => [...projectKeys.all, "detail", idOrSlug] as const,
};

export function projectListQuery() {
  return queryOptions({
    queryKey: projectKeys.list(),
    queryFn: () => fetchJson<{ projects: ProjectListItemDto[] }>("/api/projects").then((r) => r.projects),
  });
}

export function useCreateProject() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; description: string }) =>
      fetchJson<{ project: ProjectDto }>("/api/projects", { method: "POST", json: input }).then((r) => r.project),
    onSuccess: () => qc.invalidateQueries({ queryKey: projectKeys.all }),
  });
}
