import "server-only";
import type { Db } from "@/db/connect";
import { insertAuditEvent } from "@/db/queries/audit";
import { insertLabels, listLabels } from "@/db/queries/labels";
import { insertMember, insertProject, listProjectsForUser, slugExists } from "@/db/queries/projects";
import { authorizeProject, type Actor } from "@/lib/auth/guards";
import { ROLE_PERMISSIONS } from "@/lib/auth/permissions";
import { fieldErrors } from "@/lib/validation/auth";
import { ZCreateProjectRequest } from "@/lib/validation/projects";
import { defaultLabels } from "./default-labels";
import { AppError } from "./errors";
import { toLabelDto, toProjectDto, type LabelDto, type ProjectDto } from "./dto";
import type { ProjectListItemDto } from "./dto-types";

/** "Media Claims 2024!" → "media-claims-2024"; non-Latin names fall back to "project". */
export function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48)
    .replace(/-+$/g, "");
  return base || "project";
}

async function uniqueSlug(db: Db, name: string): Promise<string> {
  const base = slugify(name);
  if (!(await slugExists(db, base))) return base;
  for (let i = 2; i < 1000; i++) {
    const candidate = `${base}-${i}`;
    if (!(await slugExists(db, candidate))) return candidate;
  }
  return `${base}-${crypto.randomUUID().slice(0, 8)}`;
}

/** Creates a project with the default label schema; the creator becomes its owner. */
export async function createProject(db: Db, actor: Actor, input: unknown): Promise<ProjectDto> {
  const parsed = ZCreateProjectRequest.safeParse(input);
  if (!parsed.success) {
    throw new AppError("validation_failed", "Some fields need attention.", { fields: fieldErrors(parsed.error) });
  }
  return db.transaction(async (tx) => {
    const slug = await uniqueSlug(tx, parsed.data.name);
    const project = await insertProject(tx, { slug, name: parsed.data.name, description: parsed.data.description, createdBy: actor.userId });
    await insertMember(tx, { projectId: project.id, userId: actor.userId, role: "owner" });
    const labels = await insertLabels(tx, defaultLabels(project.id));
    await insertAuditEvent(tx, {
      projectId: project.id,
      actorId: actor.userId,
      action: "project.create",
      entityType: "project",
      entityId: project.id,
      after: { slug, name: project.name, description: project.description, labels: labels.map((l) => l.name) },
    });
    return toProjectDto(project, "owner");
  });
}

export async function listMyProjects(db: Db, actor: Actor): Promise<ProjectListItemDto[]> {
  const rows = await listProjectsForUser(db, actor.userId);
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() }));
}

export interface ProjectOverview {
  project: ProjectDto;
  labels: LabelDto[];
  permissions: string[];
}

/** A project the actor belongs to, with its labels and the actor's permissions (for the UI to hide what it can't do). */
export async function getProjectOverview(db: Db, actor: Actor, projectIdOrSlug: string): Promise<ProjectOverview> {
  const ctx = await authorizeProject(db, actor, projectIdOrSlug, "project.read");
  const labels = await listLabels(db, ctx.project.id);
  return {
    project: toProjectDto(ctx.project, ctx.role),
    labels: labels.map(toLabelDto),
    permissions: [...ROLE_PERMISSIONS[ctx.role]],
  };
}
