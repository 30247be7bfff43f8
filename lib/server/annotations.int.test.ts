import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { annotations, assignments, auditEvents, documents } from "@/db/schema";
import { AppError } from "@/lib/server/errors";
import {
  countRows,
  cpSlice,
  makeAnnotationWorld,
  SAMPLE_TEXT,
  setProjectSettings,
  spanOf,
  type AnnotationWorld,
} from "@/test/annotation-fixtures";
import { describeWithDb } from "@/test/db";
import { listenWhile } from "@/test/live";
import { ATTRIBUTE_TEXT_MAX_LENGTH, NOTE_MAX_LENGTH, type AnnotationDto } from "./annotation-dto";
import { createAnnotation } from "./create-annotation";
import { deleteAnnotation, restoreAnnotation } from "./delete-annotation";
import { createEntity } from "./entities";
import { listAnnotations } from "./list-annotations";
import { updateAnnotation } from "./update-annotation";

async function failure(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, "expected the call to fail").toBeInstanceOf(AppError);
  return err as AppError;
}

const FAMILY = "👩‍👩‍👧‍👦";
const FLAG = "🇺🇦";

describeWithDb("annotation write path", ({ db, conn }) => {
  let w: AnnotationWorld;
  beforeEach(async () => {
    w = await makeAnnotationWorld(db());
  });

  const create = (actor: AnnotationWorld["annotator"], body: Record<string, unknown>, idempotencyKey?: string) =>
    createAnnotation(db(), actor, w.project.id, w.doc.id, body, { idempotencyKey });
  const claim = () => w.labels.Claim!.id;

  describe("exact offsets", () => {
    it.each([
      ["a ZWJ family emoji", FAMILY],
      ["a flag", FLAG],
      ["mathematical bold letters", "𝐌𝐚𝐭𝐡"],
      ["CJK", "数学很有趣"],
      ["Arabic", "مرحبا بكم"],
      ["Hebrew", "שלום לכולם"],
      ["a letter with a combining accent", "cafe\u0301"],
      ["a precomposed accented letter", "café"],
      ["a sentence after all of them", "The chair said the ferry timetable would change in June"],
    ])("stores code-point offsets, the quote and 32 code points of context around %s", async (_name, needle) => {
      const s = spanOf(SAMPLE_TEXT, needle);
      const { status, body } = await create(w.annotator, { labelId: claim(), ...s });
      expect(status).toBe(201);
      const a = body.annotation;
      expect([a.start, a.end]).toEqual([s.start, s.end]);
      expect(cpSlice(SAMPLE_TEXT, a.start, a.end)).toBe(needle);
      expect(a.quote).toBe(needle);
      expect(Array.from(a.prefix)).toHaveLength(32);
      expect(Array.from(a.suffix)).toHaveLength(32);
      expect(a.prefix).toBe(cpSlice(SAMPLE_TEXT, a.start - 32, a.start));
      expect(a.suffix).toBe(cpSlice(SAMPLE_TEXT, a.end, a.end + 32));
      expect(a).toMatchObject({ layer: "annotator", ownerId: w.annotator.userId, ownerName: "Ann Annotator", version: 1, deletedAt: null });

      const [row] = await db().select().from(annotations).where(eq(annotations.id, a.id));
      expect(row).toMatchObject({ startOffset: s.start, endOffset: s.end, quote: needle, prefix: a.prefix, suffix: a.suffix, projectId: w.project.id });
    });

    it("computes prefix and suffix itself, ignoring the client's, and shortens them at the document edges", async () => {
      const first = spanOf(SAMPLE_TEXT, "Harbour");
      const { body } = await create(w.annotator, { labelId: claim(), ...first, prefix: "FORGED", suffix: "FORGED" });
      expect(body.annotation.prefix).toBe("");
      expect(body.annotation.suffix).toBe(cpSlice(SAMPLE_TEXT, first.end, first.end + 32));
      const last = spanOf(SAMPLE_TEXT, "nine.");
      const { body: b2 } = await create(w.annotator, { labelId: claim(), ...last, prefix: "x", suffix: "y" });
      expect(b2.annotation.suffix).toBe("");
      expect(b2.annotation.prefix).toBe(cpSlice(SAMPLE_TEXT, last.start - 32, last.start));
    });

    it("stores a note with markup verbatim", async () => {
      const note = "<img src=x onerror=alert(1)>";
      const { body } = await create(w.annotator, { labelId: claim(), ...spanOf(SAMPLE_TEXT, "ferries"), note });
      expect(body.annotation.note).toBe(note);
      const [row] = await db().select({ note: annotations.note }).from(annotations).where(eq(annotations.id, body.annotation.id));
      expect(row?.note).toBe(note);
    });
  });

  describe("update, delete, restore", () => {
    it("moves a span and changes its label at the current version, recomputing quote and context", async () => {
      const { body } = await create(w.annotator, { labelId: claim(), ...spanOf(SAMPLE_TEXT, "𝐌𝐚𝐭𝐡") });
      const moved = spanOf(SAMPLE_TEXT, "数学很有趣");
      const { status, body: updated } = await updateAnnotation(db(), w.annotator, w.project.id, body.annotation.id, {
        version: 1,
        ...moved,
        labelId: w.labels.Quote!.id,
        attributes: { form: "direct" },
        note: "moved 👩‍👩‍👧‍👦",
      });
      expect(status).toBe(200);
      expect(updated.annotation).toMatchObject({
        id: body.annotation.id,
        start: moved.start,
        end: moved.end,
        quote: "数学很有趣",
        labelId: w.labels.Quote!.id,
        attributes: { form: "direct" },
        note: "moved 👩‍👩‍👧‍👦",
        version: 2,
      });
      expect(updated.annotation.prefix).toBe(cpSlice(SAMPLE_TEXT, moved.start - 32, moved.start));
      expect(updated.annotation.suffix).toBe(cpSlice(SAMPLE_TEXT, moved.end, moved.end + 32));
    });

    it("refuses new offsets without the quote the client saw", async () => {
      const { body } = await create(w.annotator, { labelId: claim(), ...spanOf(SAMPLE_TEXT, "banner") });
      const before = await countRows(db());
      const err = await failure(updateAnnotation(db(), w.annotator, w.project.id, body.annotation.id, { version: 1, start: body.annotation.start + 1 }));
      expect(err.status).toBe(422);
      expect(err.details).toMatchObject({ code: "quote_required" });
      expect(await countRows(db())).toEqual(before);
    });

    it("soft-deletes and restores a span, each write with exactly one audit event holding before and after", async () => {
      const s = spanOf(SAMPLE_TEXT, FLAG);
      const r0 = await countRows(db());
      const { body: created } = await create(w.annotator, { labelId: claim(), ...s });
      const id = created.annotation.id;
      const r1 = await countRows(db());
      expect(r1.audit - r0.audit).toBe(1);

      const { body: updated } = await updateAnnotation(db(), w.annotator, w.project.id, id, { version: 1, note: "flag" });
      const r2 = await countRows(db());
      expect(r2.audit - r1.audit).toBe(1);

      const { body: deleted } = await deleteAnnotation(db(), w.annotator, w.project.id, id, { version: String(updated.annotation.version) });
      expect(deleted.annotation.deletedAt).not.toBeNull();
      expect(deleted.annotation.version).toBe(3);
      expect(deleted.removedRelations).toEqual([]);
      const r3 = await countRows(db());
      expect(r3.audit - r2.audit).toBe(1);
      expect(r3.annotations).toBe(r2.annotations); // soft delete keeps the row
      const listed = await listAnnotations(db(), w.annotator, w.project.id, w.doc.id, "mine");
      expect(listed.annotations.map((a) => a.id)).not.toContain(id);

      const { body: restored } = await restoreAnnotation(db(), w.annotator, w.project.id, id, {});
      expect(restored.annotation).toMatchObject({ id, deletedAt: null, version: 4, start: s.start, end: s.end, note: "flag" });
      const r4 = await countRows(db());
      expect(r4.audit - r3.audit).toBe(1);

      const events = await db().select().from(auditEvents).where(eq(auditEvents.entityId, id)).orderBy(auditEvents.id);
      expect(events.map((e) => e.action)).toEqual(["annotation.create", "annotation.update", "annotation.delete", "annotation.restore"]);
      expect(events[0]!.before).toBeNull();
      expect(events[0]!.after).toMatchObject({ start: s.start, end: s.end, quote: FLAG, version: 1 });
      expect(events[1]!.before).toMatchObject({ note: null, version: 1 });
      expect(events[1]!.after).toMatchObject({ note: "flag", version: 2 });
      expect(events[2]!.before).toMatchObject({ deletedAt: null, version: 2 });
      expect((events[2]!.after as { deletedAt: string | null }).deletedAt).not.toBeNull();
      expect((events[3]!.before as { deletedAt: string | null }).deletedAt).not.toBeNull();
      expect(events[3]!.after).toMatchObject({ deletedAt: null, version: 4 });
      for (const e of events) expect(e).toMatchObject({ actorId: w.annotator.userId, projectId: w.project.id, entityType: "annotation" });
    });

    it("gives the second of two edits from the same version 409 version_conflict with the current span", async () => {
      const { body } = await create(w.annotator, { labelId: claim(), ...spanOf(SAMPLE_TEXT, "timetable") });
      const id = body.annotation.id;
      const first = await updateAnnotation(db(), w.annotator, w.project.id, id, { version: 1, note: "first tab" });
      const before = await countRows(db());
      const err = await failure(updateAnnotation(db(), w.annotator, w.project.id, id, { version: 1, note: "second tab" }));
      expect(err.status).toBe(409);
      expect(err.code).toBe("version_conflict");
      const current = (err.details as { current: AnnotationDto }).current;
      expect(current).toEqual(first.body.annotation);
      expect(current).toMatchObject({ note: "first tab", version: 2 });
      expect(await countRows(db())).toEqual(before);

      const delErr = await failure(deleteAnnotation(db(), w.annotator, w.project.id, id, { version: 1 }));
      expect(delErr.code).toBe("version_conflict");
      expect((delErr.details as { current: AnnotationDto }).current.version).toBe(2);
      expect(await countRows(db())).toEqual(before);
    });

    it("applies exactly one of two concurrent edits from the same version", async () => {
      const { body } = await create(w.annotator, { labelId: claim(), ...spanOf(SAMPLE_TEXT, "objected") });
      const id = body.annotation.id;
      const results = await Promise.allSettled([
        updateAnnotation(db(), w.annotator, w.project.id, id, { version: 1, note: "a" }),
        updateAnnotation(db(), w.annotator, w.project.id, id, { version: 1, note: "b" }),
      ]);
      const ok = results.filter((r) => r.status === "fulfilled");
      const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(ok).toHaveLength(1);
      expect(failed).toHaveLength(1);
      expect((failed[0]!.reason as AppError).code).toBe("version_conflict");
      const [row] = await db().select().from(annotations).where(eq(annotations.id, id));
      expect(row?.version).toBe(2);
      const events = await db().select().from(auditEvents).where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, "annotation.update")));
      expect(events).toHaveLength(1);
    });

    it("deletes a span together with its relations and restores both on undo", async () => {
      const quote = await create(w.annotator, { labelId: w.labels.Quote!.id, ...spanOf(SAMPLE_TEXT, "مرحبا بكم") });
      const entity = await create(w.annotator, { labelId: w.labels.Entity!.id, ...spanOf(SAMPLE_TEXT, "the owner"), entityType: "Person" });
      const { createRelation } = await import("./relations");
      const rel = await createRelation(db(), w.annotator, w.project.id, w.doc.id, {
        type: "said_by",
        fromId: quote.body.annotation.id,
        toId: entity.body.annotation.id,
      });
      const del = await deleteAnnotation(db(), w.annotator, w.project.id, entity.body.annotation.id, { version: 1 });
      expect(del.body.removedRelations.map((r) => r.id)).toEqual([rel.body.relation.id]);
      expect(del.body.removedRelations[0]!.deletedAt).not.toBeNull();
      const mid = await listAnnotations(db(), w.annotator, w.project.id, w.doc.id, "mine");
      expect(mid.relations).toEqual([]);

      const restored = await restoreAnnotation(db(), w.annotator, w.project.id, entity.body.annotation.id, {
        relationIds: del.body.removedRelations.map((r) => r.id),
      });
      expect(restored.body.restoredRelations.map((r) => r.id)).toEqual([rel.body.relation.id]);
      expect(restored.body.restoredRelations[0]!.deletedAt).toBeNull();
      const after = await listAnnotations(db(), w.annotator, w.project.id, w.doc.id, "mine");
      expect(after.relations.map((r) => r.id)).toEqual([rel.body.relation.id]);
      expect(after.annotations.map((a) => a.id).sort()).toEqual([quote.body.annotation.id, entity.body.annotation.id].sort());
    });
  });

  describe("refused input writes nothing", () => {
    const family = spanOf(SAMPLE_TEXT, FAMILY);
    const flag = spanOf(SAMPLE_TEXT, FLAG);
    const decomposed = spanOf(SAMPLE_TEXT, "cafe\u0301");
    const plain = spanOf(SAMPLE_TEXT, "banner");
    const n = Array.from(SAMPLE_TEXT).length;

    type Case = [name: string, body: (w: AnnotationWorld) => Record<string, unknown>, status: number, code: string];
    type Row = [name: string, status: number, code: string, body: (w: AnnotationWorld) => Record<string, unknown>];
    const cases: Case[] = [
      ["an end past the text", (w) => ({ labelId: w.labels.Claim!.id, start: n - 3, end: n + 1, quote: "ne." }), 422, "out_of_range"],
      ["a negative start", (w) => ({ labelId: w.labels.Claim!.id, start: -1, end: 3, quote: "Har" }), 422, "out_of_range"],
      ["fractional offsets", (w) => ({ labelId: w.labels.Claim!.id, start: 1.5, end: 3, quote: "ar" }), 422, "out_of_range"],
      ["an empty span (start = end)", (w) => ({ labelId: w.labels.Claim!.id, start: 10, end: 10, quote: "" }), 422, "empty_or_inverted"],
      ["an inverted span (start > end)", (w) => ({ labelId: w.labels.Claim!.id, start: 12, end: 10, quote: "" }), 422, "empty_or_inverted"],
      [
        "a span ending between e and U+0301",
        (w) => ({ labelId: w.labels.Claim!.id, start: decomposed.start, end: decomposed.end - 1, quote: "cafe" }),
        422,
        "splits_character",
      ],
      [
        "a span starting inside the ZWJ family",
        (w) => ({ labelId: w.labels.Claim!.id, start: family.start + 2, end: family.end, quote: cpSlice(SAMPLE_TEXT, family.start + 2, family.end) }),
        422,
        "splits_character",
      ],
      [
        "a span ending between the two halves of a flag",
        (w) => ({ labelId: w.labels.Claim!.id, start: flag.start, end: flag.start + 1, quote: cpSlice(SAMPLE_TEXT, flag.start, flag.start + 1) }),
        422,
        "splits_character",
      ],
      ["a quote that differs from the text", (w) => ({ labelId: w.labels.Claim!.id, ...plain, quote: "bannerz" }), 422, "quote_mismatch"],
      [
        "UTF-16 offsets instead of code points",
        (w) => {
          const at = SAMPLE_TEXT.indexOf("𝐌𝐚𝐭𝐡");
          return { labelId: w.labels.Claim!.id, start: at, end: at + "𝐌𝐚𝐭𝐡".length, quote: "𝐌𝐚𝐭𝐡" };
        },
        422,
        "quote_mismatch",
      ],
      ["a missing quote", (w) => ({ labelId: w.labels.Claim!.id, start: plain.start, end: plain.end }), 422, "invalid_request"],
      ["a label id that is not a UUID", () => ({ labelId: "claim", ...plain }), 422, "invalid_request"],
      ["a label of another project", (w) => ({ labelId: w.otherLabels.Claim!.id, ...plain }), 422, "label_not_found"],
      ["an archived label", (w) => ({ labelId: w.labels.Old!.id, ...plain }), 422, "label_archived"],
      ["a note over the limit", (w) => ({ labelId: w.labels.Claim!.id, ...plain, note: "é".repeat(NOTE_MAX_LENGTH + 1) }), 422, "note_too_long"],
      ["an unknown attribute key", (w) => ({ labelId: w.labels.Stance!.id, ...plain, attributes: { stance: "pro", mood: "calm" } }), 422, "unknown_attribute"],
      ["an attribute of another label", (w) => ({ labelId: w.labels.Claim!.id, ...plain, attributes: { form: "direct" } }), 422, "unknown_attribute"],
      ["an unknown choice value", (w) => ({ labelId: w.labels.Stance!.id, ...plain, attributes: { stance: "neutral" } }), 422, "invalid_attribute_value"],
      ["a yes/no attribute sent as text", (w) => ({ labelId: w.labels.Stance!.id, ...plain, attributes: { sarcastic: "true" } }), 422, "invalid_attribute_value"],
      ["a text attribute sent as a boolean", (w) => ({ labelId: w.labels.Stance!.id, ...plain, attributes: { comment: true } }), 422, "invalid_attribute_value"],
      [
        "a text attribute over the label's maxLength",
        (w) => ({ labelId: w.labels.Stance!.id, ...plain, attributes: { comment: "👩‍👩‍👧‍👦".repeat(3) } }),
        422,
        "attribute_too_long",
      ],
      [
        "a text attribute over the default limit",
        (w) => ({ labelId: w.labels.Stance!.id, ...plain, attributes: { longform: "x".repeat(ATTRIBUTE_TEXT_MAX_LENGTH + 1) } }),
        422,
        "attribute_too_long",
      ],
      ["an entity type the label does not have", (w) => ({ labelId: w.labels.Entity!.id, ...plain, entityType: "Ship" }), 422, "entity_type_not_allowed"],
      ["an entity type on a label without entity types", (w) => ({ labelId: w.labels.Claim!.id, ...plain, entityType: "Person" }), 422, "entity_type_not_allowed"],
      ["an unknown layer", (w) => ({ labelId: w.labels.Claim!.id, ...plain, layer: "mine" }), 422, "invalid_request"],
    ];

    const rows: Row[] = cases.map(([name, body, status, code]) => [name, status, code, body]);
    it.each(rows)("refuses %s with %i %s and writes nothing", async (_name, status, code, body) => {
      const before = await countRows(db());
      const err = await failure(create(w.annotator, body(w)));
      expect(err.status).toBe(status);
      expect(err.details).toMatchObject({ code });
      expect(err.message.length).toBeGreaterThan(10);
      expect(await countRows(db())).toEqual(before);
    });

    it("names the attribute, the allowed values and the label in the message", async () => {
      const err = await failure(create(w.annotator, { labelId: w.labels.Stance!.id, ...plain, attributes: { stance: "neutral" } }));
      expect(err.message).toContain('"neutral"');
      expect(err.message).toContain('"pro"');
      expect(err.message).toContain("Stance");
      expect(err.fields?.["attributes.stance"]).toBeDefined();
      const unknown = await failure(create(w.annotator, { labelId: w.labels.Stance!.id, ...plain, attributes: { mood: "calm" } }));
      expect(unknown.message).toContain('"mood"');
    });

    it("refuses an entity of another project and writes nothing", async () => {
      const { body: other } = await createEntity(db(), w.outsider, w.otherProject.id, { name: "Harbour Authority", type: "Organization" });
      const before = await countRows(db());
      const err = await failure(create(w.annotator, { labelId: w.labels.Entity!.id, ...plain, entityType: "Organization", entityId: other.entity.id }));
      expect(err.status).toBe(422);
      expect(err.details).toMatchObject({ code: "entity_not_found" });
      expect(await countRows(db())).toEqual(before);
    });

    it("refuses a document of another project with 404 and writes nothing", async () => {
      const before = await countRows(db());
      const err = await failure(createAnnotation(db(), w.annotator, w.project.id, w.otherDoc.id, { labelId: w.labels.Claim!.id, ...plain }));
      expect(err.status).toBe(404);
      expect(await countRows(db())).toEqual(before);
      const bad = await failure(createAnnotation(db(), w.annotator, w.project.id, "not-a-uuid", { labelId: w.labels.Claim!.id, ...plain }));
      expect(bad.status).toBe(404);
    });

    it("refuses a span of a `none` label overlapping another span, naming it, and writes nothing", async () => {
      const first = await create(w.annotator, { labelId: w.labels.Claim!.id, ...spanOf(SAMPLE_TEXT, "ferry timetable") });
      const before = await countRows(db());
      const err = await failure(create(w.annotator, { labelId: w.labels.Heading!.id, ...spanOf(SAMPLE_TEXT, "The chair said the ferry") }));
      expect(err.status).toBe(422);
      expect(err.details).toMatchObject({ code: "overlap", conflictingId: first.body.annotation.id });
      expect(err.message).toContain('"ferry timetable"');
      expect(await countRows(db())).toEqual(before);
      // Another person's layer is not affected by this layer's spans.
      const elsewhere = await create(w.annotator2, { labelId: w.labels.Heading!.id, ...spanOf(SAMPLE_TEXT, "The chair said the ferry") });
      expect(elsewhere.status).toBe(201);
    });

    it("refuses two overlapping `no-same-label` spans but allows touching ones and other labels", async () => {
      await create(w.annotator, { labelId: w.labels.Topic!.id, ...spanOf(SAMPLE_TEXT, "ferry timetable") });
      const before = await countRows(db());
      const err = await failure(create(w.annotator, { labelId: w.labels.Topic!.id, ...spanOf(SAMPLE_TEXT, "timetable would") }));
      expect(err.details).toMatchObject({ code: "overlap" });
      expect(await countRows(db())).toEqual(before);
      expect((await create(w.annotator, { labelId: w.labels.Topic!.id, ...spanOf(SAMPLE_TEXT, " would change") })).status).toBe(201);
      expect((await create(w.annotator, { labelId: w.labels.Claim!.id, ...spanOf(SAMPLE_TEXT, "timetable would") })).status).toBe(201);
    });

    it("refuses an update that breaks a rule and leaves the span as it was", async () => {
      const { body } = await create(w.annotator, { labelId: w.labels.Stance!.id, ...plain, attributes: { stance: "pro" } });
      const before = await countRows(db());
      for (const patch of [
        { version: 1, attributes: { stance: "maybe" } },
        { version: 1, note: "x".repeat(NOTE_MAX_LENGTH + 1) },
        { version: 1, start: family.start + 1, end: family.end, quote: cpSlice(SAMPLE_TEXT, family.start + 1, family.end) },
        { version: 1, labelId: w.otherLabels.Claim!.id },
      ]) {
        const err = await failure(updateAnnotation(db(), w.annotator, w.project.id, body.annotation.id, patch));
        expect(err.status).toBe(422);
      }
      expect(await countRows(db())).toEqual(before);
      const [row] = await db().select().from(annotations).where(eq(annotations.id, body.annotation.id));
      expect(row).toMatchObject({ version: 1, attributes: { stance: "pro" }, startOffset: plain.start });
    });
  });

  describe("idempotency", () => {
    const s = spanOf(SAMPLE_TEXT, "banner about ferries");

    it("applies a request sent twice with one Idempotency-Key once and replays the first response", async () => {
      const before = await countRows(db());
      const key = crypto.randomUUID();
      const first = await create(w.annotator, { labelId: claim(), ...s }, key);
      const second = await create(w.annotator, { labelId: claim(), ...s }, key);
      expect(first.replayed).toBe(false);
      expect(second.replayed).toBe(true);
      expect(second.status).toBe(201);
      expect(second.body).toEqual(first.body);
      const after = await countRows(db());
      expect(after.annotations - before.annotations).toBe(1);
      expect(after.audit - before.audit).toBe(1);
      expect(after.keys - before.keys).toBe(1);
    });

    it("applies concurrent requests with one Idempotency-Key once", async () => {
      const before = await countRows(db());
      const key = crypto.randomUUID();
      const results = await Promise.all(Array.from({ length: 6 }, () => create(w.annotator, { labelId: claim(), ...s }, key)));
      const ids = new Set(results.map((r) => r.body.annotation.id));
      expect(ids.size).toBe(1);
      expect(results.filter((r) => !r.replayed)).toHaveLength(1);
      for (const r of results) expect(r.body).toEqual(results[0]!.body);
      const after = await countRows(db());
      expect(after.annotations - before.annotations).toBe(1);
      expect(after.audit - before.audit).toBe(1);
    });

    it("refuses a key reused for a different request, and does not store keys of refused writes", async () => {
      const key = crypto.randomUUID();
      await create(w.annotator, { labelId: claim(), ...s }, key);
      const before = await countRows(db());
      const err = await failure(create(w.annotator, { labelId: claim(), ...spanOf(SAMPLE_TEXT, "Kyiv") }, key));
      expect(err.status).toBe(409);
      expect(err.details).toMatchObject({ code: "idempotency_key_reused" });
      const badKey = crypto.randomUUID();
      await failure(create(w.annotator, { labelId: claim(), ...s, quote: "wrong" }, badKey));
      expect(await countRows(db())).toEqual(before);
      // The refused key is free: the corrected request under it applies.
      expect((await create(w.annotator, { labelId: claim(), ...s }, badKey)).replayed).toBe(false);
      await expect(create(w.annotator, { labelId: claim(), ...s }, "k".repeat(201))).rejects.toMatchObject({ status: 400 });
    });

    it("replays an edit retried with the same key instead of answering version_conflict", async () => {
      const { body } = await create(w.annotator, { labelId: claim(), ...s });
      const key = crypto.randomUUID();
      const first = await updateAnnotation(db(), w.annotator, w.project.id, body.annotation.id, { version: 1, note: "retry me" }, { idempotencyKey: key });
      const again = await updateAnnotation(db(), w.annotator, w.project.id, body.annotation.id, { version: 1, note: "retry me" }, { idempotencyKey: key });
      expect(again.replayed).toBe(true);
      expect(again.body).toEqual(first.body);
    });

    it("returns the existing span when a client id is re-sent with the same content, and 409 for other content", async () => {
      const id = crypto.randomUUID();
      const before = await countRows(db());
      const first = await create(w.annotator, { id, labelId: claim(), ...s, attributes: {} });
      const again = await create(w.annotator, { id, labelId: claim(), ...s });
      expect(first.body.annotation.id).toBe(id);
      expect(again.status).toBe(201);
      expect(again.body.annotation).toEqual(first.body.annotation);
      const mid = await countRows(db());
      expect(mid.annotations - before.annotations).toBe(1);
      expect(mid.audit - before.audit).toBe(1);
      const clash = await failure(create(w.annotator, { id, labelId: claim(), ...spanOf(SAMPLE_TEXT, "Kyiv") }));
      expect(clash.status).toBe(409);
      const otherUser = await failure(create(w.annotator2, { id, labelId: claim(), ...s }));
      expect(otherUser.status).toBe(409);
      expect(await countRows(db())).toEqual(mid);
    });

    it("creates a client id once when it is sent concurrently", async () => {
      const id = crypto.randomUUID();
      const results = await Promise.all(Array.from({ length: 4 }, () => create(w.annotator, { id, labelId: claim(), ...s })));
      for (const r of results) expect(r.body.annotation.id).toBe(id);
      const rows = await db().select().from(annotations).where(eq(annotations.id, id));
      expect(rows).toHaveLength(1);
      const events = await db().select().from(auditEvents).where(eq(auditEvents.entityId, id));
      expect(events).toHaveLength(1);
    });
  });

  describe("permissions", () => {
    const s = spanOf(SAMPLE_TEXT, "greeted us");

    it("lets only gold.write roles write gold", async () => {
      const before = await countRows(db());
      const err = await failure(create(w.annotator, { labelId: claim(), ...s, layer: "gold" }));
      expect(err.status).toBe(403);
      expect(await countRows(db())).toEqual(before);
      const { status, body } = await create(w.reviewer, { labelId: claim(), ...s, layer: "gold" });
      expect(status).toBe(201);
      expect(body.annotation).toMatchObject({ layer: "gold", ownerId: null, ownerName: null, createdBy: w.reviewer.userId });
      // The annotator can neither edit nor delete the gold span.
      expect((await failure(updateAnnotation(db(), w.annotator, w.project.id, body.annotation.id, { version: 1, note: "x" }))).status).toBe(403);
      expect((await failure(deleteAnnotation(db(), w.annotator, w.project.id, body.annotation.id, { version: 1 }))).status).toBe(403);
    });

    it("lets nobody change another person's layer", async () => {
      const { body } = await create(w.annotator2, { labelId: claim(), ...s });
      const before = await countRows(db());
      for (const actor of [w.annotator, w.reviewer, w.owner]) {
        expect((await failure(updateAnnotation(db(), actor, w.project.id, body.annotation.id, { version: 1, note: "mine now" }))).status).toBe(403);
        expect((await failure(deleteAnnotation(db(), actor, w.project.id, body.annotation.id, { version: 1 }))).status).toBe(403);
      }
      expect(await countRows(db())).toEqual(before);
    });

    it("shows annotators only their own layer unless the project lets them see each other", async () => {
      const mine = await create(w.annotator, { labelId: claim(), ...s });
      const theirs = await create(w.annotator2, { labelId: claim(), ...spanOf(SAMPLE_TEXT, "nobody objected") });
      const gold = await create(w.reviewer, { labelId: claim(), ...s, layer: "gold" });

      const own = await listAnnotations(db(), w.annotator, w.project.id, w.doc.id, "mine");
      expect(own.annotations.map((a) => a.id)).toEqual([mine.body.annotation.id]);
      const ownById = await listAnnotations(db(), w.annotator, w.project.id, w.doc.id, w.annotator.userId);
      expect(ownById.annotations.map((a) => a.id)).toEqual([mine.body.annotation.id]);
      for (const layer of [w.annotator2.userId, "all", "gold"]) {
        expect((await failure(listAnnotations(db(), w.annotator, w.project.id, w.doc.id, layer))).status).toBe(403);
      }

      const reviewerView = await listAnnotations(db(), w.reviewer, w.project.id, w.doc.id, w.annotator2.userId);
      expect(reviewerView.annotations.map((a) => a.id)).toEqual([theirs.body.annotation.id]);
      const all = await listAnnotations(db(), w.reviewer, w.project.id, w.doc.id, "all");
      expect(all.annotations.map((a) => a.id).sort()).toEqual([mine.body.annotation.id, theirs.body.annotation.id, gold.body.annotation.id].sort());
      const goldOnly = await listAnnotations(db(), w.reviewer, w.project.id, w.doc.id, "gold");
      expect(goldOnly.annotations.map((a) => a.id)).toEqual([gold.body.annotation.id]);

      await setProjectSettings(db(), w.project.id, { annotatorsSeeEachOther: true });
      const seen = await listAnnotations(db(), w.annotator, w.project.id, w.doc.id, w.annotator2.userId);
      expect(seen.annotations.map((a) => a.id)).toEqual([theirs.body.annotation.id]);
      expect(seen.annotations[0]!.ownerName).toBe("Abe Annotator");
    });

    it("answers 422 for an unknown layer and 404 for a document of another project", async () => {
      expect((await failure(listAnnotations(db(), w.annotator, w.project.id, w.doc.id, "everyone"))).status).toBe(422);
      expect((await failure(listAnnotations(db(), w.annotator, w.project.id, w.otherDoc.id, "mine"))).status).toBe(404);
    });

    it("refuses a non-member with 403 on every annotation use-case, writing nothing", async () => {
      const { body } = await create(w.annotator, { labelId: claim(), ...s });
      const id = body.annotation.id;
      await deleteAnnotation(db(), w.annotator, w.project.id, id, { version: 1 });
      const before = await countRows(db());
      const calls: [string, () => Promise<unknown>][] = [
        ["list", () => listAnnotations(db(), w.outsider, w.project.id, w.doc.id, "mine")],
        ["create", () => create(w.outsider, { labelId: claim(), ...s })],
        ["create gold", () => create(w.outsider, { labelId: claim(), ...s, layer: "gold" })],
        ["update", () => updateAnnotation(db(), w.outsider, w.project.id, id, { version: 2, note: "x" })],
        ["delete", () => deleteAnnotation(db(), w.outsider, w.project.id, id, { version: 2 })],
        ["restore", () => restoreAnnotation(db(), w.outsider, w.project.id, id, {})],
        ["create by slug", () => createAnnotation(db(), w.outsider, w.project.slug, w.doc.id, { labelId: claim(), ...s })],
      ];
      for (const [name, call] of calls) {
        const err = await failure(call());
        expect(err.status, name).toBe(403);
      }
      expect(await countRows(db())).toEqual(before);
    });
  });

  describe("listing", () => {
    it("returns a layer's live spans in order with the relations among them and the entities they link to", async () => {
      const { body: ent } = await createEntity(db(), w.annotator, w.project.id, { name: "Harbour Council", type: "Organization" });
      const late = await create(w.annotator, { labelId: w.labels.Entity!.id, ...spanOf(SAMPLE_TEXT, "The chair"), entityType: "Person" });
      const early = await create(w.annotator, {
        labelId: w.labels.Entity!.id,
        ...spanOf(SAMPLE_TEXT, "Harbour council"),
        entityType: "Organization",
        entityId: ent.entity.id,
      });
      const gone = await create(w.annotator, { labelId: claim(), ...spanOf(SAMPLE_TEXT, "Minutes approved") });
      await deleteAnnotation(db(), w.annotator, w.project.id, gone.body.annotation.id, { version: 1 });
      const res = await listAnnotations(db(), w.annotator, w.project.id, w.doc.id, undefined);
      expect(res.annotations.map((a) => a.id)).toEqual([early.body.annotation.id, late.body.annotation.id]);
      expect(res.entities).toEqual([{ id: ent.entity.id, name: "Harbour Council", type: "Organization", externalId: null }]);
      expect(res.relations).toEqual([]);
    });
  });

  describe("assignment on first write", () => {
    it("starts the writer's assignment and the document's progress with the first span, in the same audit event", async () => {
      const s = spanOf(SAMPLE_TEXT, "banner");
      const { body } = await create(w.annotator, { labelId: claim(), ...s });
      const [a] = await db().select().from(assignments).where(and(eq(assignments.documentId, w.doc.id), eq(assignments.userId, w.annotator.userId)));
      expect(a).toMatchObject({ status: "in_progress", assignedBy: w.annotator.userId });
      const [d] = await db().select({ status: documents.status }).from(documents).where(eq(documents.id, w.doc.id));
      expect(d?.status).toBe("in_progress");
      const events = await db().select().from(auditEvents).where(eq(auditEvents.entityId, body.annotation.id));
      expect(events).toHaveLength(1);
      expect(events[0]!.after).toMatchObject({ assignment: { from: null, to: "in_progress" } });
      // A gold write starts no assignment.
      await create(w.reviewer, { labelId: claim(), ...s, layer: "gold" });
      const reviewerRows = await db().select().from(assignments).where(eq(assignments.userId, w.reviewer.userId));
      expect(reviewerRows).toEqual([]);
    });
  });

  describe("live updates", () => {
    it("announces committed writes on spanlab_document_changes, and nothing for a refused one", async () => {
      const { result: body, messages } = await listenWhile(
        conn(),
        async () => {
          await failure(create(w.annotator, { labelId: claim(), ...spanOf(SAMPLE_TEXT, "banner"), quote: "nope" }));
          const { body } = await create(w.annotator, { labelId: claim(), ...spanOf(SAMPLE_TEXT, "banner") });
          await updateAnnotation(db(), w.annotator, w.project.id, body.annotation.id, { version: 1, note: "n" });
          return body;
        },
        2,
      );
      expect(messages.filter((g) => g.documentId === w.doc.id)).toEqual([
        { projectId: w.project.id, documentId: w.doc.id, kind: "annotation", id: body.annotation.id, actorId: w.annotator.userId },
        { projectId: w.project.id, documentId: w.doc.id, kind: "annotation", id: body.annotation.id, actorId: w.annotator.userId },
      ]);
    });
  });
});
