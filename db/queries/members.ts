import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../connect";
import { projectMembers, users, type ProjectRole } from "../schema";

export interface MemberRow {
  userId: string;
  name: string;
  email: string;
  role: ProjectRole;
  joinedAt: Date;
}

const MEMBER_COLUMNS = {
  userId: projectMembers.userId,
  name: users.name,
  email: users.email,
  role: projectMembers.role,
  joinedAt: projectMembers.createdAt,
};

/** The project's members with their names and emails, in the order they joined. */
export async function listMembers(db: Db, projectId: string): Promise<MemberRow[]> {
  return db
    .select(MEMBER_COLUMNS)
    .from(projectMembers)
    .innerJoin(users, eq(users.id, projectMembers.userId))
    .where(eq(projectMembers.projectId, projectId))
    .orderBy(asc(projectMembers.createdAt), asc(users.email));
}

export async function getMember(db: Db, projectId: string, userId: string): Promise<MemberRow | undefined> {
  const [row] = await db
    .select(MEMBER_COLUMNS)
    .from(projectMembers)
    .innerJoin(users, eq(users.id, projectMembers.userId))
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)))
    .limit(1);
  return row;
}

/**
 * The user ids of the project's owners, with their membership rows locked until the transaction
 * ends: two managers demoting the last two owners at once can't leave the project without one.
 */
export async function lockOwners(db: Db, projectId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: projectMembers.userId })
    .from(projectMembers)
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.role, "owner")))
    .for("update");
  return rows.map((r) => r.userId);
}

export async function updateMemberRole(db: Db, projectId: string, userId: string, role: ProjectRole): Promise<void> {
  await db
    .update(projectMembers)
    .set({ role })
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)));
}

export async function deleteMember(db: Db, projectId: string, userId: string): Promise<void> {
  await db.delete(projectMembers).where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)));
}

/** Adds a member; false when the user already is one (nothing changes then). */
export async function insertMemberIfAbsent(db: Db, values: { projectId: string; userId: string; role: ProjectRole }): Promise<boolean> {
  const rows = await db.insert(projectMembers).values(values).onConflictDoNothing().returning({ userId: projectMembers.userId });
  return rows.length > 0;
}
