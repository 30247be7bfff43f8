import { and, asc, count, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../connect";
import { isUuid } from "../ids";
import { documents, projectMembers, projects, type ProjectRole } from "../schema";

export type ProjectRow = typeof projects.$inferSelect;

export interface ProjectListItem {
  id: string;
  slug: string;
  name: string;
  description: string;
  role: ProjectRole;
  documentCount: number;
  memberCount: number;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Projects the user is a member of, newest first. Membership is the scope: nothing else is visible.
 * (The counts' subqueries name "projects"."id" explicitly: an interpolated column renders unqualified
 * there and would bind to the subquery's own table.)
 */
export async function listProjectsForUser(db: Db, userId: string): Promise<ProjectListItem[]> {
  const rows = await db
    .select({
      id: projects.id,
      slug: projects.slug,
      name: projects.name,
      description: projects.description,
      role: projectMembers.role,
      createdAt: projects.createdAt,
      updatedAt: projects.updatedAt,
      documentCount: sql<number>`(select count(*)::int from ${documents} d where d.project_id = "projects"."id")`,
      memberCount: sql<number>`(select count(*)::int from ${projectMembers} m where m.project_id = "projects"."id")`,
    })
    .from(projectMembers)
    .innerJoin(projects, eq(projects.id, projectMembers.projectId))
    .where(and(eq(projectMembers.userId, userId), isNull(projects.archivedAt)))
    .orderBy(desc(projects.createdAt), asc(projects.id));
  return rows;
}

/** A project together with the user's role in it, by id or slug; undefined when not a member. */
export async function getProjectMembership(
  db: Db,
  userId: string,
  idOrSlug: string,
): Promise<{ project: ProjectRow; role: ProjectRole } | undefined> {
  const byId = isUuid(idOrSlug);
  const [row] = await db
    .select({ project: projects, role: projectMembers.role })
    .from(projects)
    .innerJoin(projectMembers, and(eq(projectMembers.projectId, projects.id), eq(projectMembers.userId, userId)))
    .where(and(byId ? eq(projects.id, idOrSlug) : eq(projects.slug, idOrSlug), isNull(projects.archivedAt)))
    .limit(1);
  return row;
}

/** For scripts: a project by id or slug, regardless of membership. */
export async function getProjectByIdOrSlug(db: Db, idOrSlug: string): Promise<ProjectRow | undefined> {
  const [row] = await db
    .select()
    .from(projects)
    .where(isUuid(idOrSlug) ? eq(projects.id, idOrSlug) : eq(projects.slug, idOrSlug))
    .limit(1);
  return row;
}

export async function listAllProjects(db: Db): Promise<(ProjectRow & { documentCount: number })[]> {
  return db
    .select({
      id: projects.id,
      slug: projects.slug,
      name: projects.name,
      description: projects.description,
      settings: projects.settings,
      createdBy: projects.createdBy,
      createdAt: projects.createdAt,
      updatedAt: projects.updatedAt,
      archivedAt: projects.archivedAt,
      documentCount: sql<number>`(select count(*)::int from ${documents} d where d.project_id = "projects"."id")`,
    })
    .from(projects)
    .orderBy(asc(projects.createdAt));
}

export async function slugExists(db: Db, slug: string): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(projects).where(eq(projects.slug, slug));
  return (row?.n ?? 0) > 0;
}

export async function insertProject(
  db: Db,
  values: { slug: string; name: string; description: string; createdBy: string },
): Promise<ProjectRow> {
  const [row] = await db.insert(projects).values(values).returning();
  if (!row) throw new Error("insert into projects returned no row");
  return row;
}

export async function insertMember(db: Db, values: { projectId: string; userId: string; role: ProjectRole }): Promise<void> {
  await db.insert(projectMembers).values(values);
}
