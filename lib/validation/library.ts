import { z } from "zod";

export const LIBRARY_PAGE_SIZE = 50;
/** Most articles one assignment request may cover ("all matching" included). */
export const MAX_ASSIGN_DOCUMENTS = 200_000;

const uuid = z.uuid({ error: "Not a valid id." });

export const ZProgressCategory = z.enum(["approved", "submitted", "in_progress", "untouched"], {
  error: "Status must be approved, submitted, in_progress or untouched.",
});

export const ZLibraryFilter = z.object({
  q: z.string().trim().max(200, "Search for at most 200 characters.").optional(),
  status: ZProgressCategory.optional(),
  /** A user id, "me" or "none". */
  assignee: z.union([uuid, z.literal("me"), z.literal("none")], { error: 'Assignee must be a user id, "me" or "none".' }).optional(),
  label: uuid.optional(),
});
export type TLibraryFilter = z.infer<typeof ZLibraryFilter>;

export const ZLibraryQuery = ZLibraryFilter.extend({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(LIBRARY_PAGE_SIZE),
});
export type TLibraryQuery = z.infer<typeof ZLibraryQuery>;

/** Query-string → object, dropping empty values (`?q=&status=` means no filter). */
export function libraryQueryFromParams(params: URLSearchParams): TLibraryQuery {
  const raw: Record<string, string> = {};
  for (const [k, v] of params) if (v.trim() !== "") raw[k] = v;
  return ZLibraryQuery.parse(raw);
}

export const ZAssignRequest = z
  .object({
    documentIds: z.array(uuid).min(1, "Select at least one article.").max(MAX_ASSIGN_DOCUMENTS).optional(),
    filter: ZLibraryFilter.optional(),
    userIds: z.array(uuid).min(1, "Pick at least one person.").max(200, "Pick at most 200 people."),
    perDocument: z.number().int("A whole number, please.").min(1, "At least 1 person per article.").max(50).optional(),
  })
  .refine((v) => (v.documentIds === undefined) !== (v.filter === undefined), {
    message: "Give either the selected articles (documentIds) or a filter, not both.",
    path: ["documentIds"],
  });
export type TAssignRequest = z.infer<typeof ZAssignRequest>;

export const ZUnassignRequest = z.object({
  documentIds: z.array(uuid).min(1, "Select at least one article.").max(MAX_ASSIGN_DOCUMENTS),
  userIds: z.array(uuid).min(1, "Pick at least one person.").max(200),
  force: z.boolean().optional(),
});
export type TUnassignRequest = z.infer<typeof ZUnassignRequest>;
