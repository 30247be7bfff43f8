import "server-only";
import type { Db } from "@/db/connect";
import { getUserByEmail } from "@/db/queries/users";
import { getDummyHash, verifyPassword } from "@/lib/auth/password";
import { ZSignInRequest } from "@/lib/validation/auth";

export interface VerifiedUser {
  id: string;
  email: string;
  name: string;
}

/**
 * Email + password → the user, or null. Never says which part was wrong, and spends the same hashing
 * time whether or not the email exists.
 */
export async function verifyCredentials(db: Db, input: unknown): Promise<VerifiedUser | null> {
  const parsed = ZSignInRequest.safeParse(input);
  if (!parsed.success) return null;
  const user = await getUserByEmail(db, parsed.data.email);
  if (!user || !user.passwordHash || user.isSystem) {
    await verifyPassword(await getDummyHash(), parsed.data.password);
    return null;
  }
  const ok = await verifyPassword(user.passwordHash, parsed.data.password);
  return ok ? { id: user.id, email: user.email, name: user.name } : null;
}
