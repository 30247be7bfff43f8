import "server-only";
import { NextResponse } from "next/server";

/**
 * The response of a write use-case (`WriteResult` from lib/server/annotations-shared.ts): its
 * status and body; a replayed Idempotency-Key is marked with `Idempotent-Replayed: true`.
 */
export function writeResponse(result: { status: number; body: unknown; replayed: boolean }): NextResponse {
  return NextResponse.json(result.body, {
    status: result.status,
    headers: result.replayed ? { "Idempotent-Replayed": "true" } : undefined,
  });
}

/** The request's `Idempotency-Key` header (validated by the use-case). */
export function idempotencyKey(req: Request): string | null {
  return req.headers.get("idempotency-key");
}
