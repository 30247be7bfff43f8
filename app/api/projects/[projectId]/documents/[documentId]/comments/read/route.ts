import { readJson, withAuth } from "@/lib/http/handler";
import { markDocumentCommentsRead } from "@/lib/server/comments";

/** `{ upTo? }`: the caller has read the article's comments up to then (default: now). */
export const POST = withAuth(async ({ req, db, actor, params }) =>
  markDocumentCommentsRead(db, actor, params.projectId ?? "", params.documentId ?? "", await readJson(req)),
);
