import { and, count, eq, sql } from "drizzle-orm";
import type { Db } from "../connect";
import { users } from "../schema";
import { prepared } from "./prepared";

export type UserRow = typeof users.$inferSelect;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function countHumanUsers(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users).where(eq(users.isSystem, false));
  return row?.n ?? 0;
}

export async function getUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${normalizeEmail(email)}`)
    .limit(1);
  return row;
}

/** A user by id. Every signed-in request asks this (prepared: see ./prepared.ts). */
export async function getUserById(db: Db, id: string): Promise<UserRow | undefined> {
  const query = prepared(db, "user_by_id", (d, name) => d.select().from(users).where(eq(users.id, sql.placeholder("id"))).limit(1).prepare(name));
  const [row] = await query.execute({ id });
  return row;
}

export async function insertUser(
  db: Db,
  values: { email: string; name: string; passwordHash: string | null; isSystem?: boolean },
): Promise<UserRow> {
  const [row] = await db
    .insert(users)
    .values({ ...values, email: normalizeEmail(values.email) })
    .returning();
  if (!row) throw new Error("insert into users returned no row");
  return row;
}

/** The non-human author that dataset imports attribute pre-existing labels to; created on demand. */
export async function getOrCreateSystemUser(db: Db, email: string, name: string): Promise<UserRow> {
  const existing = await getUserByEmail(db, email);
  if (existing) return existing;
  await db
    .insert(users)
    .values({ email: normalizeEmail(email), name, passwordHash: null, isSystem: true })
    .onConflictDoNothing();
  const row = await getUserByEmail(db, email);
  if (!row) throw new Error(`could not create system user ${email}`);
  return row;
}

export async function isSystemUser(db: Db, id: string): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).where(and(eq(users.id, id), eq(users.isSystem, true)));
  return Boolean(row);
}
