import { readJson, withAuth } from "@/lib/http/handler";
import { idempotencyKey, writeResponse } from "@/lib/http/write-response";
import { deleteAnnotation } from "@/lib/server/delete-annotation";
import { updateAnnotation } from "@/lib/server/update-annotation";

/** Edit a span at a version (annotations.write on one's own layer; gold.write in gold). 409 version_conflict when stale. */
export const PATCH = withAuth(async ({ req, db, actor, params }) =>
  writeResponse(
    await updateAnnotation(db, actor, params.projectId ?? "", params.annotationId ?? "", await readJson(req), {
      idempotencyKey: idempotencyKey(req),
    }),
  ),
);

/** Soft-delete a span at ?version=N, with its relations. */
export const DELETE = withAuth(async ({ req, db, actor, params }) =>
  writeResponse(
    await deleteAnnotation(
      db,
      actor,
      params.projectId ?? "",
      params.annotationId ?? "",
      { version: new URL(req.url).searchParams.get("version") },
      { idempotencyKey: idempotencyKey(req) },
    ),
  ),
);
