import "server-only";
import { NextResponse } from "next/server";

/**
 * The response of a write use-case (`WriteResult` from lib/server/annotations-shared.ts): its
 * status and body; a replayed Idempotency-Key is marked with `Idempotent-Replayed: true`.
 * `no-store, no-transform`: a write's answer is never cached, and `next start` does not gzip it —
 * it is a few hundred bytes, and compressing each one cost more server time than sending it
 * (about a tenth of a save's time in bench/save-path.ts).
 */
export function writeResponse(result: { status: number; body: unknown; replayed: boolean }): NextResponse {
  const headers: Record<string, string> = { "Cache-Control": "no-store, no-transform" };
  if (result.replayed) headers["Idempotent-Replayed"] = "true";
  return NextResponse.json(result.body, { status: result.status, headers });
}

/** The request's `Idempotency-Key` header (validated by the use-case). */
export function idempotencyKey(req: Request): string | null {
  return req.headers.get("idempotency-key");
}
