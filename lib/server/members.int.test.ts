import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { auditEvents, projectMembers, projects } from "@/db/schema";
import { describeWithDb } from "@/test/db";
import { createTestUser } from "@/test/factories";
import { changeMemberRole, listProjectMembers, removeMember } from "./members";
import { createMember, expectAppError } from "./members.test-helpers";
import { updateProjectSettings } from "./project-settings";
import { createProject } from "./projects";

describeWithDb("members", ({ db }) => {
  async function setup(name = "Members corpus") {
    const owner = await createTestUser(db(), "Oona Owner");
    const project = await createProject(db(), owner, { name });
    return { owner, project };
  }

  async function roleOf(projectId: string, userId: string) {
    const [row] = await db()
      .select({ role: projectMembers.role })
      .from(projectMembers)
      .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)));
    return row?.role;
  }

  it("lists members with name, email, role and join date", async () => {
    const { owner, project } = await setup();
    const annotator = await createMember(db(), owner, project.id, "annotator", "Ada Annotator");
    const { members } = await listProjectMembers(db(), owner, project.id);
    expect(members.map((m) => [m.name, m.email, m.role])).toEqual([
      ["Oona Owner", owner.email, "owner"],
      ["Ada Annotator", annotator.email, "annotator"],
    ]);
    expect(Number.isNaN(Date.parse(members[0]!.joinedAt))).toBe(false);
  });

  it("changes a member's role and records before and after in the audit log", async () => {
    const { owner, project } = await setup();
    const ada = await createMember(db(), owner, project.id, "annotator", "Ada Annotator");
    const member = await changeMemberRole(db(), owner, project.id, ada.userId, { role: "reviewer" });
    expect(member).toMatchObject({ userId: ada.userId, role: "reviewer" });
    expect(await roleOf(project.id, ada.userId)).toBe("reviewer");
    const [event] = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, ada.userId), eq(auditEvents.action, "member.role_change")));
    expect(event).toMatchObject({ projectId: project.id, actorId: owner.userId, before: { role: "annotator" }, after: { role: "reviewer" } });
  });

  it("never leaves a project without an owner: the last owner can't be demoted or removed (409)", async () => {
    const { owner, project } = await setup();
    await expectAppError(changeMemberRole(db(), owner, project.id, owner.userId, { role: "manager" }), 409, "last owner");
    await expectAppError(removeMember(db(), owner, project.id, owner.userId), 409, "last owner and can't be removed");
    expect(await roleOf(project.id, owner.userId)).toBe("owner");

    const second = await createMember(db(), owner, project.id, "owner", "Sol Second");
    await changeMemberRole(db(), second, project.id, owner.userId, { role: "manager" });
    expect(await roleOf(project.id, owner.userId)).toBe("manager");
    await expectAppError(removeMember(db(), second, project.id, second.userId), 409, "last owner");
  });

  it("keeps managers away from owners: no making owners, no changing or removing an owner (403)", async () => {
    const { owner, project } = await setup();
    const manager = await createMember(db(), owner, project.id, "manager", "Max Manager");
    const rev = await createMember(db(), owner, project.id, "reviewer", "Rita Reviewer");
    await expectAppError(changeMemberRole(db(), manager, project.id, rev.userId, { role: "owner" }), 403, "Only an owner can make someone an owner");
    await expectAppError(changeMemberRole(db(), manager, project.id, owner.userId, { role: "annotator" }), 403, "Only an owner can change the role of an owner");
    await expectAppError(removeMember(db(), manager, project.id, owner.userId), 403, "Only an owner can remove an owner");
    expect(await roleOf(project.id, rev.userId)).toBe("reviewer");
    expect(await roleOf(project.id, owner.userId)).toBe("owner");

    // Everyone else is the manager's to handle.
    await changeMemberRole(db(), manager, project.id, rev.userId, { role: "annotator" });
    expect(await roleOf(project.id, rev.userId)).toBe("annotator");
    const { removed } = await removeMember(db(), manager, project.id, rev.userId);
    expect(removed.userId).toBe(rev.userId);
    expect(await roleOf(project.id, rev.userId)).toBeUndefined();
    const actions = (await db().select().from(auditEvents).where(eq(auditEvents.entityId, rev.userId))).map((a) => a.action);
    expect(actions).toContain("member.remove");
    // The removed member loses access at once.
    await expectAppError(listProjectMembers(db(), rev, project.id), 403);
  });

  it("gives annotators, reviewers and outsiders 403 on every member write, and changes nothing", async () => {
    const { owner, project } = await setup();
    const annotator = await createMember(db(), owner, project.id, "annotator", "Ann Annotator");
    const reviewer = await createMember(db(), owner, project.id, "reviewer", "Ray Reviewer");
    const outsider = await createTestUser(db(), "Olli Outsider");
    for (const actor of [annotator, reviewer, outsider]) {
      await expectAppError(changeMemberRole(db(), actor, project.id, annotator.userId, { role: "manager" }), 403);
      await expectAppError(removeMember(db(), actor, project.id, reviewer.userId), 403);
      await expectAppError(updateProjectSettings(db(), actor, project.id, { openDocuments: true }), 403);
    }
    await expectAppError(listProjectMembers(db(), outsider, project.id), 403);
    expect(await roleOf(project.id, annotator.userId)).toBe("annotator");
    expect(await roleOf(project.id, reviewer.userId)).toBe("reviewer");
    const [p] = await db().select().from(projects).where(eq(projects.id, project.id));
    expect(p!.settings).toEqual({});
  });

  it("rejects a bad role with a field error, and a non-member target with 404; nothing changes", async () => {
    const { owner, project } = await setup();
    const ada = await createMember(db(), owner, project.id, "annotator", "Ada Annotator");
    const err = await expectAppError(changeMemberRole(db(), owner, project.id, ada.userId, { role: "admin" }), 422);
    expect(err.fields?.role?.[0]).toMatch(/Pick a role/);
    const stranger = await createTestUser(db(), "Stan Stranger");
    await expectAppError(changeMemberRole(db(), owner, project.id, stranger.userId, { role: "reviewer" }), 404);
    await expectAppError(removeMember(db(), owner, project.id, stranger.userId), 404);
    expect(await roleOf(project.id, ada.userId)).toBe("annotator");
    const roleEvents = await db().select().from(auditEvents).where(eq(auditEvents.action, "member.role_change"));
    expect(roleEvents.filter((e) => e.projectId === project.id)).toEqual([]);
  });
});

describeWithDb("project settings", ({ db }) => {
  it("changes one switch, keeps the other, audits it, and refuses unknown keys", async () => {
    const owner = await createTestUser(db(), "Sue Settings");
    const project = await createProject(db(), owner, { name: "Settings corpus" });
    expect((await updateProjectSettings(db(), owner, project.id, { openDocuments: true })).settings).toEqual({ annotatorsSeeEachOther: false, openDocuments: true });
    expect((await updateProjectSettings(db(), owner, project.id, { annotatorsSeeEachOther: true })).settings).toEqual({ annotatorsSeeEachOther: true, openDocuments: true });
    const [p] = await db().select().from(projects).where(eq(projects.id, project.id));
    expect(p!.settings).toEqual({ openDocuments: true, annotatorsSeeEachOther: true });
    const events = await db().select().from(auditEvents).where(eq(auditEvents.action, "project.settings_update"));
    expect(events.filter((e) => e.projectId === project.id).map((e) => e.after)).toEqual([{ openDocuments: true }, { openDocuments: true, annotatorsSeeEachOther: true }]);

    await expectAppError(updateProjectSettings(db(), owner, project.id, { openDocuments: "yes" }), 422);
    await expectAppError(updateProjectSettings(db(), owner, project.id, { deleteEverything: true }), 422);
    const [after] = await db().select().from(projects).where(eq(projects.id, project.id));
    expect(after!.settings).toEqual({ openDocuments: true, annotatorsSeeEachOther: true });
  });
});
