import { and, eq } from "drizzle-orm";
import { beforeEach, expect, it } from "vitest";
import { assignments, auditEvents, documents } from "@/db/schema";
import { countRows, makeAnnotationWorld, SAMPLE_TEXT, setProjectSettings, spanOf, type AnnotationWorld } from "@/test/annotation-fixtures";
import { describeWithDb } from "@/test/db";
import { createAnnotation } from "./create-annotation";
import { deleteAnnotation } from "./delete-annotation";
import { AppError } from "./errors";
import { reopenDocument, submitDocument } from "./submit-document";
import { updateAnnotation } from "./update-annotation";

async function failure(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, "expected the call to fail").toBeInstanceOf(AppError);
  return err as AppError;
}

describeWithDb("assignments: who may write, submit and reopen", ({ db }) => {
  let w: AnnotationWorld;
  beforeEach(async () => {
    w = await makeAnnotationWorld(db());
  });
  const write = (actor: AnnotationWorld["annotator"], needle = "banner") =>
    createAnnotation(db(), actor, w.project.id, w.doc.id, { labelId: w.labels.Claim!.id, ...spanOf(SAMPLE_TEXT, needle) });
  const assign = async (actor: AnnotationWorld["annotator"]) => {
    await db().insert(assignments).values({ projectId: w.project.id, documentId: w.doc.id, userId: actor.userId, status: "assigned", assignedBy: w.owner.userId });
  };
  const docStatus = async () => (await db().select({ status: documents.status }).from(documents).where(eq(documents.id, w.doc.id)))[0]?.status;
  const myAssignment = async (actor: AnnotationWorld["annotator"]) =>
    (await db().select().from(assignments).where(and(eq(assignments.documentId, w.doc.id), eq(assignments.userId, actor.userId))))[0];

  it("lets any annotator write to an article nobody was assigned to, the first write not locking out the others", async () => {
    expect((await write(w.annotator)).status).toBe(201);
    expect((await write(w.annotator2)).status).toBe(201);
    expect((await myAssignment(w.annotator))?.status).toBe("in_progress");
    expect((await myAssignment(w.annotator2))?.status).toBe("in_progress");
  });

  it("keeps annotators to their assigned articles unless the project opens all articles", async () => {
    await assign(w.annotator);
    expect((await write(w.annotator)).status).toBe(201);
    expect((await myAssignment(w.annotator))?.status).toBe("in_progress");
    const before = await countRows(db());
    const err = await failure(write(w.annotator2));
    expect(err.status).toBe(403);
    expect(err.message).toMatch(/assign/);
    expect(await countRows(db())).toEqual(before);
    // Reviewers may still annotate in their own layer.
    expect((await write(w.reviewer)).status).toBe(201);
    await setProjectSettings(db(), w.project.id, { openDocuments: true });
    expect((await write(w.annotator2)).status).toBe(201);
  });

  it("submits, locks the spans, reopens, and keeps the document status in step", async () => {
    await assign(w.annotator);
    await assign(w.annotator2);
    const { body } = await write(w.annotator);
    expect(await docStatus()).toBe("in_progress");

    const r0 = await countRows(db());
    const submitted = await submitDocument(db(), w.annotator, w.project.id, w.doc.id);
    expect(submitted.assignment).toMatchObject({ documentId: w.doc.id, userId: w.annotator.userId, status: "submitted" });
    expect(submitted.assignment.submittedAt).not.toBeNull();
    expect((await countRows(db())).audit - r0.audit).toBe(1);
    // annotator2 is only assigned (not started): the document is in progress, not submitted.
    expect(await docStatus()).toBe("in_progress");
    const again = await submitDocument(db(), w.annotator, w.project.id, w.doc.id);
    expect(again.assignment).toEqual(submitted.assignment);

    const r1 = await countRows(db());
    const locked = await failure(updateAnnotation(db(), w.annotator, w.project.id, body.annotation.id, { version: 1, note: "late" }));
    expect(locked.status).toBe(409);
    expect(locked.details).toMatchObject({ code: "assignment_submitted" });
    expect(locked.message).toMatch(/Reopen/);
    expect((await failure(write(w.annotator, "Kyiv"))).status).toBe(409);
    expect((await failure(deleteAnnotation(db(), w.annotator, w.project.id, body.annotation.id, { version: 1 }))).status).toBe(409);
    expect(await countRows(db())).toEqual(r1);

    await write(w.annotator2, "Kyiv");
    await submitDocument(db(), w.annotator2, w.project.id, w.doc.id);
    expect(await docStatus()).toBe("submitted");

    const reopened = await reopenDocument(db(), w.annotator, w.project.id, w.doc.id);
    expect(reopened.assignment).toMatchObject({ status: "in_progress", submittedAt: null });
    expect(await docStatus()).toBe("in_progress");
    expect((await updateAnnotation(db(), w.annotator, w.project.id, body.annotation.id, { version: 1, note: "fixed" })).status).toBe(200);

    const events = await db().select().from(auditEvents).where(eq(auditEvents.entityType, "assignment")).orderBy(auditEvents.id);
    expect(events.map((e) => e.action)).toEqual(["assignment.submit", "assignment.submit", "assignment.reopen"]);
    expect(events[0]!.before).toMatchObject({ status: "in_progress" });
    expect(events[0]!.after).toMatchObject({ status: "submitted" });
    expect(events[2]!.after).toMatchObject({ status: "in_progress", documentStatus: "in_progress" });
  });

  it("keeps the article's status right when people submit, reopen and start at the same moment", async () => {
    await assign(w.annotator);
    await assign(w.annotator2);
    await write(w.annotator);
    await write(w.annotator2, "Kyiv");
    // Each round: both submit at once, then both reopen at once. Without the document lock each
    // transaction reads the other's old status and the last to commit leaves a wrong one.
    for (let round = 0; round < 8; round++) {
      await Promise.all([w.annotator, w.annotator2].map((a) => submitDocument(db(), a, w.project.id, w.doc.id)));
      expect(await docStatus(), `round ${round}: both submitted`).toBe("submitted");
      await Promise.all([w.annotator, w.annotator2].map((a) => reopenDocument(db(), a, w.project.id, w.doc.id)));
      expect(await docStatus(), `round ${round}: both reopened`).toBe("in_progress");
    }
    // Two first writes at once (the reviewer's and the owner's own layers) both start their work.
    await Promise.all([write(w.reviewer, "banner"), write(w.owner, "banner")]);
    expect((await myAssignment(w.reviewer))?.status).toBe("in_progress");
    expect((await myAssignment(w.owner))?.status).toBe("in_progress");
    expect(await docStatus()).toBe("in_progress");
  });

  it("submits an article the person had not started yet, creating the assignment", async () => {
    const { assignment } = await submitDocument(db(), w.annotator, w.project.id, w.doc.id);
    expect(assignment.status).toBe("submitted");
    expect(await docStatus()).toBe("submitted");
  });

  it("refuses to reopen approved work, saying whom to ask", async () => {
    await write(w.annotator);
    await db()
      .update(assignments)
      .set({ status: "approved" })
      .where(and(eq(assignments.documentId, w.doc.id), eq(assignments.userId, w.annotator.userId)));
    const before = await countRows(db());
    const err = await failure(reopenDocument(db(), w.annotator, w.project.id, w.doc.id));
    expect(err.status).toBe(409);
    expect(err.message).toMatch(/reviewer/);
    expect((await failure(submitDocument(db(), w.annotator, w.project.id, w.doc.id))).status).toBe(409);
    expect((await failure(write(w.annotator, "Kyiv"))).details).toMatchObject({ code: "assignment_approved" });
    expect(await countRows(db())).toEqual(before);
  });

  it("answers 404 when reopening an article never started, and 403 for a non-member", async () => {
    expect((await failure(reopenDocument(db(), w.annotator, w.project.id, w.doc.id))).status).toBe(404);
    const before = await countRows(db());
    expect((await failure(submitDocument(db(), w.outsider, w.project.id, w.doc.id))).status).toBe(403);
    expect((await failure(reopenDocument(db(), w.outsider, w.project.id, w.doc.id))).status).toBe(403);
    expect(await countRows(db())).toEqual(before);
  });

  it("refuses to submit an article assigned to others", async () => {
    await assign(w.annotator2);
    const before = await countRows(db());
    expect((await failure(submitDocument(db(), w.annotator, w.project.id, w.doc.id))).status).toBe(403);
    expect(await countRows(db())).toEqual(before);
  });
});
