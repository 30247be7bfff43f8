import { NextResponse } from "next/server";
import { readJson, withAuth } from "@/lib/http/handler";
import { createDocument } from "@/lib/server/documents";

/** Paste import: one article from `{ title, text, sourceUrl?, meta?, allowDuplicate? }`. */
export const POST = withAuth(async ({ req, db, actor, params }) => {
  const document = await createDocument(db, actor, params.projectId ?? "", await readJson(req));
  return NextResponse.json({ document }, { status: 201 });
});
