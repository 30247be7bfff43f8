import { withAuth } from "@/lib/http/handler";
import { deleteComment } from "@/lib/server/comments";

/** Deletes a comment: its author, or a manager or owner (comments.write). */
export const DELETE = withAuth(async ({ db, actor, params }) => deleteComment(db, actor, params.projectId ?? "", params.commentId ?? ""));
