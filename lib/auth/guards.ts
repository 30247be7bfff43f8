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
  return authorizeMembership(actor, await getProjectMembership(db, actor.userId, projectIdOrSlug), permission);
}

/**
 * {@link authorizeProject}'s decision on a membership already read (by a query that reads more
 * at once, such as the save path's): the same 403s, the same context.
 */
export function authorizeMembership(
  actor: Actor,
  membership: { project: ProjectRow; role: ProjectRole } | undefined,
  permission: Permission,
): ProjectContext {
  if (!membership) {
    throw new AppError("forbidden", "You are not a member of this project. Ask one of its owners or managers for an invite.");
  }
  if (!hasPermission(membership.role, permission)) {
    throw new AppError("forbidden", `Your role (${membership.role}) does not allow this (${permission}).`);
  }
  return { actor, project: membership.project, role: membership.role };
}
