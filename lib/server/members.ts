import "server-only";
import type { Db } from "@/db/connect";
import { insertAuditEvent } from "@/db/queries/audit";
import { listPendingInvites, type InviteRow } from "@/db/queries/invites";
import { deleteMember, getMember, listMembers, lockOwners, updateMemberRole, type MemberRow } from "@/db/queries/members";
import type { ProjectRole } from "@/db/schema/projects";
import { authorizeProject, type Actor } from "@/lib/auth/guards";
import { hasPermission } from "@/lib/auth/permissions";
import { fieldErrors } from "@/lib/validation/auth";
import { ZChangeMemberRoleRequest } from "@/lib/validation/members";
import { AppError } from "./errors";

export interface MemberDto {
  userId: string;
  name: string;
  email: string;
  role: ProjectRole;
  joinedAt: string;
}

/** A pending invite as the members page lists it (never the token or its hash). */
export interface InviteDto {
  id: string;
  email: string;
  role: ProjectRole;
  expiresAt: string;
  createdAt: string;
}

export interface MembersListDto {
  members: MemberDto[];
  /** Pending invites; empty for roles that can't manage members. */
  invites: InviteDto[];
}

export function toMemberDto(m: MemberRow): MemberDto {
  return { userId: m.userId, name: m.name, email: m.email, role: m.role, joinedAt: m.joinedAt.toISOString() };
}

export function toInviteDto(i: InviteRow): InviteDto {
  return { id: i.id, email: i.email, role: i.role, expiresAt: i.expiresAt.toISOString(), createdAt: i.createdAt.toISOString() };
}

/**
 * Who may give or take which role: only owners make owners or touch an owner's membership;
 * managers handle everyone else. Throws 403 with the reason.
 */
export function assertMayAssignRole(actorRole: ProjectRole, role: ProjectRole): void {
  if (role === "owner" && actorRole !== "owner") {
    throw new AppError("forbidden", "Only an owner can make someone an owner. Ask one of the project's owners.");
  }
}

function assertMayTouchMember(actorRole: ProjectRole, target: MemberRow, verb: string): void {
  if (target.role === "owner" && actorRole !== "owner") {
    throw new AppError("forbidden", `Only an owner can ${verb} an owner (${target.name}). Ask one of the project's owners.`);
  }
}

/** The project's members, and (for those who manage members) its pending invites. */
export async function listProjectMembers(db: Db, actor: Actor, projectId: string, options: { now?: Date } = {}): Promise<MembersListDto> {
  const ctx = await authorizeProject(db, actor, projectId, "members.read");
  const members = await listMembers(db, ctx.project.id);
  const invites = hasPermission(ctx.role, "members.manage") ? await listPendingInvites(db, ctx.project.id, options.now ?? new Date()) : [];
  return { members: members.map(toMemberDto), invites: invites.map(toInviteDto) };
}

/**
 * Changes a member's role. Managers can't make owners or change owners; the last owner can't be
 * demoted (409: make someone else owner first).
 */
export async function changeMemberRole(db: Db, actor: Actor, projectId: string, userId: string, input: unknown): Promise<MemberDto> {
  const ctx = await authorizeProject(db, actor, projectId, "members.manage");
  const parsed = ZChangeMemberRoleRequest.safeParse(input);
  if (!parsed.success) throw new AppError("validation_failed", "Some fields need attention.", { fields: fieldErrors(parsed.error) });
  const { role } = parsed.data;
  return db.transaction(async (tx) => {
    const owners = await lockOwners(tx, ctx.project.id);
    const target = await getMember(tx, ctx.project.id, userId);
    if (!target) throw new AppError("not_found", "This person is not a member of the project (they may have been removed already). Reload the page.");
    assertMayTouchMember(ctx.role, target, "change the role of");
    assertMayAssignRole(ctx.role, role);
    if (target.role === role) return toMemberDto(target);
    if (target.role === "owner" && owners.length <= 1) {
      throw new AppError(
        "conflict",
        `${target.name} is the project's last owner, so they stay owner. Make another member owner first, then change this role.`,
      );
    }
    await updateMemberRole(tx, ctx.project.id, userId, role);
    await insertAuditEvent(tx, {
      projectId: ctx.project.id,
      actorId: actor.userId,
      action: "member.role_change",
      entityType: "member",
      entityId: userId,
      before: { role: target.role },
      after: { role },
    });
    console.info(`[members] ${actor.userId} changed ${userId} in project ${ctx.project.id} from ${target.role} to ${role}`);
    return toMemberDto({ ...target, role });
  });
}

/** Removes a member (their annotations stay). The last owner can't be removed; managers can't remove owners. */
export async function removeMember(db: Db, actor: Actor, projectId: string, userId: string): Promise<{ removed: MemberDto }> {
  const ctx = await authorizeProject(db, actor, projectId, "members.manage");
  return db.transaction(async (tx) => {
    const owners = await lockOwners(tx, ctx.project.id);
    const target = await getMember(tx, ctx.project.id, userId);
    if (!target) throw new AppError("not_found", "This person is not a member of the project (they may have been removed already). Reload the page.");
    assertMayTouchMember(ctx.role, target, "remove");
    if (target.role === "owner" && owners.length <= 1) {
      throw new AppError("conflict", `${target.name} is the project's last owner and can't be removed. Make another member owner first.`);
    }
    await deleteMember(tx, ctx.project.id, userId);
    await insertAuditEvent(tx, {
      projectId: ctx.project.id,
      actorId: actor.userId,
      action: "member.remove",
      entityType: "member",
      entityId: userId,
      before: { role: target.role, email: target.email, name: target.name },
    });
    console.info(`[members] ${actor.userId} removed ${userId} (${target.role}) from project ${ctx.project.id}`);
    return { removed: toMemberDto(target) };
  });
}
