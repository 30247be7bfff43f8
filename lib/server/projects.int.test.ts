import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { auditEvents, labels, projectMembers } from "@/db/schema";
import { describeWithDb } from "@/test/db";
import { createTestUser } from "@/test/factories";
import { createDocument } from "./documents";
import { AppError } from "./errors";
import { createProject, getProjectOverview, listMyProjects, slugify } from "./projects";

describeWithDb("projects", ({ db }) => {
  it("creates a project with the default label schema and makes the creator its owner", async () => {
    const owner = await createTestUser(db(), "Olga Owner");
    const project = await createProject(db(), owner, { name: "Election claims", description: "Fact-check corpus" });
    expect(project.role).toBe("owner");
    expect(project.slug).toBe("election-claims");

    const rows = await db().select().from(labels).where(eq(labels.projectId, project.id));
    const byName = Object.fromEntries(rows.map((l) => [l.name, l]));
    expect(Object.keys(byName).sort()).toEqual(["Claim", "Entity", "Quote"]);
    expect([byName.Claim!.hotkey, byName.Quote!.hotkey, byName.Entity!.hotkey]).toEqual(["1", "2", "3"]);
    expect(byName.Entity!.entityTypes).toEqual(["Person", "Organization", "Location", "Other"]);
    expect(byName.Quote!.relationTypes).toEqual([{ type: "said_by", targetKinds: ["entity"] }]);

    const [member] = await db().select().from(projectMembers).where(eq(projectMembers.projectId, project.id));
    expect(member).toMatchObject({ userId: owner.userId, role: "owner" });
    const audit = await db().select().from(auditEvents).where(eq(auditEvents.entityId, project.id));
    expect(audit.map((a) => a.action)).toEqual(["project.create"]);
  });

  it("gives a second project with the same name its own slug", async () => {
    const owner = await createTestUser(db(), "Sam Slug");
    const a = await createProject(db(), owner, { name: "Same Name" });
    const b = await createProject(db(), owner, { name: "Same Name" });
    expect(a.slug).not.toBe(b.slug);
    expect(b.slug).toMatch(/^same-name-\d+$/);
  });

  it("lists only the projects the user is a member of", async () => {
    const alice = await createTestUser(db(), "Alice");
    const bob = await createTestUser(db(), "Bob");
    const mine = await createProject(db(), alice, { name: "Alice's corpus" });
    await createProject(db(), bob, { name: "Bob's corpus" });
    const list = await listMyProjects(db(), alice);
    expect(list.map((p) => p.id)).toEqual([mine.id]);
    expect(list[0]).toMatchObject({ role: "owner", documentCount: 0, memberCount: 1 });
  });

  it("counts each project's own articles and members", async () => {
    const owner = await createTestUser(db(), "Counter");
    const a = await createProject(db(), owner, { name: "Counted A" });
    const b = await createProject(db(), owner, { name: "Counted B" });
    await createDocument(db(), owner, a.id, { title: "One", text: "First article." });
    await createDocument(db(), owner, a.id, { title: "Two", text: "Second article." });
    await createDocument(db(), owner, b.id, { title: "Three", text: "Third article." });
    const counts = Object.fromEntries((await listMyProjects(db(), owner)).map((p) => [p.id, p.documentCount]));
    expect(counts).toEqual({ [a.id]: 2, [b.id]: 1 });
  });

  it("refuses a non-member with 403, by id and by slug", async () => {
    const owner = await createTestUser(db(), "Owner");
    const outsider = await createTestUser(db(), "Outsider");
    const project = await createProject(db(), owner, { name: "Private corpus" });
    for (const key of [project.id, project.slug]) {
      const err = await getProjectOverview(db(), outsider, key).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).status).toBe(403);
    }
    const overview = await getProjectOverview(db(), owner, project.slug);
    expect(overview.project.id).toBe(project.id);
    expect(overview.permissions).toContain("project.delete");
  });

  it("rejects an empty or overlong name with field errors and writes nothing", async () => {
    const owner = await createTestUser(db(), "Val Idation");
    for (const input of [{ name: "  " }, { name: "x".repeat(121) }, {}]) {
      const err = (await createProject(db(), owner, input).catch((e: unknown) => e)) as AppError;
      expect(err.code).toBe("validation_failed");
      expect(err.fields?.name?.length).toBeGreaterThan(0);
    }
    expect(await listMyProjects(db(), owner)).toEqual([]);
  });
});

it("slugifies names, dropping accents and punctuation", () => {
  expect(slugify("Médias & Claims 2024!")).toBe("medias-claims-2024");
  expect(slugify("中文项目")).toBe("project");
});
