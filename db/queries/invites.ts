import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "../connect";
import { invites, projects } from "../schema";

export type InviteRow = typeof invites.$inferSelect;

export async function insertInvite(
  db: Db,
  values: { projectId: string; email: string; role: InviteRow["role"]; tokenHash: string; expiresAt: Date; createdBy: string },
): Promise<InviteRow> {
  const [row] = await db.insert(invites).values(values).returning();
  if (!row) throw new Error("insert into invites returned no row");
  return row;
}

/** Invites of the project that can still be accepted (not used, not revoked, not expired), newest first. */
export async function listPendingInvites(db: Db, projectId: string, now: Date): Promise<InviteRow[]> {
  return db
    .select()
    .from(invites)
    .where(and(eq(invites.projectId, projectId), isNull(invites.usedAt), isNull(invites.revokedAt), gt(invites.expiresAt, now)))
    .orderBy(desc(invites.createdAt));
}

export async function getInvite(db: Db, projectId: string, inviteId: string): Promise<InviteRow | undefined> {
  const [row] = await db
    .select()
    .from(invites)
    .where(and(eq(invites.projectId, projectId), eq(invites.id, inviteId)))
    .limit(1);
  return row;
}

/** An invite by its token's SHA-256, with the project it leads to (undefined when the project is archived). */
export async function getInviteByTokenHash(
  db: Db,
  tokenHash: string,
): Promise<{ invite: InviteRow; project: { id: string; slug: string; name: string } } | undefined> {
  const [row] = await db
    .select({ invite: invites, project: { id: projects.id, slug: projects.slug, name: projects.name } })
    .from(invites)
    .innerJoin(projects, eq(projects.id, invites.projectId))
    .where(and(eq(invites.tokenHash, tokenHash), isNull(projects.archivedAt)))
    .limit(1);
  return row;
}

/**
 * Marks the invite used by `userId`, only if it is still pending at `now`. Atomic: of two
 * simultaneous accepts exactly one gets the row back.
 */
export async function claimInvite(db: Db, inviteId: string, userId: string, now: Date): Promise<InviteRow | undefined> {
  const [row] = await db
    .update(invites)
    .set({ usedAt: now, usedBy: userId })
    .where(and(eq(invites.id, inviteId), isNull(invites.usedAt), isNull(invites.revokedAt), gt(invites.expiresAt, now)))
    .returning();
  return row;
}

/** Revokes one pending invite of the project; undefined when it was not pending any more. */
export async function revokeInvite(db: Db, projectId: string, inviteId: string, now: Date): Promise<InviteRow | undefined> {
  const [row] = await db
    .update(invites)
    .set({ revokedAt: now })
    .where(and(eq(invites.projectId, projectId), eq(invites.id, inviteId), isNull(invites.usedAt), isNull(invites.revokedAt)))
    .returning();
  return row;
}

/** Revokes the still-pending invites of the project for this email (a new invite replaces them). */
export async function revokePendingInvitesForEmail(db: Db, projectId: string, email: string, now: Date): Promise<InviteRow[]> {
  return db
    .update(invites)
    .set({ revokedAt: now })
    .where(
      and(
        eq(invites.projectId, projectId),
        sql`lower(${invites.email}) = ${email.trim().toLowerCase()}`,
        isNull(invites.usedAt),
        isNull(invites.revokedAt),
        gt(invites.expiresAt, now),
      ),
    )
    .returning();
}
