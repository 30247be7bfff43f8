import { NextResponse } from "next/server";
import { getConnection } from "@/db/client";
import { checkConnection } from "@/db/connect";

export const dynamic = "force-dynamic";

/** Liveness + database reachability, for load balancers and the test runner. */
export async function GET() {
  const conn = getConnection();
  try {
    await checkConnection(conn);
    return NextResponse.json({ ok: true, driver: conn.driver });
  } catch (err) {
    console.error(`[health] database unreachable: ${(err as Error).message}`);
    return NextResponse.json({ ok: false, error: { code: "unavailable", message: "The database cannot be reached." } }, { status: 503 });
  }
}
