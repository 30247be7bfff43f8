import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { annotations, relations, reviewDecisions } from "@/db/schema";
import { describeWithDb } from "@/test/db";
import { createEntity } from "./entities";
import { acceptAgreedIntoGold, acceptIntoGold, createGoldSpan, rejectSpan } from "./gold";
import { updateLabel } from "./labels";
import { expectAppError } from "./members.test-helpers";
import { at, auditOf, countWrites, link, setUpReviewProject, tag } from "./review.test-helpers";
import { getReviewView } from "./review-view";

describeWithDb("gold adjudication", ({ db }) => {
  async function goldSpans(documentId: string) {
    return db().select().from(annotations).where(and(eq(annotations.documentId, documentId), eq(annotations.layer, "gold")));
  }
  async function goldRelations(goldIds: string[]) {
    const all = await db().select().from(relations);
    return all.filter((r) => goldIds.includes(r.fromId) && goldIds.includes(r.toId));
  }

  it("accepting copies the span into gold: offsets, quote, context, label, attributes, note, entity; source recorded; version 1; audited", async () => {
    const f = await setUpReviewProject(db(), "Accept");
    const entity = (await createEntity(db(), f.ann1, f.projectId, { name: "Mira Vance", type: "Person" })).body.entity;
    const person = await tag(db(), f, f.ann1, f.labels.entity, "Mira Vance", { entityId: entity.id, entityType: "Person", note: "The councillor." });
    const quote = await tag(db(), f, f.ann1, f.labels.quote, "the ferry pier will close for repairs in March", { attributes: { form: "indirect" } });

    const result = await acceptIntoGold(db(), f.reviewer, f.projectId, f.documentId, { annotationId: person.id });
    expect(result.created).toBe(true);
    const [gold] = await goldSpans(f.documentId);
    expect(gold).toMatchObject({
      id: result.annotation.id,
      layer: "gold",
      ownerId: null,
      version: 1,
      sourceAnnotationId: person.id,
      labelId: f.labels.entity,
      startOffset: person.start,
      endOffset: person.end,
      quote: "Mira Vance",
      prefix: person.prefix,
      suffix: person.suffix,
      note: "The councillor.",
      entityId: entity.id,
      entityType: "Person",
      createdBy: f.reviewer.userId,
    });
    const decisions = await db().select().from(reviewDecisions).where(eq(reviewDecisions.documentId, f.documentId));
    expect(decisions).toMatchObject([{ decision: "accept", annotationId: person.id, reviewerId: f.reviewer.userId }]);
    const [event] = await auditOf(db(), f, "gold.accept");
    expect(event).toMatchObject({ actorId: f.reviewer.userId, entityType: "annotation", entityId: gold!.id, before: null, after: { layer: "gold", sourceAnnotationId: person.id, quote: "Mira Vance", version: 1 } });

    const second = await acceptIntoGold(db(), f.reviewer, f.projectId, f.documentId, { annotationId: quote.id });
    expect((await goldSpans(f.documentId)).find((g) => g.id === second.annotation.id)?.attributes).toEqual({ form: "indirect" });
  });

  it("does not duplicate: accepting the same span, or an identical span from another layer, returns the gold span already there and writes nothing", async () => {
    const f = await setUpReviewProject(db(), "No dup");
    const a = await tag(db(), f, f.ann1, f.labels.entity, "Mira Vance");
    const b = await tag(db(), f, f.ann2, f.labels.entity, "Mira Vance");
    const first = await acceptIntoGold(db(), f.reviewer, f.projectId, f.documentId, { annotationId: a.id });
    const before = await countWrites(db(), f);
    const again = await acceptIntoGold(db(), f.reviewer, f.projectId, f.documentId, { annotationId: a.id });
    const fromOther = await acceptIntoGold(db(), f.reviewer, f.projectId, f.documentId, { annotationId: b.id });
    expect(again).toMatchObject({ created: false, annotation: { id: first.annotation.id } });
    expect(fromOther).toMatchObject({ created: false, annotation: { id: first.annotation.id } });
    expect(await countWrites(db(), f)).toEqual(before);
  });

  it("brings a relation into gold once both of its ends are in gold, mapping span ids onto the gold spans", async () => {
    const f = await setUpReviewProject(db(), "Relations");
    const quote = await tag(db(), f, f.ann1, f.labels.quote, "the ferry pier will close for repairs in March");
    const speaker = await tag(db(), f, f.ann1, f.labels.entity, "Mira Vance");
    const relationId = await link(db(), f, f.ann1, "said_by", quote.id, speaker.id);

    const q = await acceptIntoGold(db(), f.reviewer, f.projectId, f.documentId, { annotationId: quote.id });
    expect(q.relations).toEqual([]); // the speaker is not in gold yet
    const s = await acceptIntoGold(db(), f.reviewer, f.projectId, f.documentId, { annotationId: speaker.id });
    expect(s.relations).toHaveLength(1);
    expect(s.relations[0]).toMatchObject({ type: "said_by", fromId: q.annotation.id, toId: s.annotation.id, version: 1 });
    const stored = await goldRelations([q.annotation.id, s.annotation.id]);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.id).not.toBe(relationId);
    const [event] = await auditOf(db(), f, "gold.relation.accept");
    expect(event).toMatchObject({ entityType: "relation", entityId: stored[0]!.id, after: { layer: "gold", sourceRelationId: relationId } });
    // Accepting again brings nothing new.
    expect((await acceptIntoGold(db(), f.reviewer, f.projectId, f.documentId, { annotationId: speaker.id })).relations).toEqual([]);
    expect(await goldRelations([q.annotation.id, s.annotation.id])).toHaveLength(1);
  });

  it("accept all agreed: counts what it accepted, what was already in gold, and relations; a second run accepts nothing", async () => {
    const f = await setUpReviewProject(db(), "Agreed");
    const e1 = await tag(db(), f, f.ann1, f.labels.entity, "Mira Vance");
    await tag(db(), f, f.ann2, f.labels.entity, "Mira Vance");
    const q1 = await tag(db(), f, f.ann1, f.labels.quote, "the ferry pier will close for repairs in March");
    const q2 = await tag(db(), f, f.ann2, f.labels.quote, "the ferry pier will close for repairs in March");
    await link(db(), f, f.ann1, "said_by", q1.id, e1.id);
    const office1 = await tag(db(), f, f.ann1, f.labels.entity, "transport office");
    await tag(db(), f, f.ann2, f.labels.entity, "transport office");
    await tag(db(), f, f.ann1, f.labels.claim, "The transport office disputed the timing.");
    await tag(db(), f, f.ann2, f.labels.claim, "The transport office disputed the timing"); // boundary disagreement
    await tag(db(), f, f.ann2, f.labels.claim, "Residents asked whether the night buses would run instead."); // missing in ann1
    // One agreed span is already in gold.
    await acceptIntoGold(db(), f.reviewer, f.projectId, f.documentId, { annotationId: office1.id });
    const before = await countWrites(db(), f);

    const result = await acceptAgreedIntoGold(db(), f.reviewer, f.projectId, f.documentId, {});
    expect(result).toEqual({ agreedItems: 3, accepted: 2, alreadyInGold: 1, skipped: [], relations: 1 });
    const gold = await goldSpans(f.documentId);
    expect(gold.map((g) => g.quote).sort()).toEqual(["Mira Vance", "the ferry pier will close for repairs in March", "transport office"]);
    expect(gold.find((g) => g.quote === "Mira Vance")?.sourceAnnotationId).toBe(e1.id); // the first layer (by name) is the source
    expect(gold.find((g) => g.labelId === f.labels.quote)?.sourceAnnotationId).toBe(q1.id);
    expect(q2.id).not.toBe(q1.id);
    const after = await countWrites(db(), f);
    expect(after.gold - before.gold).toBe(2);
    expect(after.decisions - before.decisions).toBe(2);
    // 2 gold.accept + 1 gold.relation.accept + 1 gold.accept_agreed summary
    expect(after.audit - before.audit).toBe(4);
    expect((await auditOf(db(), f, "gold.accept_agreed"))[0]).toMatchObject({ entityId: f.documentId, after: { accepted: 2, alreadyInGold: 1, relations: 1 } });

    const rerun = await acceptAgreedIntoGold(db(), f.reviewer, f.projectId, f.documentId, {});
    expect(rerun).toEqual({ agreedItems: 3, accepted: 0, alreadyInGold: 3, skipped: [], relations: 0 });
    expect((await countWrites(db(), f)).gold).toBe(after.gold);
  });

  it("accept all agreed over chosen layers only, and skips spans gold's overlap rules forbid (reported, not written)", async () => {
    const f = await setUpReviewProject(db(), "Agreed rules");
    await updateLabel(db(), f.owner, f.projectId, f.labels.claim, { overlapPolicy: "no-same-label" });
    await tag(db(), f, f.ann1, f.labels.claim, "the ferry pier will close for repairs in March");
    await tag(db(), f, f.ann1, f.labels.entity, "Mira Vance");
    await tag(db(), f, f.ann2, f.labels.entity, "Mira Vance");
    // Gold already has an overlapping claim, added directly.
    await createGoldSpan(db(), f.reviewer, f.projectId, f.documentId, { labelId: f.labels.claim, ...at("pier will close") });
    // Only ann1's layer: both of ann1's spans count as agreed; the claim clashes with the gold claim.
    const result = await acceptAgreedIntoGold(db(), f.reviewer, f.projectId, f.documentId, { annotatorIds: [f.ann1.userId] });
    expect(result.accepted).toBe(1);
    const claim = at("the ferry pier will close for repairs in March");
    expect(result.skipped).toEqual([{ start: claim.start, end: claim.end, labelId: f.labels.claim, reason: 'two "Claim" spans may not overlap' }]);
    await expectAppError(acceptAgreedIntoGold(db(), f.reviewer, f.projectId, f.documentId, { annotatorIds: [f.owner.userId] }), 422, /no spans or assignment/);
  });

  it("rejects a span with a reason (decision 'reject' naming the span, audited); a reason is required", async () => {
    const f = await setUpReviewProject(db(), "Reject");
    const span = await tag(db(), f, f.ann1, f.labels.claim, "Residents asked whether the night buses would run instead.");
    const before = await countWrites(db(), f);
    await expectAppError(rejectSpan(db(), f.reviewer, f.projectId, f.documentId, { annotationId: span.id, reason: "" }), 422, /reason/);
    await expectAppError(rejectSpan(db(), f.reviewer, f.projectId, f.documentId, { annotationId: span.id }), 422);
    expect(await countWrites(db(), f)).toEqual(before);

    const result = await rejectSpan(db(), f.reviewer, f.projectId, f.documentId, { annotationId: span.id, reason: "A question, not a claim." });
    expect(result.decision).toMatchObject({ decision: "reject", annotationId: span.id, reason: "A question, not a claim.", reviewerName: "Rae Reviewer" });
    const [event] = await auditOf(db(), f, "review.reject");
    expect(event).toMatchObject({ entityType: "annotation", entityId: span.id, after: { reason: "A question, not a claim.", ownerId: f.ann1.userId } });
    const view = await getReviewView(db(), f.reviewer, f.projectId, f.documentId);
    expect(view.decisions.map((d) => [d.decision, d.annotationId])).toEqual([["reject", span.id]]);
  });

  it("refuses gold spans as sources, and spans of other articles", async () => {
    const f = await setUpReviewProject(db(), "Sources");
    const gold = await createGoldSpan(db(), f.reviewer, f.projectId, f.documentId, { labelId: f.labels.entity, ...at("Mira Vance") });
    await expectAppError(acceptIntoGold(db(), f.reviewer, f.projectId, f.documentId, { annotationId: gold.annotation.id }), 422, /annotator's layer/);
    await expectAppError(rejectSpan(db(), f.reviewer, f.projectId, f.documentId, { annotationId: "00000000-0000-4000-8000-000000000000", reason: "x" }), 404);
  });

  it("annotators get 403 on accept, accept all agreed, reject and direct gold writes; nothing is written", async () => {
    const f = await setUpReviewProject(db(), "Gold 403");
    const a = await tag(db(), f, f.ann1, f.labels.entity, "Mira Vance");
    await tag(db(), f, f.ann2, f.labels.entity, "Mira Vance");
    const before = await countWrites(db(), f);
    await expectAppError(acceptIntoGold(db(), f.ann1, f.projectId, f.documentId, { annotationId: a.id }), 403, /gold\.write/);
    await expectAppError(acceptAgreedIntoGold(db(), f.ann2, f.projectId, f.documentId, {}), 403, /gold\.write/);
    await expectAppError(rejectSpan(db(), f.ann2, f.projectId, f.documentId, { annotationId: a.id, reason: "mine is better" }), 403, /gold\.write/);
    await expectAppError(createGoldSpan(db(), f.ann1, f.projectId, f.documentId, { labelId: f.labels.entity, ...at("Mira Vance") }), 403);
    expect(await countWrites(db(), f)).toEqual(before);
  });

  it("gold written directly is versioned and audited like every layer", async () => {
    const f = await setUpReviewProject(db(), "Direct gold");
    const { annotation } = await createGoldSpan(db(), f.reviewer, f.projectId, f.documentId, { labelId: f.labels.entity, ...at("transport office") });
    expect(annotation).toMatchObject({ layer: "gold", ownerId: null, version: 1 });
    const [event] = await auditOf(db(), f, "annotation.create");
    expect(event).toMatchObject({ actorId: f.reviewer.userId, entityId: annotation.id, after: { layer: "gold" } });
  });
});
