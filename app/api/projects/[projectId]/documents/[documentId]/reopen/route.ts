import { withAuth } from "@/lib/http/handler";
import { reopenDocument } from "@/lib/server/submit-document";

/** Reopen one's submitted work on the article (annotations.write). */
export const POST = withAuth(async ({ db, actor, params }) => reopenDocument(db, actor, params.projectId ?? "", params.documentId ?? ""));
