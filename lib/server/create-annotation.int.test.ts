import { and, eq } from "drizzle-orm";
import { beforeEach, expect, it } from "vitest";
import { annotations, assignments, auditEvents, idempotencyKeys, labels } from "@/db/schema";
import { countRows, makeAnnotationWorld, SAMPLE_TEXT, spanOf, type AnnotationWorld } from "@/test/annotation-fixtures";
import { describeWithDb } from "@/test/db";
import { listenWhile } from "@/test/live";
import { createAnnotation } from "./create-annotation";
import { expectAppError } from "./members.test-helpers";

/**
 * The short path of createAnnotation: in a layer already in progress, in a project without overlap
 * rules, a span is written by one statement. It must leave exactly what the transaction leaves, and
 * hand every case it can't settle (a key or id already taken) to the transaction.
 */
describeWithDb("creating a span in a layer in progress (one statement)", ({ db, conn }) => {
  let w: AnnotationWorld;
  const create = (actor: AnnotationWorld["annotator"], body: Record<string, unknown>, idempotencyKey?: string) =>
    createAnnotation(db(), actor, w.project.id, w.doc.id, body, { idempotencyKey });
  const claim = () => w.labels.Claim!.id;

  beforeEach(async () => {
    w = await makeAnnotationWorld(db(), { overlapLabels: false });
    // The first span starts the assignment (the transaction's work); later ones take the short path.
    await create(w.annotator, { labelId: claim(), ...spanOf(SAMPLE_TEXT, "Kyiv") });
    const [a] = await db().select().from(assignments).where(and(eq(assignments.documentId, w.doc.id), eq(assignments.userId, w.annotator.userId)));
    expect(a?.status).toBe("in_progress");
  });

  it("stores the row, one audit event, the idempotency record with the response, and replays it", async () => {
    const s = spanOf(SAMPLE_TEXT, "banner about ferries");
    const before = await countRows(db());
    const key = crypto.randomUUID();
    const first = await create(w.annotator, { labelId: claim(), ...s, note: "<b>kept</b>" }, key);
    expect(first).toMatchObject({ status: 201, replayed: false });
    const a = first.body.annotation;
    expect(a).toMatchObject({ start: s.start, end: s.end, quote: s.quote, note: "<b>kept</b>", version: 1, ownerId: w.annotator.userId, ownerName: "Ann Annotator" });

    const [row] = await db().select().from(annotations).where(eq(annotations.id, a.id));
    expect(row).toMatchObject({ projectId: w.project.id, documentId: w.doc.id, layer: "annotator", startOffset: s.start, endOffset: s.end, quote: s.quote, prefix: a.prefix, suffix: a.suffix, version: 1, deletedAt: null });
    expect(row!.createdAt.toISOString()).toBe(a.createdAt);
    const events = await db().select().from(auditEvents).where(eq(auditEvents.entityId, a.id));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "annotation.create", actorId: w.annotator.userId, before: null });
    expect(events[0]!.after).toMatchObject({ start: s.start, end: s.end, quote: s.quote, labelId: claim(), version: 1, deletedAt: null });
    const [record] = await db().select().from(idempotencyKeys).where(and(eq(idempotencyKeys.userId, w.annotator.userId), eq(idempotencyKeys.key, key)));
    expect(record?.status).toBe(201);
    expect((record?.response as { body: unknown }).body).toEqual(first.body);

    const again = await create(w.annotator, { labelId: claim(), ...s, note: "<b>kept</b>" }, key);
    expect(again).toMatchObject({ status: 201, replayed: true });
    expect(again.body).toEqual(first.body);
    const after = await countRows(db());
    expect([after.annotations - before.annotations, after.audit - before.audit, after.keys - before.keys]).toEqual([1, 1, 1]);
  });

  it("replays a span retried with its key after its label was archived, instead of refusing it", async () => {
    const key = crypto.randomUUID();
    const body = { labelId: claim(), ...spanOf(SAMPLE_TEXT, "banner about ferries") };
    const first = await create(w.annotator, body, key);
    await db().update(labels).set({ archivedAt: new Date() }).where(eq(labels.id, claim()));
    const again = await create(w.annotator, body, key);
    expect(again).toMatchObject({ status: 201, replayed: true });
    expect(again.body).toEqual(first.body);
    // Without the key, the archived label is refused as usual.
    await expectAppError(create(w.annotator, { labelId: claim(), ...spanOf(SAMPLE_TEXT, "ferry timetable") }), 422, /archived/);
  });

  it("hands a taken client id to the transaction: the same span again returns it, another span is 409, nothing more is written", async () => {
    const id = crypto.randomUUID();
    const s = spanOf(SAMPLE_TEXT, "banner about ferries");
    const first = await create(w.annotator, { id, labelId: claim(), ...s });
    const mid = await countRows(db());
    const again = await create(w.annotator, { id, labelId: claim(), ...s });
    expect(again.body.annotation).toEqual(first.body.annotation);
    const clash = await expectAppError(create(w.annotator, { id, labelId: claim(), ...spanOf(SAMPLE_TEXT, "ferry timetable") }), 409);
    expect(clash.details).toMatchObject({ code: "id_taken" });
    expect(await countRows(db())).toEqual(mid);
  });

  it("refuses a key reused for another span with 409, writing nothing", async () => {
    const key = crypto.randomUUID();
    await create(w.annotator, { labelId: claim(), ...spanOf(SAMPLE_TEXT, "banner about ferries") }, key);
    const before = await countRows(db());
    const err = await expectAppError(create(w.annotator, { labelId: claim(), ...spanOf(SAMPLE_TEXT, "ferry timetable") }, key), 409);
    expect(err.details).toMatchObject({ code: "idempotency_key_reused" });
    expect(await countRows(db())).toEqual(before);
  });

  it("applies concurrent requests with one key, or with one client id, exactly once", async () => {
    const s = spanOf(SAMPLE_TEXT, "banner about ferries");
    const before = await countRows(db());
    const key = crypto.randomUUID();
    const byKey = await Promise.all(Array.from({ length: 6 }, () => create(w.annotator, { labelId: claim(), ...s }, key)));
    expect(new Set(byKey.map((r) => r.body.annotation.id)).size).toBe(1);
    expect(byKey.filter((r) => !r.replayed)).toHaveLength(1);
    const id = crypto.randomUUID();
    const t = spanOf(SAMPLE_TEXT, "ferry timetable");
    const byId = await Promise.all(Array.from({ length: 4 }, () => create(w.annotator, { id, labelId: claim(), ...t })));
    for (const r of byId) expect(r.body.annotation.id).toBe(id);
    const after = await countRows(db());
    expect([after.annotations - before.annotations, after.audit - before.audit]).toEqual([2, 2]);
  });

  it("refuses bad input exactly as the transaction does, writing nothing", async () => {
    const before = await countRows(db());
    const s = spanOf(SAMPLE_TEXT, "banner about ferries");
    await expectAppError(create(w.annotator, { labelId: claim(), ...s, quote: "something else" }), 422);
    await expectAppError(create(w.annotator, { labelId: w.labels.Old!.id, ...s }), 422, /archived/);
    await expectAppError(create(w.annotator, { labelId: claim(), ...s, entityId: crypto.randomUUID() }), 422, /entity registry/);
    await expectAppError(createAnnotation(db(), w.annotator, w.project.id, crypto.randomUUID(), { labelId: claim(), ...s }), 404);
    expect(await countRows(db())).toEqual(before);
  });

  it("announces the span on the live channel when it is stored", async () => {
    const got = await listenWhile(conn(), () => create(w.annotator, { labelId: claim(), ...spanOf(SAMPLE_TEXT, "banner about ferries") }));
    expect(got.result.body.annotation.id).toBeTruthy();
    expect(got.messages.filter((m) => m.documentId === w.doc.id)).toEqual([
      { projectId: w.project.id, documentId: w.doc.id, kind: "annotation", id: got.result.body.annotation.id, actorId: w.annotator.userId },
    ]);
  });
});
