import "server-only";
import type { Db } from "@/db/connect";
import { getAssignment, insertAssignmentIfAbsent, updateAssignmentStatus, type AssignmentRow } from "@/db/queries/assignments";
import { insertAuditEvent } from "@/db/queries/audit";
import { authorizeProject, type Actor, type ProjectContext } from "@/lib/auth/guards";
import type { AssignmentDto } from "./annotation-dto";
import { assertCanWriteOwnLayer, DOCUMENT_NOT_FOUND, loadWriteTarget, lockDocumentForStatus, refreshDocumentStatus, requireId, toAssignmentDto } from "./annotations-shared";
import { AppError } from "./errors";
import { publishDocumentChange } from "./live";

function assignmentSnapshot(row: AssignmentRow | null): Record<string, unknown> | null {
  return row ? { userId: row.userId, status: row.status, submittedAt: row.submittedAt ? row.submittedAt.toISOString() : null } : null;
}

async function recordChange(
  tx: Db,
  ctx: ProjectContext,
  action: "assignment.submit" | "assignment.reopen",
  before: AssignmentRow | null,
  after: AssignmentRow,
  documentStatus: string,
): Promise<void> {
  await insertAuditEvent(tx, {
    projectId: ctx.project.id,
    actorId: ctx.actor.userId,
    action,
    entityType: "assignment",
    entityId: after.id,
    before: assignmentSnapshot(before),
    after: { ...assignmentSnapshot(after), documentId: after.documentId, documentStatus },
  });
  await publishDocumentChange(tx, { projectId: ctx.project.id, documentId: after.documentId, kind: "assignment", id: after.id, actorId: ctx.actor.userId });
}

/**
 * "I'm done with this article": POST /api/projects/:projectId/documents/:documentId/submit.
 * The actor's assignment becomes `submitted` (created on the spot if they had none and may write
 * the document, see assertCanWriteOwnLayer); their spans are then locked until they reopen.
 * The document becomes `submitted` when every assignment is. Submitting twice returns the
 * assignment unchanged; approved work can't be submitted again.
 */
export async function submitDocument(db: Db, actor: Actor, projectId: string, documentId: string): Promise<{ assignment: AssignmentDto }> {
  const ctx = await authorizeProject(db, actor, projectId, "annotations.write");
  const docId = requireId(documentId, DOCUMENT_NOT_FOUND);
  const pid = ctx.project.id;
  return db.transaction(async (tx) => {
    const target = await loadWriteTarget(tx, ctx, docId);
    // Before the assignment changes: a teammate submitting at the same moment waits here.
    const current = await lockDocumentForStatus(tx, pid, docId);
    const key = { projectId: pid, documentId: docId, userId: actor.userId };
    const before = (await getAssignment(tx, key)) ?? null;
    if (before?.status === "submitted") return { assignment: toAssignmentDto(before) };
    if (before?.status === "approved") {
      throw new AppError("conflict", "A reviewer already approved your work on this article; there is nothing to submit.", {
        details: { code: "assignment_approved" },
      });
    }
    let after: AssignmentRow | undefined;
    if (before) {
      after = await updateAssignmentStatus(tx, { ...key, status: "submitted", submittedAt: new Date() });
    } else {
      assertCanWriteOwnLayer(ctx, target);
      after = await insertAssignmentIfAbsent(tx, { ...key, status: "submitted", assignedBy: actor.userId, submittedAt: new Date() });
    }
    if (!after) throw new AppError("conflict", "Your assignment on this article changed at the same moment. Reload and submit again.");
    const documentStatus = await refreshDocumentStatus(tx, { projectId: pid, documentId: docId, current });
    await recordChange(tx, ctx, "assignment.submit", before, after, documentStatus);
    return { assignment: toAssignmentDto(after) };
  });
}

/**
 * "I need to change something": POST /api/projects/:projectId/documents/:documentId/reopen.
 * A submitted assignment goes back to `in_progress` (spans editable again, document status
 * recomputed). Approved work can't be reopened by its annotator: a reviewer returns it. Reopening
 * work that is not submitted returns it unchanged.
 */
export async function reopenDocument(db: Db, actor: Actor, projectId: string, documentId: string): Promise<{ assignment: AssignmentDto }> {
  const ctx = await authorizeProject(db, actor, projectId, "annotations.write");
  const docId = requireId(documentId, DOCUMENT_NOT_FOUND);
  const pid = ctx.project.id;
  return db.transaction(async (tx) => {
    await loadWriteTarget(tx, ctx, docId);
    const current = await lockDocumentForStatus(tx, pid, docId);
    const key = { projectId: pid, documentId: docId, userId: actor.userId };
    const before = await getAssignment(tx, key);
    if (!before) {
      throw new AppError("not_found", "You have not started this article, so there is nothing to reopen. Open it in the editor to start.");
    }
    if (before.status === "approved") {
      throw new AppError(
        "conflict",
        "A reviewer approved your work on this article, so you can't reopen it yourself. Ask a reviewer to return it to you if something needs changing.",
        { details: { code: "assignment_approved" } },
      );
    }
    if (before.status !== "submitted") return { assignment: toAssignmentDto(before) };
    const after = await updateAssignmentStatus(tx, { ...key, status: "in_progress", submittedAt: null });
    if (!after) throw new AppError("conflict", "Your assignment on this article changed at the same moment. Reload and try again.");
    const documentStatus = await refreshDocumentStatus(tx, { projectId: pid, documentId: docId, current });
    await recordChange(tx, ctx, "assignment.reopen", before, after, documentStatus);
    return { assignment: toAssignmentDto(after) };
  });
}
