import { and, eq, gt, isNull, or } from "drizzle-orm";
import type { Db } from "../connect";
import { apiTokens, users } from "../schema";
import type { UserRow } from "./users";

/** The owner of a live (not revoked, not expired) token, by the token's SHA-256. */
export async function getUserByApiToken(db: Db, tokenHash: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select({ user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.tokenHash, tokenHash),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, new Date())),
      ),
    )
    .limit(1);
  return row?.user;
}
