import { expect, it } from "vitest";
import { describeWithDb } from "@/test/db";
import { createDocument } from "./documents";
import { acceptIntoGold } from "./gold";
import { expectAppError } from "./members.test-helpers";
import { getReviewDashboard } from "./review-queue";
import { ARTICLE, setUpReviewProject, submit, tag } from "./review.test-helpers";
import { assignDocuments } from "./assign";

describeWithDb("reviewer dashboard", ({ db }) => {
  it("lists submitted articles oldest first, with counts, and scores annotators against gold once it exists", async () => {
    const f = await setUpReviewProject(db(), "Dashboard");
    const second = await createDocument(db(), f.owner, f.projectId, { title: "Second", text: `${ARTICLE} Again.` });
    await assignDocuments(db(), f.owner, f.projectId, { documentIds: [f.documentId, second.id], userIds: [f.ann1.userId, f.ann2.userId] });

    const mine = await tag(db(), f, f.ann1, f.labels.entity, "Mira Vance");
    await tag(db(), f, f.ann1, f.labels.claim, "the ferry pier will close");
    await tag(db(), f, f.ann2, f.labels.entity, "Mira Vance");
    await submit(db(), f, f.ann1);
    await submit(db(), f, f.ann2);

    let d = await getReviewDashboard(db(), f.reviewer, f.projectId);
    expect(d.items.map((i) => i.title)).toEqual(["Ferry pier"]);
    expect(d.items[0]).toMatchObject({ status: "submitted", spans: 3, hasGold: false });
    expect(d.items[0]!.annotators.map((a) => a.name).sort()).toEqual(["Ann One", "Bea Two"]);
    expect(d.counts).toMatchObject({ submitted: 1, in_progress: 0 });
    expect(d.gold).toBeNull();

    // The second article is submitted later, so it comes after the first.
    const f2 = { ...f, documentId: second.id };
    await tag(db(), f2, f.ann1, f.labels.entity, "Mira Vance");
    await submit(db(), f2, f.ann1);
    await submit(db(), f2, f.ann2);
    d = await getReviewDashboard(db(), f.reviewer, f.projectId);
    expect(d.items.map((i) => i.title)).toEqual(["Ferry pier", "Second"]);

    // Gold = Ann's entity only. Ann: 1 of her 2 spans in gold → precision 1/2, recall 1/1.
    // Bea: her one span is the gold one → precision 1, recall 1.
    await acceptIntoGold(db(), f.reviewer, f.projectId, f.documentId, { annotationId: mine.id });
    d = await getReviewDashboard(db(), f.reviewer, f.projectId);
    expect(d.items[0]!.hasGold).toBe(true);
    const byName = Object.fromEntries(d.gold!.annotators.map((a) => [a.annotator.name, a.exact]));
    expect(byName["Ann One"]).toMatchObject({ precision: 0.5, recall: 1, tp: 1, fp: 1, fn: 0 });
    expect(byName["Bea Two"]).toMatchObject({ precision: 1, recall: 1, tp: 1, fp: 0, fn: 0 });
    expect(d.gold!.documents).toBe(1);
  });

  it("is for reviewers: annotators get 403, and bad paging 422", async () => {
    const f = await setUpReviewProject(db(), "Dash403");
    await expectAppError(getReviewDashboard(db(), f.ann1, f.projectId), 403);
    await expectAppError(getReviewDashboard(db(), f.reviewer, f.projectId, { offset: -1 }), 422);
    await expectAppError(getReviewDashboard(db(), f.reviewer, f.projectId, { limit: 500 }), 422);
  });
});
