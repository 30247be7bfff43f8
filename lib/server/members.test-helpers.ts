/** Helpers for the members / invites / labels integration tests: members join through the real invite flow. */
import { expect } from "vitest";
import type { Db } from "@/db/connect";
import type { ProjectRole } from "@/db/schema/projects";
import type { Actor } from "@/lib/auth/guards";
import { createTestUser } from "@/test/factories";
import { AppError } from "./errors";
import { acceptInvite, createInvite } from "./invites";

/** Invites `user` (an existing account) as `role` and accepts while signed in as them. */
export async function addMember(db: Db, inviter: Actor, projectId: string, user: Actor, role: ProjectRole): Promise<void> {
  const { token } = await createInvite(db, inviter, projectId, { email: user.email, role });
  await acceptInvite(db, user, token, {});
}

/** A new account that is a member of the project with `role`. */
export async function createMember(db: Db, inviter: Actor, projectId: string, role: ProjectRole, name = `${role} person`): Promise<Actor> {
  const user = await createTestUser(db, name);
  await addMember(db, inviter, projectId, user, role);
  return user;
}

/** Awaits a promise that must reject with an AppError; returns it. */
export async function expectAppError(promise: Promise<unknown>, status: number, message?: string | RegExp): Promise<AppError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, "expected the call to fail").toBeInstanceOf(AppError);
  const appErr = err as AppError;
  expect(appErr.status, appErr.message).toBe(status);
  if (message !== undefined) expect(appErr.message).toMatch(message);
  return appErr;
}
