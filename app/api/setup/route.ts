import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { errorResponse, readJson } from "@/lib/http/handler";
import { setupOwner } from "@/lib/server/setup-owner";

/** First run only: creates the owner account. 403 once any account exists. */
export async function POST(req: Request) {
  try {
    const user = await setupOwner(getDb(), await readJson(req));
    console.info(`[setup] owner account created: ${user.id}`);
    return NextResponse.json({ user }, { status: 201 });
  } catch (err) {
    return errorResponse(err);
  }
}
