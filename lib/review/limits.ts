/** Limits shared by the comment composer and the server's validation (no zod here: the editor's bundle stays small). */

/** Longest comment, in characters. */
export const COMMENT_MAX_LENGTH = 5_000;
