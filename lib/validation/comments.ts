import { z } from "zod";
import { COMMENT_MAX_LENGTH } from "@/lib/review/limits";

export { COMMENT_MAX_LENGTH };

export const ZCreateCommentRequest = z.object({
  body: z
    .string({ error: "Write the comment first." })
    .trim()
    .min(1, "Write the comment first.")
    .max(COMMENT_MAX_LENGTH, `A comment has at most ${COMMENT_MAX_LENGTH.toLocaleString("en")} characters; shorten it or split it in two.`),
  /** The span it is on; null or absent for a comment on the article. */
  annotationId: z.uuid({ error: "The span id must be a UUID." }).nullish(),
  /** The comment it answers (a thread is one level deep: a reply to a reply joins its thread). */
  parentId: z.uuid({ error: "The comment id must be a UUID." }).nullish(),
});
export type TCreateCommentRequest = z.infer<typeof ZCreateCommentRequest>;
