import { withAuth } from "@/lib/http/handler";
import { getMyQueue } from "@/lib/server/queue";

/** My assigned articles in this project (see lib/server/queue-dto.ts). */
export const GET = withAuth(async ({ req, db, actor, params }) =>
  getMyQueue(db, actor, params.projectId ?? "", Object.fromEntries(new URL(req.url).searchParams)),
);
