import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { reviewDecisions } from "@/db/schema";
import { describeWithDb } from "@/test/db";
import { createTestUser } from "@/test/factories";
import { createAnnotation } from "./create-annotation";
import { expectAppError } from "./members.test-helpers";
import { updateProjectSettings } from "./project-settings";
import { ARTICLE, at, auditOf, countWrites, setUpReviewProject, submit, tag } from "./review.test-helpers";
import { getReviewFeedback, getReviewView } from "./review-view";
import { approveDocument, returnDocument, startReview } from "./review-workflow";
import { reopenDocument } from "./submit-document";

describeWithDb("review workflow", ({ db }) => {
  async function submittedArticle(name: string) {
    const f = await setUpReviewProject(db(), name);
    await tag(db(), f, f.ann1, f.labels.claim, "the ferry pier will close for repairs in March");
    await tag(db(), f, f.ann2, f.labels.claim, "the ferry pier will close for repairs in March");
    await submit(db(), f, f.ann1);
    await submit(db(), f, f.ann2);
    return f;
  }

  it("start review → approve: the article goes submitted → in_review → approved, assignments approved, decision and audit written", async () => {
    const f = await submittedArticle("Approve");
    expect((await countWrites(db(), f)).documentStatus).toBe("submitted");

    const started = await startReview(db(), f.reviewer, f.projectId, f.documentId);
    expect(started.document).toEqual({ id: f.documentId, status: "in_review" });
    expect((await countWrites(db(), f)).documentStatus).toBe("in_review");
    const [startEvent] = await auditOf(db(), f, "review.start");
    expect(startEvent).toMatchObject({ actorId: f.reviewer.userId, entityType: "document", entityId: f.documentId, before: { status: "submitted" }, after: { status: "in_review" } });

    const approved = await approveDocument(db(), f.reviewer, f.projectId, f.documentId);
    expect(approved.document.status).toBe("approved");
    expect(approved.decision).toMatchObject({ decision: "approve", reviewerId: f.reviewer.userId, reviewerName: "Rae Reviewer", annotationId: null });
    expect(approved.assignments.map((a) => a.status)).toEqual(["approved", "approved"]);
    const after = await countWrites(db(), f);
    expect(after.documentStatus).toBe("approved");
    expect(after.assignments.map((a) => a.status)).toEqual(["approved", "approved"]);
    const rows = await db().select().from(reviewDecisions).where(eq(reviewDecisions.documentId, f.documentId));
    expect(rows.map((r) => r.decision)).toEqual(["approve"]);
    const [approveEvent] = await auditOf(db(), f, "review.approve");
    expect(approveEvent).toMatchObject({ before: { status: "in_review" }, after: { status: "approved", decisionId: rows[0]!.id } });

    // Approved work is locked for its annotator.
    await expectAppError(createAnnotation(db(), f.ann1, f.projectId, f.documentId, { labelId: f.labels.quote, ...at("Residents asked") }), 409, /approved/);
  });

  it("refuses to approve a merely submitted article (start the review first) and writes nothing", async () => {
    const f = await submittedArticle("Approve early");
    const before = await countWrites(db(), f);
    const err = await expectAppError(approveDocument(db(), f.reviewer, f.projectId, f.documentId), 409, /start the review first/);
    expect(err.details).toMatchObject({ code: "invalid_transition", status: "submitted", event: "approve" });
    expect(await countWrites(db(), f)).toEqual(before);
  });

  it("return → edit → resubmit → review → approve: a returned article can't be approved until it went back through submitted and in_review", async () => {
    const f = await submittedArticle("Return");
    await startReview(db(), f.reviewer, f.projectId, f.documentId);
    const returned = await returnDocument(db(), f.reviewer, f.projectId, f.documentId, {
      reason: "The claim should stop before 'for repairs'.",
      comment: "Please re-read the second sentence too.",
    });
    expect(returned.document.status).toBe("returned");
    expect(returned.decision).toMatchObject({ decision: "return", reason: "The claim should stop before 'for repairs'." });
    expect(returned.commentId).toEqual(expect.any(String));
    const state = await countWrites(db(), f);
    expect(state.documentStatus).toBe("returned");
    expect(state.assignments.map((a) => a.status)).toEqual(["returned", "returned"]);
    expect(state.comments).toBe(1);
    const [returnEvent] = await auditOf(db(), f, "review.return");
    expect(returnEvent).toMatchObject({
      actorId: f.reviewer.userId,
      before: { status: "in_review" },
      after: { status: "returned", reason: "The claim should stop before 'for repairs'.", commentId: returned.commentId },
    });
    expect(await auditOf(db(), f, "comment.create")).toHaveLength(1);

    // Returned: neither approve nor a new review is possible yet; nothing is written by trying.
    const frozen = await countWrites(db(), f);
    await expectAppError(approveDocument(db(), f.reviewer, f.projectId, f.documentId), 409, /resubmit/);
    await expectAppError(startReview(db(), f.reviewer, f.projectId, f.documentId), 409);
    expect(await countWrites(db(), f)).toEqual(frozen);

    // The annotator sees why, fixes a span (their assignment resumes), and resubmits.
    const feedback = await getReviewFeedback(db(), f.ann1, f.projectId, f.documentId);
    expect(feedback.myAssignmentStatus).toBe("returned");
    expect(feedback.decisions[0]).toMatchObject({ decision: "return", reviewerName: "Rae Reviewer", reason: "The claim should stop before 'for repairs'." });
    expect(feedback.comments.map((c) => c.body)).toEqual(["Please re-read the second sentence too."]);
    await tag(db(), f, f.ann1, f.labels.claim, "the ferry pier will close");
    expect((await countWrites(db(), f)).documentStatus).toBe("in_progress");
    await submit(db(), f, f.ann1);
    // ann2 reopens and resubmits without changes.
    await tag(db(), f, f.ann2, f.labels.entity, "Mira Vance");
    await submit(db(), f, f.ann2);
    expect((await countWrites(db(), f)).documentStatus).toBe("submitted");
    await expectAppError(approveDocument(db(), f.reviewer, f.projectId, f.documentId), 409, /start the review first/);
    await startReview(db(), f.reviewer, f.projectId, f.documentId);
    expect((await approveDocument(db(), f.reviewer, f.projectId, f.documentId)).document.status).toBe("approved");
    const decisions = await db().select().from(reviewDecisions).where(eq(reviewDecisions.documentId, f.documentId));
    expect(decisions.map((d) => d.decision).sort()).toEqual(["approve", "return"]);
  });

  it("can return one annotator's work only, from a submitted article", async () => {
    const f = await submittedArticle("Return one");
    const result = await returnDocument(db(), f.reviewer, f.projectId, f.documentId, { reason: "Missing the entity.", annotatorIds: [f.ann2.userId] });
    expect(result.assignments).toEqual([{ userId: f.ann2.userId, status: "returned" }]);
    const state = await countWrites(db(), f);
    expect(state.documentStatus).toBe("returned");
    expect(Object.fromEntries(state.assignments.map((a) => [a.userId, a.status]))).toEqual({ [f.ann1.userId]: "submitted", [f.ann2.userId]: "returned" });
    expect(state.comments).toBe(0);
  });

  it("a return needs a reason (422) and names only people with submitted work; nothing is written otherwise", async () => {
    const f = await submittedArticle("Return reason");
    const before = await countWrites(db(), f);
    const noReason = await expectAppError(returnDocument(db(), f.reviewer, f.projectId, f.documentId, { reason: "   " }), 422);
    expect(noReason.fields?.reason?.[0]).toMatch(/Give a reason/);
    await expectAppError(returnDocument(db(), f.reviewer, f.projectId, f.documentId, {}), 422);
    const stranger = await createTestUser(db(), "Not Here");
    await expectAppError(returnDocument(db(), f.reviewer, f.projectId, f.documentId, { reason: "x", annotatorIds: [stranger.userId] }), 422, /no submitted work/);
    expect(await countWrites(db(), f)).toEqual(before);
  });

  it("annotators get 403 on start, approve and return, and nothing is written", async () => {
    const f = await submittedArticle("Forbidden");
    const before = await countWrites(db(), f);
    await expectAppError(startReview(db(), f.ann1, f.projectId, f.documentId), 403, /review\.decide/);
    await startReview(db(), f.reviewer, f.projectId, f.documentId);
    const inReview = await countWrites(db(), f);
    await expectAppError(approveDocument(db(), f.ann1, f.projectId, f.documentId), 403, /review\.decide/);
    await expectAppError(returnDocument(db(), f.ann2, f.projectId, f.documentId, { reason: "I changed my mind" }), 403, /review\.decide/);
    expect(await countWrites(db(), f)).toEqual(inReview);
    expect(inReview.audit).toBe(before.audit + 1); // only the reviewer's start
    const outsider = await createTestUser(db(), "Out Sider");
    await expectAppError(approveDocument(db(), outsider, f.projectId, f.documentId), 403);
    expect(await countWrites(db(), f)).toEqual(inReview);
  });

  it("an annotator who reopens during review sends the article back to in_progress; approve is then refused", async () => {
    const f = await submittedArticle("Reopen");
    await startReview(db(), f.reviewer, f.projectId, f.documentId);
    await reopenDocument(db(), f.ann1, f.projectId, f.documentId);
    expect((await countWrites(db(), f)).documentStatus).toBe("in_progress");
    await expectAppError(approveDocument(db(), f.reviewer, f.projectId, f.documentId), 409, /in progress/);
  });
});

describeWithDb("review view access", ({ db }) => {
  it("gives reviewers every layer, gold, the comparison and the actions available", async () => {
    const f = await setUpReviewProject(db(), "View");
    await tag(db(), f, f.ann1, f.labels.entity, "Mira Vance");
    await tag(db(), f, f.ann2, f.labels.entity, "Mira Vance");
    await tag(db(), f, f.ann1, f.labels.claim, "the ferry pier will close for repairs in March");
    await tag(db(), f, f.ann2, f.labels.claim, "the ferry pier will close");
    await tag(db(), f, f.ann2, f.labels.quote, "The transport office disputed the timing.");
    await submit(db(), f, f.ann1);
    await submit(db(), f, f.ann2);
    const view = await getReviewView(db(), f.reviewer, f.projectId, f.documentId);
    expect(view.access).toEqual({ mode: "review", canDecide: true, canWriteGold: true, canComment: true });
    expect(view.actions).toEqual(["start_review", "return"]);
    expect(view.layers.map((l) => [l.annotator.name, l.annotator.initials, l.annotations.length, l.annotator.assignmentStatus])).toEqual([
      ["Ann One", "AO", 2, "submitted"],
      ["Bea Two", "BT", 3, "submitted"],
    ]);
    expect(view.merged.counts).toEqual({ agreed: 1, boundary: 1, label: 0, missing: 1, total: 3, disagreements: 2 });
    expect(view.merged.items.map((i) => i.kind)).toEqual(["agreed", "boundary", "missing"]);
    expect(view.gold).toEqual({ annotations: [], relations: [] });
    expect(view.document.text).toBe(ARTICLE);
    expect(view.labels.map((l) => l.name)).toEqual(["Claim", "Quote", "Entity"]);
  });

  it("refuses annotators (403) unless the project lets annotators see each other; then it is read-only, without gold or decisions", async () => {
    const f = await setUpReviewProject(db(), "View access");
    await tag(db(), f, f.ann1, f.labels.entity, "Mira Vance");
    await expectAppError(getReviewView(db(), f.ann1, f.projectId, f.documentId), 403, /review/);
    await updateProjectSettings(db(), f.owner, f.projectId, { annotatorsSeeEachOther: true });
    const view = await getReviewView(db(), f.ann2, f.projectId, f.documentId);
    expect(view.access).toEqual({ mode: "read-only", canDecide: false, canWriteGold: false, canComment: true });
    expect(view.gold).toBeNull();
    expect(view.decisions).toEqual([]);
    expect(view.actions).toEqual([]);
    expect(view.layers.map((l) => l.annotator.name)).toEqual(["Ann One"]);
    const outsider = await createTestUser(db(), "Out Sider");
    await expectAppError(getReviewView(db(), outsider, f.projectId, f.documentId), 403);
  });

  it("answers 404 for an article that is not in the project", async () => {
    const f = await setUpReviewProject(db(), "View 404");
    await expectAppError(getReviewView(db(), f.reviewer, f.projectId, "00000000-0000-4000-8000-000000000000"), 404);
    await expectAppError(getReviewView(db(), f.reviewer, f.projectId, "not-a-uuid"), 404);
  });
});
