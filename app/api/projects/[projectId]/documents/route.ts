import { NextResponse } from "next/server";
import { readJson, withAuth } from "@/lib/http/handler";
import { createDocument } from "@/lib/server/documents";
import { listLibrary } from "@/lib/server/library";
import { libraryQueryFromParams } from "@/lib/validation/library";

/** Paste import: one article from `{ title, text, sourceUrl?, meta?, allowDuplicate? }`. */
export const POST = withAuth(async ({ req, db, actor, params }) => {
  const document = await createDocument(db, actor, params.projectId ?? "", await readJson(req));
  return NextResponse.json({ document }, { status: 201 });
});

/**
 * The library: `?cursor=&q=&status=&assignee=&label=&limit=` → `{ items, total, nextCursor }`
 * (see lib/server/library-dto.ts). documents.read.
 */
export const GET = withAuth(async ({ req, db, actor, params }) =>
  listLibrary(db, actor, params.projectId ?? "", libraryQueryFromParams(new URL(req.url).searchParams)),
);
