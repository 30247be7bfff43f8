import "server-only";
import type { Db } from "@/db/connect";
import {
  countOpenAssignments,
  deleteAssignmentPairs,
  findProjectDocumentIds,
  insertAssignments,
  listAssignmentPairs,
  listExistingAssignments,
} from "@/db/queries/assignments-library";
import { insertAuditEvent } from "@/db/queries/audit";
import { listAssigneesForDocuments, listLibraryIds, listLibraryPage, countLibrary, listProjectPeople } from "@/db/queries/library";
import { AssignmentPlanError, planBalancedAssignments, planManualAssignments } from "@/lib/assignment/plan";
import { authorizeProject, type Actor } from "@/lib/auth/guards";
import { fieldErrors } from "@/lib/validation/auth";
import { MAX_ASSIGN_DOCUMENTS, ZAssignRequest, ZLibraryQuery, ZUnassignRequest } from "@/lib/validation/library";
import { AppError } from "./errors";
import { decodeCursor, encodeCursor, toDbFilter } from "./library";
import type { AssignResultDto, AssignmentMatrixDto, AssignmentStatusName, UnassignResultDto } from "./library-dto";

/** Rows per INSERT statement. */
const INSERT_BATCH = 5000;

function validation(error: import("zod").ZodError): AppError {
  return new AppError("validation_failed", error.issues[0]?.message ?? "Some fields need attention.", { fields: fieldErrors(error) });
}

/**
 * Assigns articles to people (assignments.manage), in one transaction with one audit event.
 * - By hand (`perDocument` absent): every chosen person on every chosen article.
 * - Balanced (`perDocument` = k): each article ends up with k of the chosen people, spread by
 *   current open load (lib/assignment/plan.ts); k above the number of people is a 422.
 * Articles are `documentIds` or every article matching `filter` (library order). Existing
 * assignments are kept as they are. Assignment does not change an article's own status.
 */
export async function assignDocuments(db: Db, actor: Actor, projectId: string, input: unknown): Promise<AssignResultDto> {
  const ctx = await authorizeProject(db, actor, projectId, "assignments.manage");
  const parsed = ZAssignRequest.safeParse(input);
  if (!parsed.success) throw validation(parsed.error);
  const req = parsed.data;
  const pid = ctx.project.id;
  const people = await listProjectPeople(db, pid);
  const byId = new Map(people.map((p) => [p.userId, p]));
  const userIds = [...new Set(req.userIds)];
  const strangers = userIds.filter((u) => !byId.has(u));
  if (strangers.length > 0) {
    throw new AppError("validation_failed", `${strangers.length === 1 ? "One person" : `${strangers.length} people`} you picked ${strangers.length === 1 ? "is" : "are"} not a member of this project. Reload the page and pick again.`);
  }

  return db.transaction(async (tx) => {
    let documentIds: string[];
    if (req.documentIds) {
      documentIds = [...new Set(req.documentIds)];
      const found = await findProjectDocumentIds(tx, pid, documentIds);
      const missing = documentIds.length - found.size;
      if (missing > 0) {
        throw new AppError("validation_failed", `${missing === 1 ? "One selected article is" : `${missing} selected articles are`} not in this project (deleted?). Reload the library and select again.`);
      }
    } else {
      const filter = ZLibraryQuery.parse(req.filter ?? {});
      documentIds = await listLibraryIds(tx, pid, toDbFilter(ctx, filter), MAX_ASSIGN_DOCUMENTS + 1);
      if (documentIds.length > MAX_ASSIGN_DOCUMENTS) {
        throw new AppError("validation_failed", `The filter matches more than ${MAX_ASSIGN_DOCUMENTS.toLocaleString("en-US")} articles; narrow it down and assign in parts.`);
      }
      if (documentIds.length === 0) throw new AppError("validation_failed", "No article matches the filter; there is nothing to assign.");
    }
    const existing = await listExistingAssignments(tx, pid, documentIds);
    let plan;
    try {
      plan = req.perDocument
        ? planBalancedAssignments({ documentIds, userIds, perDocument: req.perDocument, existing, load: await countOpenAssignments(tx, pid, userIds) })
        : planManualAssignments(documentIds, userIds, existing);
    } catch (err) {
      if (err instanceof AssignmentPlanError) throw new AppError("validation_failed", err.message, { fields: { perDocument: [err.message] } });
      throw err;
    }
    let created = 0;
    for (let i = 0; i < plan.length; i += INSERT_BATCH) created += await insertAssignments(tx, pid, actor.userId, plan.slice(i, i + INSERT_BATCH));
    let alreadyAssigned = 0;
    for (const d of documentIds) for (const u of userIds) if (existing.get(d)?.has(u)) alreadyAssigned++;
    const counts = new Map<string, number>();
    for (const p of plan) counts.set(p.userId, (counts.get(p.userId) ?? 0) + 1);
    const perUser = userIds.map((u) => ({ userId: u, name: byId.get(u)?.name ?? "", created: counts.get(u) ?? 0 }));
    await insertAuditEvent(tx, {
      projectId: pid,
      actorId: actor.userId,
      action: "assignments.create",
      entityType: "project",
      entityId: pid,
      after: {
        mode: req.perDocument ? "balanced" : "manual",
        perDocument: req.perDocument ?? null,
        documents: documentIds.length,
        documentIds: documentIds.length <= 1000 ? documentIds : undefined,
        filter: req.filter ?? undefined,
        created,
        perUser: perUser.map((p) => ({ userId: p.userId, created: p.created })),
      },
    });
    return { created, alreadyAssigned, documents: documentIds.length, perUser };
  });
}

/**
 * Removes the assignments of these people on these articles (assignments.manage). Assignments
 * already submitted or approved are refused (409) unless `force`: removing them discards the
 * submission. The people's annotations stay.
 */
export async function unassignDocuments(db: Db, actor: Actor, projectId: string, input: unknown): Promise<UnassignResultDto> {
  const ctx = await authorizeProject(db, actor, projectId, "assignments.manage");
  const parsed = ZUnassignRequest.safeParse(input);
  if (!parsed.success) throw validation(parsed.error);
  const { documentIds, userIds, force } = parsed.data;
  const pid = ctx.project.id;
  return db.transaction(async (tx) => {
    const pairs = await listAssignmentPairs(tx, pid, documentIds, userIds);
    const done = pairs.filter((p) => p.status === "submitted" || p.status === "approved");
    if (done.length > 0 && !force) {
      throw new AppError(
        "conflict",
        `${done.length === 1 ? "One of these assignments is" : `${done.length} of these assignments are`} already submitted or approved; unassigning would discard that. Confirm to unassign anyway.`,
        { details: { submitted: done.length } },
      );
    }
    const removed = await deleteAssignmentPairs(tx, pid, documentIds, userIds);
    await insertAuditEvent(tx, {
      projectId: pid,
      actorId: actor.userId,
      action: "assignments.delete",
      entityType: "project",
      entityId: pid,
      before: { assignments: pairs.slice(0, 1000), count: pairs.length },
      after: { removed },
    });
    return { removed };
  });
}

/** A page of articles × the project's people, each cell the assignment status (assignments.manage). */
export async function getAssignmentMatrix(db: Db, actor: Actor, projectId: string, input: unknown): Promise<AssignmentMatrixDto> {
  const ctx = await authorizeProject(db, actor, projectId, "assignments.manage");
  const parsed = ZLibraryQuery.safeParse(input);
  if (!parsed.success) throw validation(parsed.error);
  const { cursor, limit, ...filter } = parsed.data;
  const pid = ctx.project.id;
  const dbFilter = toDbFilter(ctx, filter);
  const [people, page, total] = await Promise.all([
    listProjectPeople(db, pid),
    listLibraryPage(db, pid, dbFilter, { cursor: cursor ? decodeCursor(cursor) : null, limit }),
    countLibrary(db, pid, dbFilter),
  ]);
  const assignees = await listAssigneesForDocuments(db, pid, page.rows.map((r) => r.id));
  const cells = new Map<string, Record<string, AssignmentStatusName>>();
  for (const a of assignees) {
    const row = cells.get(a.documentId) ?? {};
    row[a.userId] = a.status;
    cells.set(a.documentId, row);
  }
  const last = page.rows[page.rows.length - 1];
  return {
    people,
    rows: page.rows.map((r) => ({ id: r.id, title: r.title, progress: r.progress, cells: cells.get(r.id) ?? {} })),
    total,
    nextCursor: page.hasMore && last ? encodeCursor({ createdAt: last.createdAtText, id: last.id }) : null,
  };
}
