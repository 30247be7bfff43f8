import { NextResponse } from "next/server";
import { readJson, withAuth } from "@/lib/http/handler";
import { createComment, getDocumentComments } from "@/lib/server/comments";

/** The article's comment threads with unread markers (documents.read). */
export const GET = withAuth(async ({ db, actor, params }) => getDocumentComments(db, actor, params.projectId ?? "", params.documentId ?? ""));

/** `{ body, annotationId?, parentId? }` → the new comment, 201 (comments.write). */
export const POST = withAuth(async ({ req, db, actor, params }) => {
  const comment = await createComment(db, actor, params.projectId ?? "", params.documentId ?? "", await readJson(req));
  return NextResponse.json({ comment }, { status: 201 });
});
