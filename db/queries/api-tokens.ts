import { and, eq, isNull, or, sql } from "drizzle-orm";
import type { Db } from "../connect";
import { apiTokens, users } from "../schema";
import { prepared } from "./prepared";
import type { UserRow } from "./users";

/** The owner of a live (not revoked, not expired) token, by the token's SHA-256. Every API request with a token asks this. */
export async function getUserByApiToken(db: Db, tokenHash: string): Promise<UserRow | undefined> {
  const query = prepared(db, "api_token_user", (d, name) =>
    d
      .select({ user: users })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(
        and(
          eq(apiTokens.tokenHash, sql.placeholder("tokenHash")),
          isNull(apiTokens.revokedAt),
          or(isNull(apiTokens.expiresAt), sql`${apiTokens.expiresAt} > now()`),
        ),
      )
      .limit(1)
      .prepare(name),
  );
  const [row] = await query.execute({ tokenHash });
  return row?.user;
}
