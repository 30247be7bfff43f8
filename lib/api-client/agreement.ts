/**
 * The Agreement page's data: the report's `queryOptions` factory (the only place its keys live) and
 * the download links. Contract: `ProjectAgreementDto` in lib/server/agreement.ts.
 */
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import type { AgreementRequestFilters, ProjectAgreementDto } from "@/lib/server/agreement";
import { fetchJson, isPermanentError } from "./fetch-json";

export type AgreementFilters = AgreementRequestFilters;
export type AgreementDownloadFormat = "csv" | "json";

function sortedUnique<T extends string>(values: readonly T[] | undefined): T[] | undefined {
  if (!values || values.length === 0) return undefined;
  return [...new Set(values)].sort();
}

/**
 * Filters with empty lists dropped and values deduplicated and sorted, so `{}` and
 * `{ labelIds: [] }` (or the same labels picked in another order) share one cache entry.
 */
export function normalizeAgreementFilters(filters: AgreementFilters): AgreementFilters {
  const out: AgreementFilters = {};
  const labelIds = sortedUnique(filters.labelIds);
  const annotatorIds = sortedUnique(filters.annotatorIds);
  const statuses = sortedUnique(filters.statuses);
  const documentIds = sortedUnique(filters.documentIds);
  if (labelIds) out.labelIds = labelIds;
  if (annotatorIds) out.annotatorIds = annotatorIds;
  if (statuses) out.statuses = statuses;
  if (documentIds) out.documentIds = documentIds;
  return out;
}

/**
 * The query string of the report's filters: `label`, `annotator`, `status`, `document`, each key
 * repeated per value — the form `agreementFiltersFromSearchParams` (lib/validation/agreement.ts)
 * reads. Built here rather than imported: that module pulls the database schema (drizzle) in for
 * its status list, which has no place in the browser bundle.
 */
export function agreementSearchParams(filters: AgreementFilters): URLSearchParams {
  const f = normalizeAgreementFilters(filters);
  const params = new URLSearchParams();
  for (const id of f.labelIds ?? []) params.append("label", id);
  for (const id of f.annotatorIds ?? []) params.append("annotator", id);
  for (const status of f.statuses ?? []) params.append("status", status);
  for (const id of f.documentIds ?? []) params.append("document", id);
  return params;
}

/** Query keys live here and only here. `projectId` is the project's uuid. */
export const agreementKeys = {
  all: ["agreement"] as const,
  project: (projectId: string) => [...agreementKeys.all, projectId] as const,
  report: (projectId: string, filters: AgreementFilters) =>
    [...agreementKeys.project(projectId), "report", normalizeAgreementFilters(filters)] as const,
};

function reportUrl(projectId: string, params: URLSearchParams): string {
  const search = params.toString();
  return `/api/projects/${encodeURIComponent(projectId)}/agreement${search ? `?${search}` : ""}`;
}

/**
 * The agreement report for these filters. Computed on the server per request (not cached there),
 * so it stays fresh for a minute here; while a new filter loads, the previous report stays on
 * screen (`isPlaceholderData`) instead of the charts blanking.
 */
export function agreementQuery(projectId: string, filters: AgreementFilters) {
  return queryOptions({
    queryKey: agreementKeys.report(projectId, filters),
    queryFn: ({ signal }) => fetchJson<ProjectAgreementDto>(reportUrl(projectId, agreementSearchParams(filters)), { signal }),
    staleTime: 60_000,
    refetchOnWindowFocus: false,
    placeholderData: keepPreviousData,
    // A refused filter (422) or permission (403) will not change on retry; a network blip may.
    retry: (failureCount, error) => !isPermanentError(error) && failureCount < 2,
  });
}

/** The report for these filters as a CSV (one figure per row) or JSON (the whole report) file. */
export function agreementDownloadUrl(projectId: string, filters: AgreementFilters, format: AgreementDownloadFormat): string {
  const params = agreementSearchParams(filters);
  params.set("download", format);
  return reportUrl(projectId, params);
}

