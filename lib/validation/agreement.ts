import { z } from "zod";
import { DOCUMENT_STATUSES } from "@/db/schema/documents";

const uuidList = (what: string) => z.array(z.uuid({ error: `Each ${what} must be an id (a UUID).` })).max(1000, `At most 1,000 ${what}s.`);

/**
 * Filters of an agreement report. Omitted or empty lists mean "all". Query string form:
 * `?label=<id>&label=<id>&annotator=<id>&status=submitted&document=<id>` (repeat a key for several values,
 * or separate values with commas).
 */
export const ZAgreementFilters = z.object({
  labelIds: uuidList("label").optional(),
  annotatorIds: uuidList("annotator").optional(),
  statuses: z.array(z.enum(DOCUMENT_STATUSES, { error: `A status is one of ${DOCUMENT_STATUSES.join(", ")}.` })).max(DOCUMENT_STATUSES.length).optional(),
  documentIds: uuidList("document").optional(),
});
export type TAgreementFilters = z.infer<typeof ZAgreementFilters>;

function listParam(params: URLSearchParams, key: string): string[] | undefined {
  const values = params
    .getAll(key)
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
  return values.length > 0 ? values : undefined;
}

/** The raw filter object of a query string (validate it with ZAgreementFilters). */
export function agreementFiltersFromSearchParams(params: URLSearchParams): Record<string, string[] | undefined> {
  return {
    labelIds: listParam(params, "label"),
    annotatorIds: listParam(params, "annotator"),
    statuses: listParam(params, "status"),
    documentIds: listParam(params, "document"),
  };
}

/** The query string for a filter object (the inverse of agreementFiltersFromSearchParams). */
export function agreementFiltersToSearchParams(filters: Partial<TAgreementFilters>): URLSearchParams {
  const params = new URLSearchParams();
  for (const id of filters.labelIds ?? []) params.append("label", id);
  for (const id of filters.annotatorIds ?? []) params.append("annotator", id);
  for (const s of filters.statuses ?? []) params.append("status", s);
  for (const id of filters.documentIds ?? []) params.append("document", id);
  return params;
}
