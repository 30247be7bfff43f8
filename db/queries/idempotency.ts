import { and, eq } from "drizzle-orm";
import type { Db } from "../connect";
import { idempotencyKeys } from "../schema";

/** Status stored while the claiming transaction is still running (never visible to others: it commits with the final one). */
export const IDEMPOTENCY_PENDING_STATUS = 0;

/**
 * Claims `key` for the user inside the caller's transaction. True when this transaction now owns
 * it; false when the key was already used. On PostgreSQL a concurrent claim of the same key waits
 * for the first transaction (primary key), then sees its committed row, so a request runs once.
 */
export async function claimIdempotencyKey(db: Db, params: { userId: string; key: string }): Promise<boolean> {
  const rows = await db
    .insert(idempotencyKeys)
    .values({ userId: params.userId, key: params.key, status: IDEMPOTENCY_PENDING_STATUS, response: null })
    .onConflictDoNothing({ target: [idempotencyKeys.userId, idempotencyKeys.key] })
    .returning({ key: idempotencyKeys.key });
  return rows.length > 0;
}

export async function getIdempotencyRecord(
  db: Db,
  params: { userId: string; key: string },
): Promise<{ status: number; response: unknown } | undefined> {
  const [row] = await db
    .select({ status: idempotencyKeys.status, response: idempotencyKeys.response })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, params.userId), eq(idempotencyKeys.key, params.key)))
    .limit(1);
  return row;
}

/** Stores the response of the request that claimed the key (same transaction as its write). */
export async function completeIdempotencyKey(
  db: Db,
  params: { userId: string; key: string; status: number; response: unknown },
): Promise<void> {
  await db
    .update(idempotencyKeys)
    .set({ status: params.status, response: params.response })
    .where(and(eq(idempotencyKeys.userId, params.userId), eq(idempotencyKeys.key, params.key)));
}
