import { withAuth } from "@/lib/http/handler";
import { idempotencyKey, writeResponse } from "@/lib/http/write-response";
import { restoreRelation } from "@/lib/server/relations";

/** Undo an unlink. */
export const POST = withAuth(async ({ req, db, actor, params }) =>
  writeResponse(await restoreRelation(db, actor, params.projectId ?? "", params.relationId ?? "", { idempotencyKey: idempotencyKey(req) })),
);
