import { withAuth } from "@/lib/http/handler";
import { submitDocument } from "@/lib/server/submit-document";

/** Submit one's work on the article (annotations.write). */
export const POST = withAuth(async ({ db, actor, params }) => submitDocument(db, actor, params.projectId ?? "", params.documentId ?? ""));
