/**
 * The export request, as query parameters (shared by the download, preview and report routes, the
 * Export page that builds their URLs, and the CLI):
 *
 *   format   one of EXPORT_FORMAT_IDS (required; checked by the server with a message listing them)
 *   layer    "gold" | "all" | an annotator's e-mail or user id. Absent: "gold" once the project has a
 *            gold span, else "all".
 *   status   document statuses, repeated or comma-separated (absent: every status)
 *   label    label ids, repeated or comma-separated (absent: every label); filters spans, not documents
 *   assignee a user id: only documents assigned to them
 *   from, to the DOCUMENT's creation (import) date: `from` inclusive, `to` inclusive. A date
 *            (YYYY-MM-DD) means that whole day in UTC; a full ISO date-time means that instant.
 *   offsets  "codepoint" (default) | "utf16" (only formats that support UTF-16 offsets)
 */
import { z } from "zod";
import type { DocumentStatus } from "@/db/schema/documents";
import { UUID_PATTERN } from "@/lib/validation/ids";

/**
 * Document statuses, repeated here (type-checked against the schema) so that this module, which the
 * Export page also imports, does not pull the database schema into the browser bundle.
 */
export const EXPORT_DOCUMENT_STATUSES = ["unassigned", "in_progress", "submitted", "in_review", "approved", "returned"] as const satisfies readonly DocumentStatus[];
type MissingStatus = Exclude<DocumentStatus, (typeof EXPORT_DOCUMENT_STATUSES)[number]>;
const _allStatusesListed: MissingStatus extends never ? true : false = true;

export const EXPORT_OFFSET_UNITS = ["codepoint", "utf16"] as const;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** "2025-03-01" → that day's start in UTC; an ISO date-time → that instant; else null. */
export function parseExportDate(value: string): { instant: Date; dateOnly: boolean } | null {
  const trimmed = value.trim();
  const dateOnly = DATE_ONLY.test(trimmed);
  if (!dateOnly && !/^\d{4}-\d{2}-\d{2}T/.test(trimmed)) return null;
  const instant = new Date(dateOnly ? `${trimmed}T00:00:00.000Z` : trimmed);
  if (Number.isNaN(instant.getTime())) return null;
  if (dateOnly && instant.toISOString().slice(0, 10) !== trimmed) return null; // 2025-02-31
  return { instant, dateOnly };
}

const ZDate = z
  .string()
  .trim()
  .refine((v) => parseExportDate(v) !== null, "Use a date like 2025-03-01 (or a full ISO date-time).");

export const ZExportFilters = z
  .object({
    layer: z.string().trim().min(1).max(254, "A layer is gold, all, or an annotator's e-mail or user id.").optional(),
    status: z.array(z.enum(EXPORT_DOCUMENT_STATUSES, { error: `Statuses are ${EXPORT_DOCUMENT_STATUSES.join(", ")}.` })).default([]),
    label: z.array(z.string().regex(UUID_PATTERN, "Label filters are label ids.")).max(200).default([]),
    assignee: z.string().regex(UUID_PATTERN, "The assignee filter is a user id.").optional(),
    from: ZDate.optional(),
    to: ZDate.optional(),
    offsets: z.enum(EXPORT_OFFSET_UNITS, { error: 'Offsets are "codepoint" (default) or "utf16".' }).default("codepoint"),
  })
  .refine(
    (v) => {
      if (!v.from || !v.to) return true;
      const from = parseExportDate(v.from);
      const to = parseExportDate(v.to);
      return !from || !to || from.instant.getTime() <= to.instant.getTime();
    },
    { message: "The start date is after the end date.", path: ["to"] },
  );
export type TExportFilters = z.infer<typeof ZExportFilters>;

/** What the client sends (before validation): a format plus the filters above. */
export interface ExportRequestInput {
  format: string;
  layer?: string;
  status?: string[];
  label?: string[];
  assignee?: string;
  from?: string;
  to?: string;
  offsets?: string;
}

/** The document creation-time window `[from, before)` for the validated `from` / `to`. */
export function toCreatedRange(filters: Pick<TExportFilters, "from" | "to">): { createdFrom: Date | null; createdBefore: Date | null } {
  const from = filters.from ? parseExportDate(filters.from) : null;
  const to = filters.to ? parseExportDate(filters.to) : null;
  return {
    createdFrom: from?.instant ?? null,
    // Inclusive end: the whole day for a date, the instant itself (+1 ms) for a date-time.
    createdBefore: to ? new Date(to.instant.getTime() + (to.dateOnly ? DAY_MS : 1)) : null,
  };
}

function readList(params: URLSearchParams, key: string): string[] | undefined {
  const values = params
    .getAll(key)
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v !== "");
  return values.length > 0 ? values : undefined;
}

function readOne(params: URLSearchParams, key: string): string | undefined {
  const value = params.get(key)?.trim();
  return value ? value : undefined;
}

/** Query string → request input (lists may be repeated or comma-separated). */
export function exportInputFromSearchParams(params: URLSearchParams): ExportRequestInput {
  return {
    format: params.get("format")?.trim() ?? "",
    layer: readOne(params, "layer"),
    status: readList(params, "status"),
    label: readList(params, "label"),
    assignee: readOne(params, "assignee"),
    from: readOne(params, "from"),
    to: readOne(params, "to"),
    offsets: readOne(params, "offsets"),
  };
}

/** Request input → query string (the inverse of {@link exportInputFromSearchParams}). */
export function exportSearchParams(input: ExportRequestInput): URLSearchParams {
  const params = new URLSearchParams();
  params.set("format", input.format);
  if (input.layer) params.set("layer", input.layer);
  if (input.status && input.status.length > 0) params.set("status", input.status.join(","));
  if (input.label && input.label.length > 0) params.set("label", input.label.join(","));
  if (input.assignee) params.set("assignee", input.assignee);
  if (input.from) params.set("from", input.from);
  if (input.to) params.set("to", input.to);
  if (input.offsets && input.offsets !== "codepoint") params.set("offsets", input.offsets);
  return params;
}
