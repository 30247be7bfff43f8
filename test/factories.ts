/** Test data made through the real use-cases (no fixtures that bypass validation). */
import type { Db } from "@/db/connect";
import { insertUser } from "@/db/queries/users";
import type { Actor } from "@/lib/auth/guards";
import { hashPassword } from "@/lib/auth/password";
import { uniqueEmail } from "./db";

let cachedHash: Promise<string> | undefined;

export async function createTestUser(db: Db, name = "Test User"): Promise<Actor> {
  cachedHash ??= hashPassword("correct horse battery");
  const user = await insertUser(db, { email: uniqueEmail(name.split(" ")[0]!.toLowerCase()), name, passwordHash: await cachedHash });
  return { userId: user.id, email: user.email, name: user.name };
}
