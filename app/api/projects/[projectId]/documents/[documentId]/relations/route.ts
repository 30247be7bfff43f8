import { readJson, withAuth } from "@/lib/http/handler";
import { idempotencyKey, writeResponse } from "@/lib/http/write-response";
import { createRelation } from "@/lib/server/relations";

/** Link two spans of one layer (annotations.write; gold.write in gold). Honours Idempotency-Key. */
export const POST = withAuth(async ({ req, db, actor, params }) =>
  writeResponse(
    await createRelation(db, actor, params.projectId ?? "", params.documentId ?? "", await readJson(req), {
      idempotencyKey: idempotencyKey(req),
    }),
  ),
);
