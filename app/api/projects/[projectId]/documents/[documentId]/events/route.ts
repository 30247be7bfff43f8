import { withAuth } from "@/lib/http/handler";
import { openDocumentEvents } from "@/lib/server/document-events";

export const dynamic = "force-dynamic";

/**
 * GET /api/projects/:projectId/documents/:documentId/events — Server-Sent Events: `ready`, then a
 * `change` for every committed change to the document's spans, relations, comments or workflow
 * (fed by PostgreSQL LISTEN/NOTIFY, so it works across app instances). documents.read.
 */
export const GET = withAuth(async ({ req, db, actor, params }) => {
  const stream = await openDocumentEvents(db, actor, params.projectId ?? "", params.documentId ?? "", req.signal);
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
});
