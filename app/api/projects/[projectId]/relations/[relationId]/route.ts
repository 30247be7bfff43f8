import { withAuth } from "@/lib/http/handler";
import { idempotencyKey, writeResponse } from "@/lib/http/write-response";
import { deleteRelation } from "@/lib/server/relations";

/** Unlink (soft delete) a relation (annotations.write on its layer). */
export const DELETE = withAuth(async ({ req, db, actor, params }) =>
  writeResponse(await deleteRelation(db, actor, params.projectId ?? "", params.relationId ?? "", { idempotencyKey: idempotencyKey(req) })),
);
