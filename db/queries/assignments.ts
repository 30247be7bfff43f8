import { and, eq, ne, sql } from "drizzle-orm";
import type { Db } from "../connect";
import { assignments, documents, type AssignmentStatus, type DocumentStatus } from "../schema";

export type AssignmentRow = typeof assignments.$inferSelect;

export async function getAssignment(
  db: Db,
  params: { projectId: string; documentId: string; userId: string },
): Promise<AssignmentRow | undefined> {
  const [row] = await db
    .select()
    .from(assignments)
    .where(
      and(
        eq(assignments.projectId, params.projectId),
        eq(assignments.documentId, params.documentId),
        eq(assignments.userId, params.userId),
      ),
    )
    .limit(1);
  return row;
}

/**
 * Creates the user's assignment on the document unless one exists (one row per document and user);
 * returns the new row, or undefined when there already was one.
 */
export async function insertAssignmentIfAbsent(
  db: Db,
  values: { projectId: string; documentId: string; userId: string; status: AssignmentStatus; assignedBy: string | null; submittedAt?: Date | null },
): Promise<AssignmentRow | undefined> {
  const [row] = await db
    .insert(assignments)
    .values(values)
    .onConflictDoNothing({ target: [assignments.documentId, assignments.userId] })
    .returning();
  return row;
}

/** Sets the status (and submittedAt) of the user's assignment; undefined when there is none. */
export async function updateAssignmentStatus(
  db: Db,
  params: { projectId: string; documentId: string; userId: string; status: AssignmentStatus; submittedAt?: Date | null },
): Promise<AssignmentRow | undefined> {
  const [row] = await db
    .update(assignments)
    .set({
      status: params.status,
      updatedAt: sql`now()`,
      ...(params.submittedAt !== undefined ? { submittedAt: params.submittedAt } : {}),
    })
    .where(
      and(
        eq(assignments.projectId, params.projectId),
        eq(assignments.documentId, params.documentId),
        eq(assignments.userId, params.userId),
      ),
    )
    .returning();
  return row;
}

/** Statuses of every assignment of the document. */
export async function listAssignmentStatuses(db: Db, params: { projectId: string; documentId: string }): Promise<AssignmentStatus[]> {
  const rows = await db
    .select({ status: assignments.status })
    .from(assignments)
    .where(and(eq(assignments.projectId, params.projectId), eq(assignments.documentId, params.documentId)));
  return rows.map((r) => r.status);
}

/**
 * Locks the document's row for a change of its workflow status and reads the status, or undefined
 * when the project has no such document. `FOR NO KEY UPDATE`: writers queue behind each other,
 * while annotations referencing the document (which take `FOR KEY SHARE`) are not held up.
 */
export async function lockDocumentStatus(db: Db, params: { projectId: string; documentId: string }): Promise<DocumentStatus | undefined> {
  const [row] = await db
    .select({ status: documents.status })
    .from(documents)
    .where(and(eq(documents.projectId, params.projectId), eq(documents.id, params.documentId)))
    .for("no key update")
    .limit(1);
  return row?.status;
}

/** Sets the document's workflow status when it differs; true when it changed. */
export async function setDocumentStatus(
  db: Db,
  params: { projectId: string; documentId: string; status: DocumentStatus },
): Promise<boolean> {
  const rows = await db
    .update(documents)
    .set({ status: params.status })
    .where(and(eq(documents.projectId, params.projectId), eq(documents.id, params.documentId), ne(documents.status, params.status)))
    .returning({ id: documents.id });
  return rows.length > 0;
}

/** Whether the document has an assignment that is not the given user's. */
export async function hasOtherAssignments(db: Db, params: { projectId: string; documentId: string; userId: string }): Promise<boolean> {
  const [row] = await db
    .select({ id: assignments.id })
    .from(assignments)
    .where(and(eq(assignments.projectId, params.projectId), eq(assignments.documentId, params.documentId), ne(assignments.userId, params.userId)))
    .limit(1);
  return row !== undefined;
}
