import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import type { Db } from "@/db/connect";
import { annotations, auditEvents, documents, labels } from "@/db/schema";
import type { Actor } from "@/lib/auth/guards";
import { describeWithDb } from "@/test/db";
import { createTestUser } from "@/test/factories";
import { createLabel, getLabelUsage, listProjectLabels, removeLabel, reorderLabels, updateLabel } from "./labels";
import { createMember, expectAppError } from "./members.test-helpers";
import { createProject } from "./projects";

const TEXT = "The mayor said the new ferry line would open in spring. Residents doubted it.";

/** Simulates annotation work: one article and `n` spans of `labelId` written straight into the tables. */
async function insertAnnotations(db: Db, projectId: string, owner: Actor, labelId: string, n: number, options: { deleted?: boolean } = {}) {
  const [doc] = await db
    .insert(documents)
    .values({ projectId, title: `Ferry article ${crypto.randomUUID()}`, text: TEXT, length: [...TEXT].length, contentHash: crypto.randomUUID(), createdBy: owner.userId })
    .returning();
  const rows = Array.from({ length: n }, (_, i) => ({
    projectId,
    documentId: doc!.id,
    ownerId: owner.userId,
    labelId,
    startOffset: i,
    endOffset: i + 4,
    quote: [...TEXT].slice(i, i + 4).join(""),
    createdBy: owner.userId,
    deletedAt: options.deleted ? new Date() : null,
  }));
  return db.insert(annotations).values(rows).returning();
}

describeWithDb("labels", ({ db }) => {
  async function setup(name = "Label corpus") {
    const owner = await createTestUser(db(), "Lou Labeller");
    const project = await createProject(db(), owner, { name });
    const { labels: initial } = await listProjectLabels(db(), owner, project.id);
    const byName = Object.fromEntries(initial.map((l) => [l.name, l]));
    return { owner, project, claim: byName.Claim!, quote: byName.Quote!, entity: byName.Entity! };
  }

  async function labelRows(projectId: string) {
    return db().select().from(labels).where(eq(labels.projectId, projectId));
  }

  it("adds a label with a hotkey, typed attributes and relations at the end of the list, and audits it", async () => {
    const { owner, project } = await setup();
    const label = await createLabel(db(), owner, project.id, {
      name: "  Statistic ",
      kind: "claim",
      color: "#7C3AED",
      hotkey: "4",
      attributes: [
        { key: "verdict", name: "Verdict", type: "choice", options: ["true", "false", "unclear"], required: true },
        { key: "is_sourced", name: "Sourced", type: "boolean" },
        { key: "source_note", name: "Source note", type: "text", maxLength: 280 },
      ],
      relationTypes: [{ type: "claimed_by", targetKinds: ["entity"] }],
      overlapPolicy: "no-same-label",
    });
    expect(label).toMatchObject({ name: "Statistic", color: "#7c3aed", hotkey: "4", position: 3, overlapPolicy: "no-same-label", archived: false });
    expect(label.attributes).toHaveLength(3);
    const { labels: active } = await listProjectLabels(db(), owner, project.id);
    expect(active.map((l) => l.name)).toEqual(["Claim", "Quote", "Entity", "Statistic"]);
    const audit = await db().select().from(auditEvents).where(eq(auditEvents.entityId, label.id));
    expect(audit.map((a) => a.action)).toEqual(["label.create"]);
  });

  it("refuses a hotkey clash with a message naming the label that has the key, and writes nothing", async () => {
    const { owner, project, claim } = await setup();
    const err = await expectAppError(
      createLabel(db(), owner, project.id, { name: "Opinion", kind: "other", color: "#0891b2", hotkey: "2" }),
      409,
      'Hotkey 2 is already used by "Quote"',
    );
    expect(err.fields?.hotkey?.[0]).toContain('"Quote"');
    await expectAppError(updateLabel(db(), owner, project.id, claim.id, { hotkey: "3" }), 409, 'Hotkey 3 is already used by "Entity"');
    expect((await labelRows(project.id)).map((l) => l.name).sort()).toEqual(["Claim", "Entity", "Quote"]);
    expect((await labelRows(project.id)).find((l) => l.id === claim.id)!.hotkey).toBe("1");
    // Moving a key: free it on one label, then give it to another.
    await updateLabel(db(), owner, project.id, claim.id, { hotkey: null });
    const opinion = await createLabel(db(), owner, project.id, { name: "Opinion", kind: "other", color: "#0891b2", hotkey: "1" });
    expect(opinion.hotkey).toBe("1");
  });

  it("refuses a duplicate name (ignoring case) among active labels", async () => {
    const { owner, project, claim } = await setup();
    await expectAppError(createLabel(db(), owner, project.id, { name: "quote", kind: "quote", color: "#2563eb" }), 409, 'A label named "Quote" already exists');
    await expectAppError(updateLabel(db(), owner, project.id, claim.id, { name: "ENTITY" }), 409, "already exists");
    expect((await labelRows(project.id)).length).toBe(3);
  });

  it("rejects every kind of bad input with field errors and writes nothing", async () => {
    const { owner, project, quote } = await setup();
    const good = { name: "Hedge", kind: "other", color: "#65a30d" };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...good, name: "" }, "name"],
      [{ ...good, name: "x".repeat(61) }, "name"],
      [{ ...good, color: "red" }, "color"],
      [{ ...good, color: "#12345" }, "color"],
      [{ ...good, kind: "opinion" }, "kind"],
      [{ ...good, hotkey: "0" }, "hotkey"],
      [{ ...good, attributes: [{ key: "Bad Key", name: "Bad", type: "boolean" }] }, "attributes.0.key"],
      [{ ...good, attributes: [{ key: "tone", name: "Tone", type: "choice", options: [] }] }, "attributes.0.options"],
      [{ ...good, attributes: [{ key: "tone", name: "Tone", type: "choice", options: ["calm", "calm"] }] }, "attributes.0.options"],
      [{ ...good, attributes: [{ key: "tone", name: "Tone", type: "text", maxLength: 0 }] }, "attributes.0.maxLength"],
      [{ ...good, attributes: [{ key: "tone", name: "Tone", type: "colour" }] }, "attributes.0.type"],
      [
        {
          ...good,
          attributes: [
            { key: "tone", name: "Tone", type: "boolean" },
            { key: "tone", name: "Tone again", type: "boolean" },
          ],
        },
        "attributes.1.key",
      ],
      [{ ...good, relationTypes: [{ type: "said_by", targetKinds: [] }] }, "relationTypes.0.targetKinds"],
      [{ ...good, entityTypes: ["Person"] }, "entityTypes"],
      [{ ...good, overlapPolicy: "sometimes" }, "overlapPolicy"],
      [{ ...good, surprise: 1 }, "_form"],
    ];
    for (const [input, field] of cases) {
      const err = await expectAppError(createLabel(db(), owner, project.id, input), 422);
      expect(Object.keys(err.fields ?? {}), JSON.stringify(input)).toContain(field);
    }
    await expectAppError(updateLabel(db(), owner, project.id, quote.id, { color: "blue" }), 422);
    await expectAppError(updateLabel(db(), owner, project.id, quote.id, { kind: "claim", entityTypes: ["Person"] }), 422);
    await expectAppError(reorderLabels(db(), owner, project.id, { ids: [quote.id] }), 422, "every active label");
    await expectAppError(reorderLabels(db(), owner, project.id, { ids: ["nope"] }), 422);
    expect((await labelRows(project.id)).map((l) => [l.name, l.color, l.position]).sort()).toEqual([
      ["Claim", "#d97706", 0],
      ["Entity", "#059669", 2],
      ["Quote", "#2563eb", 1],
    ]);
    const labelEvents = await db().select().from(auditEvents).where(eq(auditEvents.entityType, "label"));
    expect(labelEvents.filter((e) => e.projectId === project.id)).toEqual([]);
  });

  it("renames a label without losing its annotations (they refer to it by id)", async () => {
    const { owner, project, quote } = await setup();
    const spans = await insertAnnotations(db(), project.id, owner, quote.id, 5);
    const renamed = await updateLabel(db(), owner, project.id, quote.id, { name: "Direct quote", color: "#1d4ed8" });
    expect(renamed).toMatchObject({ id: quote.id, name: "Direct quote", color: "#1d4ed8", hotkey: "2" });
    const still = await db().select().from(annotations).where(eq(annotations.labelId, quote.id));
    expect(still.map((a) => a.id).sort()).toEqual(spans.map((a) => a.id).sort());
    expect((await getLabelUsage(db(), owner, project.id, quote.id)).annotations).toBe(5);
    const [event] = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, quote.id), eq(auditEvents.action, "label.update")));
    expect(event!.before).toEqual({ name: "Quote", color: "#2563eb" });
    expect(event!.after).toEqual({ name: "Direct quote", color: "#1d4ed8" });
  });

  it("archives a used label (counting its annotations, freeing its hotkey) and deletes an unused one", async () => {
    const { owner, project, quote, claim } = await setup();
    await insertAnnotations(db(), project.id, owner, quote.id, 142);
    await insertAnnotations(db(), project.id, owner, quote.id, 3, { deleted: true });
    expect(await getLabelUsage(db(), owner, project.id, quote.id)).toEqual({ annotations: 142, willArchive: true });

    const archived = await removeLabel(db(), owner, project.id, quote.id);
    expect(archived).toMatchObject({ outcome: "archived", annotations: 142, label: { id: quote.id, archived: true, hotkey: null } });
    expect((await db().select().from(annotations).where(eq(annotations.labelId, quote.id))).length).toBe(145);
    const list = await listProjectLabels(db(), owner, project.id);
    expect(list.labels.map((l) => l.name)).toEqual(["Claim", "Entity"]);
    expect(list.archived.map((l) => l.name)).toEqual(["Quote"]);
    // The freed hotkey can go to another label now.
    await updateLabel(db(), owner, project.id, claim.id, { hotkey: "2" });
    await expectAppError(removeLabel(db(), owner, project.id, quote.id), 409, "already archived");
    await expectAppError(updateLabel(db(), owner, project.id, quote.id, { name: "Quotation" }), 409, "Restore it before editing");

    const unused = await createLabel(db(), owner, project.id, { name: "Scratch", kind: "other", color: "#475569" });
    expect(await getLabelUsage(db(), owner, project.id, unused.id)).toEqual({ annotations: 0, willArchive: false });
    expect(await removeLabel(db(), owner, project.id, unused.id)).toMatchObject({ outcome: "deleted", annotations: 0 });
    expect((await labelRows(project.id)).find((l) => l.id === unused.id)).toBeUndefined();

    // A label only soft-deleted annotations use is archived too (they can be restored).
    const ghost = await createLabel(db(), owner, project.id, { name: "Ghost", kind: "other", color: "#db2777" });
    await insertAnnotations(db(), project.id, owner, ghost.id, 2, { deleted: true });
    expect(await getLabelUsage(db(), owner, project.id, ghost.id)).toEqual({ annotations: 0, willArchive: true });
    expect((await removeLabel(db(), owner, project.id, ghost.id)).outcome).toBe("archived");

    const actions = (await db().select().from(auditEvents).where(eq(auditEvents.projectId, project.id))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["label.archive", "label.delete"]));
  });

  it("restores an archived label at the end of the list, without a hotkey unless one is given", async () => {
    const { owner, project, quote } = await setup();
    await insertAnnotations(db(), project.id, owner, quote.id, 1);
    await removeLabel(db(), owner, project.id, quote.id);
    const restored = await updateLabel(db(), owner, project.id, quote.id, { archived: false });
    expect(restored).toMatchObject({ archived: false, hotkey: null });
    expect((await listProjectLabels(db(), owner, project.id)).labels.map((l) => l.name)).toEqual(["Claim", "Entity", "Quote"]);
    const [event] = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, quote.id), eq(auditEvents.action, "label.restore")));
    expect(event).toBeDefined();

    // A label that took the name meanwhile blocks the restore until one of them is renamed.
    await removeLabel(db(), owner, project.id, quote.id);
    await createLabel(db(), owner, project.id, { name: "Quote", kind: "quote", color: "#0d9488" });
    await expectAppError(updateLabel(db(), owner, project.id, quote.id, { archived: false }), 409, 'A label named "Quote" already exists');
    const back = await updateLabel(db(), owner, project.id, quote.id, { archived: false, name: "Old quote", hotkey: "9" });
    expect(back).toMatchObject({ name: "Old quote", hotkey: "9", archived: false });
  });

  it("reorders the active labels", async () => {
    const { owner, project, claim, quote, entity } = await setup();
    const list = await reorderLabels(db(), owner, project.id, { ids: [entity.id, claim.id, quote.id] });
    expect(list.labels.map((l) => l.name)).toEqual(["Entity", "Claim", "Quote"]);
    expect(list.labels.map((l) => l.position)).toEqual([0, 1, 2]);
    await reorderLabels(db(), owner, project.id, { ids: [entity.id, claim.id, quote.id] });
    const reorders = (await db().select().from(auditEvents).where(eq(auditEvents.projectId, project.id))).filter((a) => a.action === "label.reorder");
    expect(reorders).toHaveLength(1);
    await expectAppError(reorderLabels(db(), owner, project.id, { ids: [entity.id, claim.id, claim.id] }), 422);
  });

  it("gives annotators, reviewers and outsiders 403 on every label write, and writes nothing", async () => {
    const { owner, project, quote } = await setup();
    const annotator = await createMember(db(), owner, project.id, "annotator", "Ana Annotator");
    const reviewer = await createMember(db(), owner, project.id, "reviewer", "Reo Reviewer");
    const outsider = await createTestUser(db(), "Oz Outsider");
    for (const actor of [annotator, reviewer, outsider]) {
      await expectAppError(createLabel(db(), actor, project.id, { name: "Mine", kind: "other", color: "#475569" }), 403);
      await expectAppError(updateLabel(db(), actor, project.id, quote.id, { name: "Theirs" }), 403);
      await expectAppError(removeLabel(db(), actor, project.id, quote.id), 403);
      await expectAppError(reorderLabels(db(), actor, project.id, { ids: [quote.id] }), 403);
      await expectAppError(getLabelUsage(db(), actor, project.id, quote.id), 403);
    }
    // Members may read the schema (the editor needs it); outsiders may not.
    expect((await listProjectLabels(db(), annotator, project.id)).labels).toHaveLength(3);
    await expectAppError(listProjectLabels(db(), outsider, project.id), 403);
    expect((await labelRows(project.id)).map((l) => l.name).sort()).toEqual(["Claim", "Entity", "Quote"]);
  });

  it("answers 404 for a label of another project", async () => {
    const a = await setup("Project A labels");
    const b = await setup("Project B labels");
    await expectAppError(updateLabel(db(), a.owner, a.project.id, b.quote.id, { name: "Hijacked" }), 404);
    await expectAppError(removeLabel(db(), a.owner, a.project.id, b.quote.id), 404);
    await expectAppError(getLabelUsage(db(), a.owner, a.project.id, "not-a-uuid"), 404);
    expect((await labelRows(b.project.id)).find((l) => l.id === b.quote.id)!.name).toBe("Quote");
  });
});
