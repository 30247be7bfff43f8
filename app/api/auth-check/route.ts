import { NextResponse } from "next/server";
import { errorResponse, readJson } from "@/lib/http/handler";
import { AppError } from "@/lib/server/errors";
import { fieldErrors, ZSignInRequest } from "@/lib/validation/auth";

/** Validates the sign-in form's shape on the server so the form can show field errors. Checks no credentials. */
export async function POST(req: Request) {
  try {
    const parsed = ZSignInRequest.safeParse(await readJson(req));
    if (!parsed.success) throw new AppError("validation_failed", "Some fields need attention.", { fields: fieldErrors(parsed.error) });
    return NextResponse.json({ ok: true });
  } catch (err) {
    return errorResponse(err);
  }
}
