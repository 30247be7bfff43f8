import { NextResponse } from "next/server";
import { readJson, withProjectAuth } from "@/lib/http/handler";
import { createInvite } from "@/lib/server/invites";

/** `{ email, role, expiresInDays? }` → 201 `{ invite, token, url }`; the token is shown only this once. */
export const POST = withProjectAuth("members.manage", async ({ req, db, actor, project }) =>
  NextResponse.json(await createInvite(db, actor, project.id, await readJson(req)), { status: 201, headers: { "Cache-Control": "no-store" } }),
);
