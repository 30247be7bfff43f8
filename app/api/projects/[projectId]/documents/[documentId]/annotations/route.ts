import { readJson, withAuth } from "@/lib/http/handler";
import { idempotencyKey, writeResponse } from "@/lib/http/write-response";
import { createAnnotation } from "@/lib/server/create-annotation";
import { listAnnotations } from "@/lib/server/list-annotations";

/** A document's spans: ?layer=mine|gold|all|<userId> (documents.read; other layers need annotations.readAll or the project setting). */
export const GET = withAuth(async ({ req, db, actor, params }) =>
  listAnnotations(db, actor, params.projectId ?? "", params.documentId ?? "", new URL(req.url).searchParams.get("layer")),
);

/** Tag a span (annotations.write; gold.write for layer "gold"). Honours Idempotency-Key. */
export const POST = withAuth(async ({ req, db, actor, params }) =>
  writeResponse(
    await createAnnotation(db, actor, params.projectId ?? "", params.documentId ?? "", await readJson(req), {
      idempotencyKey: idempotencyKey(req),
    }),
  ),
);
