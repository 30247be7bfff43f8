import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { insertAuditEvent } from "@/db/queries/audit";
import { countHumanUsers, getUserByEmail, insertUser } from "@/db/queries/users";
import { hashPassword } from "@/lib/auth/password";
import { fieldErrors, ZSetupRequest } from "@/lib/validation/auth";
import { AppError } from "./errors";

/**
 * First run: while no person has an account, create the owner account. Once one exists this refuses
 * (403 `setup_done`): there is no second way to become owner. A transaction-scoped advisory lock
 * makes two simultaneous first-run requests create one account, not two.
 */
export async function setupOwner(db: Db, input: unknown): Promise<{ id: string; email: string; name: string }> {
  const parsed = ZSetupRequest.safeParse(input);
  if (!parsed.success) {
    throw new AppError("validation_failed", "Some fields need attention.", { fields: fieldErrors(parsed.error) });
  }
  const { name, email, password } = parsed.data;
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(4242001)`);
    if ((await countHumanUsers(tx)) > 0) {
      throw new AppError("setup_done", "Spanlab is already set up. Sign in, or ask a project owner to invite you.");
    }
    if (await getUserByEmail(tx, email)) {
      throw new AppError("conflict", "An account with this email already exists.", { fields: { email: ["An account with this email already exists."] } });
    }
    const user = await insertUser(tx, { email, name, passwordHash });
    await insertAuditEvent(tx, {
      projectId: null,
      actorId: user.id,
      action: "user.setup_owner",
      entityType: "user",
      entityId: user.id,
      after: { email: user.email, name: user.name },
    });
    return { id: user.id, email: user.email, name: user.name };
  });
}

export async function isSetupNeeded(db: Db): Promise<boolean> {
  return (await countHumanUsers(db)) === 0;
}
