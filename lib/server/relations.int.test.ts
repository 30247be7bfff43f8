import { eq } from "drizzle-orm";
import { beforeEach, expect, it } from "vitest";
import { auditEvents, relations } from "@/db/schema";
import { countRows, makeAnnotationWorld, SAMPLE_TEXT, spanOf, type AnnotationWorld } from "@/test/annotation-fixtures";
import { describeWithDb } from "@/test/db";
import type { AnnotationDto } from "./annotation-dto";
import { createAnnotation } from "./create-annotation";
import { deleteAnnotation } from "./delete-annotation";
import { AppError } from "./errors";
import { listAnnotations } from "./list-annotations";
import { createRelation, deleteRelation, restoreRelation } from "./relations";

async function failure(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, "expected the call to fail").toBeInstanceOf(AppError);
  return err as AppError;
}

describeWithDb("relations", ({ db }) => {
  let w: AnnotationWorld;
  let quote: AnnotationDto;
  let speaker: AnnotationDto;
  let claim: AnnotationDto;

  beforeEach(async () => {
    w = await makeAnnotationWorld(db());
    const span = async (label: string, needle: string, extra: Record<string, unknown> = {}, actor = w.annotator) =>
      (await createAnnotation(db(), actor, w.project.id, w.doc.id, { labelId: w.labels[label]!.id, ...spanOf(SAMPLE_TEXT, needle), ...extra })).body
        .annotation;
    quote = await span("Quote", "مرحبا بكم", { attributes: { form: "direct" } });
    speaker = await span("Entity", "the owner", { entityType: "Person" });
    claim = await span("Claim", "the ferry timetable would change in June");
  });

  const link = (body: Record<string, unknown>, actor = w.annotator, idempotencyKey?: string) =>
    createRelation(db(), actor, w.project.id, w.doc.id, body, { idempotencyKey });

  it("links a quote to its speaker with an allowed type, audited, and lists it with the layer", async () => {
    const before = await countRows(db());
    const { status, body } = await link({ type: "said_by", fromId: quote.id, toId: speaker.id });
    expect(status).toBe(201);
    expect(body.relation).toMatchObject({ type: "said_by", fromId: quote.id, toId: speaker.id, documentId: w.doc.id, version: 1, deletedAt: null });
    const after = await countRows(db());
    expect(after.relations - before.relations).toBe(1);
    expect(after.audit - before.audit).toBe(1);
    const [event] = await db().select().from(auditEvents).where(eq(auditEvents.entityId, body.relation.id));
    expect(event).toMatchObject({ action: "relation.create", before: null, after: { type: "said_by", fromId: quote.id, toId: speaker.id } });
    const layer = await listAnnotations(db(), w.annotator, w.project.id, w.doc.id, "mine");
    expect(layer.relations).toEqual([body.relation]);
  });

  it.each([
    ["a type the source label does not allow", () => ({ type: "claimed_by", fromId: quote.id, toId: speaker.id }), "relation_type_not_allowed"],
    ["an allowed type towards the wrong kind of label", () => ({ type: "said_by", fromId: quote.id, toId: claim.id }), "relation_type_not_allowed"],
    ["a relation from a label that allows none", () => ({ type: "said_by", fromId: speaker.id, toId: quote.id }), "relation_type_not_allowed"],
    ["a span linked to itself", () => ({ type: "said_by", fromId: quote.id, toId: quote.id }), "self_relation"],
    ["an unknown span", () => ({ type: "said_by", fromId: quote.id, toId: crypto.randomUUID() }), "span_not_found"],
  ])("refuses %s with 422 and writes nothing", async (_name, body, code) => {
    const before = await countRows(db());
    const err = await failure(link(body()));
    expect(err.status).toBe(422);
    expect(err.details).toMatchObject({ code });
    expect(await countRows(db())).toEqual(before);
  });

  it("refuses spans of two layers, another article, or another person's layer, and writes nothing", async () => {
    const theirs = (
      await createAnnotation(db(), w.annotator2, w.project.id, w.doc.id, { labelId: w.labels.Entity!.id, ...spanOf(SAMPLE_TEXT, "The chair"), entityType: "Person" })
    ).body.annotation;
    const { createDocument } = await import("./documents");
    const doc2 = await createDocument(db(), w.owner, w.project.id, { title: "Second", text: "Another article, with its own speaker." });
    const elsewhere = (
      await createAnnotation(db(), w.annotator, w.project.id, doc2.id, { labelId: w.labels.Entity!.id, ...spanOf("Another article, with its own speaker.", "speaker"), entityType: "Person" })
    ).body.annotation;
    const before = await countRows(db());
    expect((await failure(link({ type: "said_by", fromId: quote.id, toId: theirs.id }))).details).toMatchObject({ code: "different_layer" });
    expect((await failure(link({ type: "said_by", fromId: quote.id, toId: elsewhere.id }))).details).toMatchObject({ code: "different_document" });
    const foreign = await failure(link({ type: "said_by", fromId: quote.id, toId: speaker.id }, w.annotator2));
    expect(foreign.status).toBe(403);
    expect(await countRows(db())).toEqual(before);
  });

  it("refuses a second identical link with 409 naming the spans", async () => {
    await link({ type: "said_by", fromId: quote.id, toId: speaker.id });
    const before = await countRows(db());
    const err = await failure(link({ type: "said_by", fromId: quote.id, toId: speaker.id }));
    expect(err.status).toBe(409);
    expect(err.details).toMatchObject({ code: "duplicate_relation" });
    expect(err.message).toContain("said_by");
    expect(await countRows(db())).toEqual(before);
  });

  it("applies a link retried with the same Idempotency-Key or client id once", async () => {
    const key = crypto.randomUUID();
    const body = { type: "said_by", fromId: quote.id, toId: speaker.id };
    const [a, b] = await Promise.all([link(body, w.annotator, key), link(body, w.annotator, key)]);
    expect(a.body).toEqual(b.body);
    const id = crypto.randomUUID();
    const other = await createAnnotation(db(), w.annotator, w.project.id, w.doc.id, {
      labelId: w.labels.Entity!.id,
      ...spanOf(SAMPLE_TEXT, "Kyiv"),
      entityType: "Location",
    });
    const first = await link({ id, type: "said_by", fromId: quote.id, toId: other.body.annotation.id });
    const again = await link({ id, type: "said_by", fromId: quote.id, toId: other.body.annotation.id });
    expect(again.body.relation).toEqual(first.body.relation);
    const rows = await db().select().from(relations).where(eq(relations.fromId, quote.id));
    expect(rows).toHaveLength(2);
  });

  it("unlinks and relinks (undo), each with one audit event, and refuses restoring towards a deleted span", async () => {
    const { body } = await link({ type: "said_by", fromId: quote.id, toId: speaker.id });
    const id = body.relation.id;
    const r0 = await countRows(db());
    const del = await deleteRelation(db(), w.annotator, w.project.id, id);
    expect(del.body.relation.deletedAt).not.toBeNull();
    const again = await deleteRelation(db(), w.annotator, w.project.id, id);
    expect(again.body.relation.deletedAt).not.toBeNull();
    const r1 = await countRows(db());
    expect(r1.audit - r0.audit).toBe(1);
    const res = await restoreRelation(db(), w.annotator, w.project.id, id);
    expect(res.body.relation).toMatchObject({ id, deletedAt: null, version: 3 });
    const r2 = await countRows(db());
    expect(r2.audit - r1.audit).toBe(1);
    const events = await db().select().from(auditEvents).where(eq(auditEvents.entityId, id)).orderBy(auditEvents.id);
    expect(events.map((e) => e.action)).toEqual(["relation.create", "relation.delete", "relation.restore"]);
    expect(events[1]!.before).toMatchObject({ deletedAt: null });

    await deleteRelation(db(), w.annotator, w.project.id, id);
    await deleteAnnotation(db(), w.annotator, w.project.id, speaker.id, { version: 1 });
    const before = await countRows(db());
    const err = await failure(restoreRelation(db(), w.annotator, w.project.id, id));
    expect(err.details).toMatchObject({ code: "relation_end_deleted" });
    expect(await countRows(db())).toEqual(before);
  });

  it("refuses a non-member with 403 on every relation use-case", async () => {
    const { body } = await link({ type: "said_by", fromId: quote.id, toId: speaker.id });
    const before = await countRows(db());
    for (const call of [
      () => link({ type: "said_by", fromId: quote.id, toId: speaker.id }, w.outsider),
      () => deleteRelation(db(), w.outsider, w.project.id, body.relation.id),
      () => restoreRelation(db(), w.outsider, w.project.id, body.relation.id),
    ]) {
      expect((await failure(call())).status).toBe(403);
    }
    expect(await countRows(db())).toEqual(before);
  });

  it("keeps gold relations to gold.write roles", async () => {
    const gq = (await createAnnotation(db(), w.reviewer, w.project.id, w.doc.id, { labelId: w.labels.Quote!.id, ...spanOf(SAMPLE_TEXT, "مرحبا بكم"), layer: "gold" })).body
      .annotation;
    const gs = (
      await createAnnotation(db(), w.reviewer, w.project.id, w.doc.id, { labelId: w.labels.Entity!.id, ...spanOf(SAMPLE_TEXT, "the owner"), layer: "gold", entityType: "Person" })
    ).body.annotation;
    expect((await failure(link({ type: "said_by", fromId: gq.id, toId: gs.id }, w.annotator))).status).toBe(403);
    const { status } = await link({ type: "said_by", fromId: gq.id, toId: gs.id }, w.reviewer);
    expect(status).toBe(201);
  });
});
