import { readJson, withAuth } from "@/lib/http/handler";
import { idempotencyKey, writeResponse } from "@/lib/http/write-response";
import { restoreAnnotation } from "@/lib/server/delete-annotation";

/** Undo a delete: the span and the given relations ({ relationIds? }) come back. */
export const POST = withAuth(async ({ req, db, actor, params }) =>
  writeResponse(
    await restoreAnnotation(db, actor, params.projectId ?? "", params.annotationId ?? "", await readJson(req), {
      idempotencyKey: idempotencyKey(req),
    }),
  ),
);
