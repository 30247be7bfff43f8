import { withAuth } from "@/lib/http/handler";
import { getDocumentForActor } from "@/lib/server/documents";

/** One article with its exact text. */
export const GET = withAuth(async ({ db, actor, params }) => ({
  document: await getDocumentForActor(db, actor, params.projectId ?? "", params.documentId ?? ""),
}));
