import { z } from "zod";

export const TITLE_MAX_LENGTH = 500;
/** Code points per article; longer texts are refused with a message saying the limit. */
export const TEXT_MAX_CODE_POINTS = 5_000_000;

export const ZCreateDocumentRequest = z.object({
  title: z
    .string()
    .trim()
    .min(1, "Give the article a title.")
    .max(TITLE_MAX_LENGTH, `A title has at most ${TITLE_MAX_LENGTH} characters.`),
  text: z
    .string()
    .refine((t) => t.trim().length > 0, "Paste the article's text.")
    .refine((t) => [...t].length <= TEXT_MAX_CODE_POINTS, `An article has at most ${TEXT_MAX_CODE_POINTS.toLocaleString("en")} characters.`),
  sourceUrl: z.url({ error: "Enter a full URL, like https://example.org/article." }).max(2000).nullish(),
  meta: z.record(z.string(), z.unknown()).optional(),
  /** Import even when an article with the same text exists. */
  allowDuplicate: z.boolean().optional(),
});
export type TCreateDocumentRequest = z.infer<typeof ZCreateDocumentRequest>;
