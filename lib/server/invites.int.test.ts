import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { auditEvents, invites, projectMembers, users } from "@/db/schema";
import { verifyPassword } from "@/lib/auth/password";
import { describeWithDb, uniqueEmail } from "@/test/db";
import { createTestUser } from "@/test/factories";
import { acceptInvite, createInvite, getInvitePreview, hashInviteToken, revokeInvite } from "./invites";
import { createMember, expectAppError } from "./members.test-helpers";
import { listProjectMembers } from "./members";
import { createProject } from "./projects";

const DAY_MS = 24 * 60 * 60 * 1000;

describeWithDb("invites", ({ db }) => {
  async function setup(name = "Invite corpus") {
    const owner = await createTestUser(db(), "Owen Owner");
    const project = await createProject(db(), owner, { name });
    return { owner, project };
  }

  async function inviteRows(projectId: string) {
    return db().select().from(invites).where(eq(invites.projectId, projectId));
  }

  it("creates a link whose token is shown once and stored only as its SHA-256, expiring in 7 days", async () => {
    const { owner, project } = await setup();
    const now = new Date("2030-01-10T12:00:00Z");
    const email = uniqueEmail("reviewer");
    const created = await createInvite(db(), owner, project.id, { email: `  ${email.toUpperCase()} `, role: "reviewer" }, { now });
    expect(created.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.url).toBe(`/invite/${created.token}`);
    expect(created.invite).toMatchObject({ email, role: "reviewer", expiresAt: new Date(now.getTime() + 7 * DAY_MS).toISOString() });

    const [row] = await inviteRows(project.id);
    expect(row!.tokenHash).toBe(hashInviteToken(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token);
    const audit = await db().select().from(auditEvents).where(eq(auditEvents.entityId, row!.id));
    expect(audit.map((a) => a.action)).toEqual(["invite.create"]);
    expect(JSON.stringify(audit)).not.toContain(created.token);

    const list = await listProjectMembers(db(), owner, project.id, { now });
    expect(list.invites.map((i) => i.email)).toEqual([email]);
  });

  it("accepts with a new account: creates the user (argon2id) and the membership, marks the invite used, refuses a second use", async () => {
    const { owner, project } = await setup();
    const email = uniqueEmail("newcomer");
    const { token } = await createInvite(db(), owner, project.id, { email, role: "annotator" });

    const preview = await getInvitePreview(db(), token);
    expect(preview).toMatchObject({ projectName: "Invite corpus", role: "annotator", email, accountExists: false });

    const accepted = await acceptInvite(db(), null, token, { name: "Nia Newcomer", password: "a long passphrase" });
    expect(accepted).toMatchObject({ projectId: project.id, projectSlug: project.slug, role: "annotator", email, accountCreated: true });

    const [user] = await db().select().from(users).where(eq(users.email, email));
    expect(user!.name).toBe("Nia Newcomer");
    expect(user!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(user!.passwordHash!, "a long passphrase")).toBe(true);
    const [member] = await db()
      .select()
      .from(projectMembers)
      .where(and(eq(projectMembers.projectId, project.id), eq(projectMembers.userId, user!.id)));
    expect(member!.role).toBe("annotator");
    const [invite] = await inviteRows(project.id);
    expect(invite!.usedAt).not.toBeNull();
    expect(invite!.usedBy).toBe(user!.id);
    const actions = (await db().select().from(auditEvents).where(eq(auditEvents.actorId, user!.id))).map((a) => a.action).sort();
    expect(actions).toEqual(["invite.accept", "member.add", "user.create_from_invite"]);

    await expectAppError(acceptInvite(db(), null, token, { name: "Someone Else", password: "another passphrase" }), 410, "This invite was already used");
    await expectAppError(getInvitePreview(db(), token), 410, "This invite was already used");
    expect((await listProjectMembers(db(), owner, project.id)).invites).toEqual([]);
  });

  it("with an existing account, needs the caller signed in as the invite's email", async () => {
    const { owner, project } = await setup();
    const invitee = await createTestUser(db(), "Ida Invitee");
    const stranger = await createTestUser(db(), "Sid Stranger");
    const { token } = await createInvite(db(), owner, project.id, { email: invitee.email, role: "reviewer" });
    expect((await getInvitePreview(db(), token)).accountExists).toBe(true);

    await expectAppError(acceptInvite(db(), null, token, { name: "x", password: "whatever passphrase" }), 403, `Sign in as ${invitee.email}`);
    await expectAppError(acceptInvite(db(), stranger, token, {}), 403, `you are signed in as ${stranger.email}`);
    const [stillPending] = await inviteRows(project.id);
    expect(stillPending!.usedAt).toBeNull();

    const accepted = await acceptInvite(db(), invitee, token, {});
    expect(accepted).toMatchObject({ role: "reviewer", accountCreated: false });
    const list = await listProjectMembers(db(), owner, project.id);
    expect(list.members.find((m) => m.userId === invitee.userId)?.role).toBe("reviewer");
  });

  it("refuses an expired invite on preview and accept, and writes nothing", async () => {
    const { owner, project } = await setup();
    const email = uniqueEmail("late");
    const createdAt = new Date(Date.now() - 10 * DAY_MS);
    const { token } = await createInvite(db(), owner, project.id, { email, role: "annotator", expiresInDays: 3 }, { now: createdAt });
    await expectAppError(getInvitePreview(db(), token), 410, /This invite expired on \d{4}-\d{2}-\d{2}/);
    await expectAppError(acceptInvite(db(), null, token, { name: "Lee Late", password: "a long passphrase" }), 410, "expired");
    expect(await db().select().from(users).where(eq(users.email, email))).toEqual([]);
    const [row] = await inviteRows(project.id);
    expect(row!.usedAt).toBeNull();
    expect((await listProjectMembers(db(), owner, project.id)).invites).toEqual([]);
  });

  it("revokes a pending invite: its link stops working; revoking again or revoking a used one is refused", async () => {
    const { owner, project } = await setup();
    const { token, invite } = await createInvite(db(), owner, project.id, { email: uniqueEmail("revoked"), role: "annotator" });
    const { revoked } = await revokeInvite(db(), owner, project.id, invite.id);
    expect(revoked.id).toBe(invite.id);
    await expectAppError(getInvitePreview(db(), token), 410, "revoked");
    await expectAppError(acceptInvite(db(), null, token, { name: "Rae", password: "a long passphrase" }), 410, "revoked");
    await expectAppError(revokeInvite(db(), owner, project.id, invite.id), 409, "already revoked");
    expect((await listProjectMembers(db(), owner, project.id)).invites).toEqual([]);

    const used = await createInvite(db(), owner, project.id, { email: uniqueEmail("used"), role: "annotator" });
    await acceptInvite(db(), null, used.token, { name: "Uma Used", password: "a long passphrase" });
    await expectAppError(revokeInvite(db(), owner, project.id, used.invite.id), 409, "already used");
    const audit = await db().select().from(auditEvents).where(eq(auditEvents.entityId, invite.id));
    expect(audit.map((a) => a.action)).toEqual(["invite.create", "invite.revoke"]);
  });

  it("answers 404 for unknown and malformed tokens, and for another project's invite id", async () => {
    const { owner, project } = await setup();
    await expectAppError(getInvitePreview(db(), "A".repeat(43)), 404, "This invite link is not valid");
    await expectAppError(getInvitePreview(db(), "short"), 404);
    await expectAppError(acceptInvite(db(), null, "B".repeat(43), { name: "N", password: "a long passphrase" }), 404);
    const other = await setup("Other corpus");
    const { invite } = await createInvite(db(), other.owner, other.project.id, { email: uniqueEmail("x"), role: "annotator" });
    await expectAppError(revokeInvite(db(), owner, project.id, invite.id), 404);
    await expectAppError(revokeInvite(db(), owner, project.id, "not-a-uuid"), 404);
  });

  it("rejects bad input with field errors and writes nothing", async () => {
    const { owner, project } = await setup();
    for (const input of [{ email: "not an email", role: "annotator" }, { email: uniqueEmail("r"), role: "boss" }, { email: uniqueEmail("d"), role: "annotator", expiresInDays: 0 }, {}]) {
      const err = await expectAppError(createInvite(db(), owner, project.id, input), 422);
      expect(Object.keys(err.fields ?? {}).length).toBeGreaterThan(0);
    }
    expect(await inviteRows(project.id)).toEqual([]);

    const email = uniqueEmail("weak");
    const { token } = await createInvite(db(), owner, project.id, { email, role: "annotator" });
    const err = await expectAppError(acceptInvite(db(), null, token, { name: " ", password: "short" }), 422);
    expect(err.fields?.name).toEqual(["Enter your name."]);
    expect(err.fields?.password).toEqual(["Use at least 10 characters."]);
    expect(await db().select().from(users).where(eq(users.email, email))).toEqual([]);
    const [row] = await inviteRows(project.id);
    expect(row!.usedAt).toBeNull();
  });

  it("refuses to invite someone who is already a member, and replaces a pending invite for the same email", async () => {
    const { owner, project } = await setup();
    await expectAppError(createInvite(db(), owner, project.id, { email: owner.email, role: "annotator" }), 409, "already a member");
    const email = uniqueEmail("twice");
    const first = await createInvite(db(), owner, project.id, { email, role: "annotator" });
    const second = await createInvite(db(), owner, project.id, { email, role: "reviewer" });
    await expectAppError(getInvitePreview(db(), first.token), 410, "revoked");
    expect((await getInvitePreview(db(), second.token)).role).toBe("reviewer");
    expect((await listProjectMembers(db(), owner, project.id)).invites.map((i) => i.id)).toEqual([second.invite.id]);
  });

  it("lets only owners invite owners; managers invite the other roles", async () => {
    const { owner, project } = await setup();
    const manager = await createMember(db(), owner, project.id, "manager", "Mia Manager");
    await expectAppError(createInvite(db(), manager, project.id, { email: uniqueEmail("o"), role: "owner" }), 403, "Only an owner can make someone an owner");
    const ownerInvite = await createInvite(db(), owner, project.id, { email: uniqueEmail("o2"), role: "owner" });
    await expectAppError(revokeInvite(db(), manager, project.id, ownerInvite.invite.id), 403);
    const ok = await createInvite(db(), manager, project.id, { email: uniqueEmail("a"), role: "annotator" });
    expect(ok.invite.role).toBe("annotator");
  });

  it("gives annotators, reviewers and non-members 403 on invite writes, and writes nothing", async () => {
    const { owner, project } = await setup();
    const annotator = await createMember(db(), owner, project.id, "annotator", "Ann Annotator");
    const reviewer = await createMember(db(), owner, project.id, "reviewer", "Rex Reviewer");
    const outsider = await createTestUser(db(), "Otto Outsider");
    const before = (await inviteRows(project.id)).length;
    const { invite } = await createInvite(db(), owner, project.id, { email: uniqueEmail("p"), role: "annotator" });
    for (const actor of [annotator, reviewer, outsider]) {
      await expectAppError(createInvite(db(), actor, project.id, { email: uniqueEmail("z"), role: "annotator" }), 403);
      await expectAppError(revokeInvite(db(), actor, project.id, invite.id), 403);
    }
    const rows = await inviteRows(project.id);
    expect(rows.length).toBe(before + 1);
    expect(rows.find((r) => r.id === invite.id)!.revokedAt).toBeNull();
    // Annotators may read the member list but not the pending invites.
    const seen = await listProjectMembers(db(), annotator, project.id);
    expect(seen.members.length).toBe(3);
    expect(seen.invites).toEqual([]);
  });
});
