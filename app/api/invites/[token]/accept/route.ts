import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { getRequestActor } from "@/lib/auth/session";
import { errorResponse, readJson } from "@/lib/http/handler";
import { acceptInvite } from "@/lib/server/invites";

/**
 * Accepts an invite. No account for its email yet: `{ name, password }` creates one. An account
 * exists: the caller must be signed in as it (403 otherwise).
 */
export async function POST(req: Request, ctx: { params: Promise<{ token: string }> }): Promise<Response> {
  try {
    const { token } = await ctx.params;
    const actor = await getRequestActor(req);
    const accepted = await acceptInvite(getDb(), actor, token, await readJson(req));
    return NextResponse.json({ accepted }, { status: 200 });
  } catch (err) {
    return errorResponse(err);
  }
}
