import "server-only";
import type { Db } from "@/db/connect";
import { getProjectMembership, type ProjectRow } from "@/db/queries/projects";
import type { ProjectRole } from "@/db/schema/projects";
import { AppError } from "@/lib/server/errors";
import { hasPermission, type Permission } from "./permissions";

export interface Actor {
  userId: string;
  email: string;
  name: string;
}

export interface ProjectContext {
  actor: Actor;
  project: ProjectRow;
  role: ProjectRole;
}

/**
 * The project, if the actor is a member and their role grants `permission`. Non-members get 403
 * whether or not the project exists, so ids can't be probed.
 */
export async function authorizeProject(db: Db, actor: Actor, projectIdOrSlug: string, permission: Permission): Promise<ProjectContext> {
  const membership = await getProjectMembership(db, actor.userId, projectIdOrSlug);
  if (!membership) {
    throw new AppError("forbidden", "You are not a member of this project. Ask one of its owners or managers for an invite.");
  }
  if (!hasPermission(membership.role, permission)) {
    throw new AppError("forbidden", `Your role (${membership.role}) does not allow this (${permission}).`);
  }
  return { actor, project: membership.project, role: membership.role };
}
