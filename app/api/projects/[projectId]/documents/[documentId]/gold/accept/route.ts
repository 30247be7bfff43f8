import { NextResponse } from "next/server";
import { readJson, withProjectAuth } from "@/lib/http/handler";
import { acceptIntoGold } from "@/lib/server/gold";

/** Accepts an annotator's span into gold: body { annotationId }. 201 when a gold span was created. */
export const POST = withProjectAuth("gold.write", async ({ req, db, actor, project, params }) => {
  const result = await acceptIntoGold(db, actor, project.id, params.documentId ?? "", await readJson(req));
  return NextResponse.json(result, { status: result.created ? 201 : 200 });
});
