import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { errorResponse } from "@/lib/http/handler";
import { getInvitePreview } from "@/lib/server/invites";

/** Public: the token is the credential. 404 unknown, 410 used / revoked / expired. */
export async function GET(_req: Request, ctx: { params: Promise<{ token: string }> }): Promise<Response> {
  try {
    const { token } = await ctx.params;
    const preview = await getInvitePreview(getDb(), token);
    return NextResponse.json(
      { projectName: preview.projectName, role: preview.role, email: preview.email, expiresAt: preview.expiresAt, accountExists: preview.accountExists },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch (err) {
    return errorResponse(err);
  }
}
