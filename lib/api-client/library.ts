import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type {
  AssignRequest,
  AssignResultDto,
  AssignmentMatrixDto,
  LibraryFilterDto,
  LibraryPageDto,
  LibrarySummaryDto,
  UnassignRequest,
  UnassignResultDto,
} from "@/lib/server/library-dto";
import type { QueueDto, QueueNeighborsDto } from "@/lib/server/queue-dto";
import { fetchJson } from "./fetch-json";

/** A filter with empty values dropped, so {} and { q: "" } share a cache entry. */
export function normalizeFilter(filter: LibraryFilterDto): LibraryFilterDto {
  const out: LibraryFilterDto = {};
  if (filter.q?.trim()) out.q = filter.q.trim();
  if (filter.status) out.status = filter.status;
  if (filter.assignee) out.assignee = filter.assignee;
  if (filter.label) out.label = filter.label;
  return out;
}

function search(filter: LibraryFilterDto, extra: Record<string, string | null | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...normalizeFilter(filter), ...extra })) if (v) params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : "";
}

/** Query keys live here and only here. `projectId` is the project's uuid. */
export const libraryKeys = {
  all: (projectId: string) => ["library", projectId] as const,
  page: (projectId: string, filter: LibraryFilterDto, cursor: string | null) =>
    [...libraryKeys.all(projectId), "page", normalizeFilter(filter), cursor] as const,
  summary: (projectId: string) => [...libraryKeys.all(projectId), "summary"] as const,
  matrix: (projectId: string, filter: LibraryFilterDto, cursor: string | null) =>
    [...libraryKeys.all(projectId), "matrix", normalizeFilter(filter), cursor] as const,
  queue: (projectId: string) => ["queue", projectId] as const,
  queuePage: (projectId: string, limit: number) => [...libraryKeys.queue(projectId), "page", limit] as const,
  neighbors: (projectId: string, documentId: string) => [...libraryKeys.queue(projectId), "neighbors", documentId] as const,
};

export function libraryPageQuery(projectId: string, filter: LibraryFilterDto, cursor: string | null) {
  return queryOptions({
    queryKey: libraryKeys.page(projectId, filter, cursor),
    queryFn: () => fetchJson<LibraryPageDto>(`/api/projects/${projectId}/documents${search(filter, { cursor })}`),
  });
}

export function librarySummaryQuery(projectId: string) {
  return queryOptions({
    queryKey: libraryKeys.summary(projectId),
    queryFn: () => fetchJson<LibrarySummaryDto>(`/api/projects/${projectId}/assignments/summary`),
  });
}

export function assignmentMatrixQuery(projectId: string, filter: LibraryFilterDto, cursor: string | null) {
  return queryOptions({
    queryKey: libraryKeys.matrix(projectId, filter, cursor),
    queryFn: () => fetchJson<AssignmentMatrixDto>(`/api/projects/${projectId}/assignments${search(filter, { cursor })}`),
  });
}

export function queueQuery(projectId: string, limit = 200) {
  return queryOptions({
    queryKey: libraryKeys.queuePage(projectId, limit),
    queryFn: () => fetchJson<QueueDto>(`/api/projects/${projectId}/queue?limit=${limit}`),
  });
}

/** For J / K in the editor: previous / next article in my queue, and the next one still to do. */
export function queueNeighborsQuery(projectId: string, documentId: string) {
  return queryOptions({
    queryKey: libraryKeys.neighbors(projectId, documentId),
    queryFn: () => fetchJson<QueueNeighborsDto>(`/api/projects/${projectId}/queue/neighbors?documentId=${encodeURIComponent(documentId)}`),
  });
}

function useInvalidateWork(projectId: string) {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: libraryKeys.all(projectId) }),
      qc.invalidateQueries({ queryKey: libraryKeys.queue(projectId) }),
    ]);
}

export function useAssign(projectId: string) {
  const invalidate = useInvalidateWork(projectId);
  return useMutation({
    mutationFn: (input: AssignRequest) => fetchJson<AssignResultDto>(`/api/projects/${projectId}/assignments`, { method: "POST", json: input }),
    onSuccess: invalidate,
  });
}

export function useUnassign(projectId: string) {
  const invalidate = useInvalidateWork(projectId);
  return useMutation({
    mutationFn: (input: UnassignRequest) => fetchJson<UnassignResultDto>(`/api/projects/${projectId}/assignments`, { method: "DELETE", json: input }),
    onSuccess: invalidate,
  });
}
