import { expect, it } from "vitest";
import { describeWithDb } from "@/test/db";
import { createTestUser } from "@/test/factories";
import { createComment, deleteComment, getDocumentComments, markDocumentCommentsRead } from "./comments";
import { expectAppError } from "./members.test-helpers";
import { updateProjectSettings } from "./project-settings";
import { countWrites, setUpReviewProject, tag } from "./review.test-helpers";

describeWithDb("comments", ({ db }) => {
  it("threads on the article and on a span, with @mentions stored and replies kept in their thread", async () => {
    const f = await setUpReviewProject(db(), "Comments");
    const span = await tag(db(), f, f.ann1, f.labels.claim, "the ferry pier will close");
    const { handles } = await getDocumentComments(db(), f.reviewer, f.projectId, f.documentId);
    const handleOf = (userId: string) => handles.find((h) => h.userId === userId)!.handle;

    const onArticle = await createComment(db(), f.reviewer, f.projectId, f.documentId, { body: `@${handleOf(f.ann1.userId)} and @${handleOf(f.ann2.userId)}: check the dates.` });
    expect(onArticle).toMatchObject({ annotationId: null, parentId: null, authorName: f.reviewer.name, mentions: [f.ann1.userId, f.ann2.userId] });
    const onSpan = await createComment(db(), f.reviewer, f.projectId, f.documentId, { body: "Ends too early?", annotationId: span.id });
    expect(onSpan.span).toMatchObject({ start: span.start, end: span.end, quote: "the ferry pier will close" });
    const reply = await createComment(db(), f.ann1, f.projectId, f.documentId, { body: "Fixed.", parentId: onSpan.id });
    const replyToReply = await createComment(db(), f.reviewer, f.projectId, f.documentId, { body: "Thanks", parentId: reply.id });
    expect(reply).toMatchObject({ parentId: onSpan.id, annotationId: span.id });
    expect(replyToReply).toMatchObject({ parentId: onSpan.id, annotationId: span.id });

    const seen = await getDocumentComments(db(), f.owner, f.projectId, f.documentId);
    expect(seen.comments.map((c) => c.body)).toEqual([onArticle.body, "Ends too early?", "Fixed.", "Thanks"]);
  });

  it("counts unread comments and mentions per person until they are read; one's own comments are never unread", async () => {
    const f = await setUpReviewProject(db(), "Unread");
    const { handles } = await getDocumentComments(db(), f.reviewer, f.projectId, f.documentId);
    const annHandle = handles.find((h) => h.userId === f.ann1.userId)!.handle;
    await createComment(db(), f.reviewer, f.projectId, f.documentId, { body: "First look done." });
    await createComment(db(), f.reviewer, f.projectId, f.documentId, { body: `@${annHandle} the quote needs a speaker.` });

    const ann = await getDocumentComments(db(), f.ann1, f.projectId, f.documentId);
    expect([ann.unread, ann.unreadMentions]).toEqual([2, 1]);
    expect(ann.comments.every((c) => c.isUnread)).toBe(true);
    const rev = await getDocumentComments(db(), f.reviewer, f.projectId, f.documentId);
    expect(rev.unread).toBe(0);

    await markDocumentCommentsRead(db(), f.ann1, f.projectId, f.documentId, {});
    expect((await getDocumentComments(db(), f.ann1, f.projectId, f.documentId)).unread).toBe(0);
    await createComment(db(), f.owner, f.projectId, f.documentId, { body: "One more thing." });
    const later = await getDocumentComments(db(), f.ann1, f.projectId, f.documentId);
    expect(later.unread).toBe(1);
    expect(later.comments.filter((c) => c.isUnread).map((c) => c.body)).toEqual(["One more thing."]);
  });

  it("hides comments on another annotator's spans from annotators, unless the project lets them see each other", async () => {
    const f = await setUpReviewProject(db(), "Hidden");
    const annOneSpan = await tag(db(), f, f.ann1, f.labels.entity, "Mira Vance");
    await createComment(db(), f.reviewer, f.projectId, f.documentId, { body: "On Ann's span", annotationId: annOneSpan.id });
    await createComment(db(), f.reviewer, f.projectId, f.documentId, { body: "On the article" });
    expect((await getDocumentComments(db(), f.ann2, f.projectId, f.documentId)).comments.map((c) => c.body)).toEqual(["On the article"]);
    expect((await getDocumentComments(db(), f.ann1, f.projectId, f.documentId)).comments.map((c) => c.body)).toEqual(["On Ann's span", "On the article"]);
    // Nor can Bea comment on a span she can't see.
    await expectAppError(createComment(db(), f.ann2, f.projectId, f.documentId, { body: "sneaky", annotationId: annOneSpan.id }), 404);

    await updateProjectSettings(db(), f.owner, f.projectId, { annotatorsSeeEachOther: true });
    expect((await getDocumentComments(db(), f.ann2, f.projectId, f.documentId)).comments).toHaveLength(2);
  });

  it("refuses bad input and outsiders, writing nothing", async () => {
    const f = await setUpReviewProject(db(), "Refuse");
    const before = await countWrites(db(), f);
    const outsider = await createTestUser(db(), "Out Sider");
    await expectAppError(createComment(db(), f.reviewer, f.projectId, f.documentId, { body: "   " }), 422);
    await expectAppError(createComment(db(), f.reviewer, f.projectId, f.documentId, { body: "x".repeat(5_001) }), 422, /at most 5,000 characters/);
    await expectAppError(createComment(db(), f.reviewer, f.projectId, f.documentId, { body: "ok", annotationId: "not-a-uuid" }), 422);
    await expectAppError(createComment(db(), f.reviewer, f.projectId, f.documentId, { body: "ok", annotationId: crypto.randomUUID() }), 404);
    await expectAppError(createComment(db(), f.reviewer, f.projectId, f.documentId, { body: "ok", parentId: crypto.randomUUID() }), 404);
    await expectAppError(createComment(db(), outsider, f.projectId, f.documentId, { body: "hello" }), 403);
    await expectAppError(getDocumentComments(db(), outsider, f.projectId, f.documentId), 403);
    expect(await countWrites(db(), f)).toEqual(before);
  });

  it("lets the author (or a manager) delete a comment, audited; others get 403", async () => {
    const f = await setUpReviewProject(db(), "Delete");
    const c = await createComment(db(), f.ann1, f.projectId, f.documentId, { body: "Mine" });
    await expectAppError(deleteComment(db(), f.ann2, f.projectId, c.id), 403);
    await deleteComment(db(), f.ann1, f.projectId, c.id);
    expect((await getDocumentComments(db(), f.reviewer, f.projectId, f.documentId)).comments).toHaveLength(0);
    await expectAppError(deleteComment(db(), f.ann1, f.projectId, c.id), 404);
    const d = await createComment(db(), f.ann2, f.projectId, f.documentId, { body: "Bea's" });
    await deleteComment(db(), f.owner, f.projectId, d.id);
  });
});
