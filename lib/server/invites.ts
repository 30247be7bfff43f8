import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@/db/connect";
import { insertAuditEvent } from "@/db/queries/audit";
import {
  claimInvite,
  getInvite,
  getInviteByTokenHash,
  insertInvite,
  revokeInvite as revokeInviteRow,
  revokePendingInvitesForEmail,
  type InviteRow,
} from "@/db/queries/invites";
import { getMember, insertMemberIfAbsent } from "@/db/queries/members";
import { getUserByEmail, insertUser, normalizeEmail } from "@/db/queries/users";
import type { ProjectRole } from "@/db/schema/projects";
import { authorizeProject, type Actor } from "@/lib/auth/guards";
import { hashPassword } from "@/lib/auth/password";
import { fieldErrors } from "@/lib/validation/auth";
import { INVITE_TOKEN_PATTERN, ZAcceptInviteNewAccount, ZCreateInviteRequest } from "@/lib/validation/members";
import { AppError } from "./errors";
import { assertMayAssignRole, toInviteDto, type InviteDto } from "./members";

const DAY_MS = 24 * 60 * 60 * 1000;

export function hashInviteToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** 32 random bytes as base64url (43 characters). */
function newInviteToken(): string {
  return randomBytes(32).toString("base64url");
}

export interface CreatedInviteDto {
  invite: InviteDto;
  /** Shown once; only its SHA-256 is stored. */
  token: string;
  /** Path of the page that accepts it: `/invite/<token>`. */
  url: string;
}

/**
 * Creates an invite link for `email` with `role`. A still-pending invite for the same email is
 * revoked (the new link replaces it). People who are already members are refused (409).
 */
export async function createInvite(db: Db, actor: Actor, projectId: string, input: unknown, options: { now?: Date } = {}): Promise<CreatedInviteDto> {
  const ctx = await authorizeProject(db, actor, projectId, "members.manage");
  const parsed = ZCreateInviteRequest.safeParse(input);
  if (!parsed.success) throw new AppError("validation_failed", "Some fields need attention.", { fields: fieldErrors(parsed.error) });
  const email = normalizeEmail(parsed.data.email);
  const { role, expiresInDays } = parsed.data;
  assertMayAssignRole(ctx.role, role);
  const now = options.now ?? new Date();
  const token = newInviteToken();
  return db.transaction(async (tx) => {
    const existing = await getUserByEmail(tx, email);
    if (existing && (await getMember(tx, ctx.project.id, existing.id))) {
      throw new AppError("conflict", `${email} is already a member of this project. Change their role in the members list instead.`, {
        fields: { email: ["This person is already a member."] },
      });
    }
    const replaced = await revokePendingInvitesForEmail(tx, ctx.project.id, email, now);
    for (const old of replaced) {
      await insertAuditEvent(tx, {
        projectId: ctx.project.id,
        actorId: actor.userId,
        action: "invite.revoke",
        entityType: "invite",
        entityId: old.id,
        before: { email: old.email, role: old.role },
        after: { reason: "replaced by a new invite" },
      });
    }
    const invite = await insertInvite(tx, {
      projectId: ctx.project.id,
      email,
      role,
      tokenHash: hashInviteToken(token),
      expiresAt: new Date(now.getTime() + expiresInDays * DAY_MS),
      createdBy: actor.userId,
    });
    await insertAuditEvent(tx, {
      projectId: ctx.project.id,
      actorId: actor.userId,
      action: "invite.create",
      entityType: "invite",
      entityId: invite.id,
      after: { email, role, expiresAt: invite.expiresAt.toISOString() },
    });
    console.info(`[invites] ${actor.userId} invited ${email} as ${role} to project ${ctx.project.id}`);
    return { invite: toInviteDto(invite), token, url: `/invite/${token}` };
  });
}

/** Revokes a pending invite of the project (its link stops working). */
export async function revokeInvite(db: Db, actor: Actor, projectId: string, inviteId: string, options: { now?: Date } = {}): Promise<{ revoked: InviteDto }> {
  const ctx = await authorizeProject(db, actor, projectId, "members.manage");
  if (!/^[0-9a-f-]{36}$/i.test(inviteId)) throw new AppError("not_found", "This invite does not exist in the project.");
  return db.transaction(async (tx) => {
    const invite = await getInvite(tx, ctx.project.id, inviteId);
    if (!invite) throw new AppError("not_found", "This invite does not exist in the project.");
    assertMayAssignRole(ctx.role, invite.role);
    if (invite.usedAt) throw new AppError("conflict", `The invite for ${invite.email} was already used; remove the member instead.`);
    if (invite.revokedAt) throw new AppError("conflict", `The invite for ${invite.email} was already revoked.`);
    const revoked = await revokeInviteRow(tx, ctx.project.id, inviteId, options.now ?? new Date());
    if (!revoked) throw new AppError("conflict", `The invite for ${invite.email} was used or revoked just now. Reload the page.`);
    await insertAuditEvent(tx, {
      projectId: ctx.project.id,
      actorId: actor.userId,
      action: "invite.revoke",
      entityType: "invite",
      entityId: invite.id,
      before: { email: invite.email, role: invite.role },
    });
    return { revoked: toInviteDto(revoked) };
  });
}

export interface InvitePreviewDto {
  projectName: string;
  projectSlug: string;
  role: ProjectRole;
  email: string;
  expiresAt: string;
  /** An account with the invite's email exists: accepting needs signing in as it. */
  accountExists: boolean;
}

/** Refuses invites that can't be accepted any more, each with its own message. */
function assertPending(invite: InviteRow, now: Date): void {
  if (invite.usedAt) throw new AppError("gone", "This invite was already used. If you accepted it, sign in; otherwise ask for a new invite.");
  if (invite.revokedAt) throw new AppError("gone", "This invite was revoked. Ask a project owner or manager for a new one.");
  if (invite.expiresAt.getTime() <= now.getTime()) {
    throw new AppError("gone", `This invite expired on ${invite.expiresAt.toISOString().slice(0, 10)}. Ask a project owner or manager for a new one.`);
  }
}

async function findInvite(db: Db, token: string) {
  const row = INVITE_TOKEN_PATTERN.test(token) ? await getInviteByTokenHash(db, hashInviteToken(token)) : undefined;
  if (!row) {
    throw new AppError("not_found", "This invite link is not valid. Check that you copied the whole link, or ask for a new invite.");
  }
  return row;
}

/** What the invite page shows before accepting. Needs no session: the token is the credential. */
export async function getInvitePreview(db: Db, token: string, options: { now?: Date } = {}): Promise<InvitePreviewDto> {
  const { invite, project } = await findInvite(db, token);
  assertPending(invite, options.now ?? new Date());
  const account = await getUserByEmail(db, invite.email);
  return {
    projectName: project.name,
    projectSlug: project.slug,
    role: invite.role,
    email: invite.email,
    expiresAt: invite.expiresAt.toISOString(),
    accountExists: Boolean(account && !account.isSystem),
  };
}

export interface AcceptedInviteDto {
  projectId: string;
  projectSlug: string;
  role: ProjectRole;
  email: string;
  accountCreated: boolean;
}

/**
 * Accepts an invite. Without an account for the invite's email, `{ name, password }` creates one
 * (and the membership, in one transaction). With an account, the caller must be signed in as that
 * email. The invite is single use: a second accept answers 410.
 */
export async function acceptInvite(db: Db, actor: Actor | null, token: string, input: unknown, options: { now?: Date } = {}): Promise<AcceptedInviteDto> {
  const now = options.now ?? new Date();
  const { invite, project } = await findInvite(db, token);
  assertPending(invite, now);
  const account = await getUserByEmail(db, invite.email);
  if (account?.isSystem) throw new AppError("forbidden", "This email belongs to a system author and can't be used to sign in. Ask for an invite to another email.");

  let passwordHash: string | undefined;
  let name: string | undefined;
  if (account) {
    if (!actor) throw new AppError("forbidden", `An account for ${invite.email} exists. Sign in as ${invite.email} to accept this invite.`);
    if (normalizeEmail(actor.email) !== normalizeEmail(invite.email)) {
      throw new AppError("forbidden", `This invite is for ${invite.email}, but you are signed in as ${actor.email}. Sign in as ${invite.email} to accept it.`);
    }
  } else {
    const parsed = ZAcceptInviteNewAccount.safeParse(input);
    if (!parsed.success) throw new AppError("validation_failed", "Some fields need attention.", { fields: fieldErrors(parsed.error) });
    name = parsed.data.name;
    // Hashing takes ~50 ms of CPU: do it before the transaction, not while holding its locks.
    passwordHash = await hashPassword(parsed.data.password);
  }

  return db.transaction(async (tx) => {
    let userId: string;
    let accountCreated = false;
    if (account) {
      userId = account.id;
    } else {
      if (await getUserByEmail(tx, invite.email)) {
        throw new AppError("conflict", `An account for ${invite.email} was just created. Sign in as ${invite.email}, then open this link again.`);
      }
      const user = await insertUser(tx, { email: invite.email, name: name!, passwordHash: passwordHash! });
      userId = user.id;
      accountCreated = true;
      await insertAuditEvent(tx, {
        projectId: null,
        actorId: user.id,
        action: "user.create_from_invite",
        entityType: "user",
        entityId: user.id,
        after: { email: user.email, name: user.name, inviteId: invite.id },
      });
    }
    const claimed = await claimInvite(tx, invite.id, userId, now);
    if (!claimed) throw new AppError("gone", "This invite was already used. If you accepted it, sign in; otherwise ask for a new invite.");
    const added = await insertMemberIfAbsent(tx, { projectId: project.id, userId, role: invite.role });
    if (!added) throw new AppError("conflict", `You are already a member of "${project.name}". Open it from your projects.`);
    await insertAuditEvent(tx, {
      projectId: project.id,
      actorId: userId,
      action: "invite.accept",
      entityType: "invite",
      entityId: invite.id,
      after: { email: invite.email, role: invite.role, userId, accountCreated },
    });
    await insertAuditEvent(tx, {
      projectId: project.id,
      actorId: userId,
      action: "member.add",
      entityType: "member",
      entityId: userId,
      after: { role: invite.role, via: "invite", inviteId: invite.id },
    });
    console.info(`[invites] ${userId} accepted invite ${invite.id} to project ${project.id} as ${invite.role}`);
    return { projectId: project.id, projectSlug: project.slug, role: invite.role, email: invite.email, accountCreated };
  });
}
