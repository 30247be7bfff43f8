import { withAuth } from "@/lib/http/handler";
import { getQueueNeighbors } from "@/lib/server/queue";

/** `?documentId=` → `{ previous, next, nextTodo, position, total }` for J / K in the editor (lib/server/queue-dto.ts). */
export const GET = withAuth(async ({ req, db, actor, params }) =>
  getQueueNeighbors(db, actor, params.projectId ?? "", Object.fromEntries(new URL(req.url).searchParams)),
);
