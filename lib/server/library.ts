import "server-only";
import type { Db } from "@/db/connect";
import { listLabels } from "@/db/queries/labels";
import {
  countAnnotationsForDocuments,
  countLibrary,
  countProgress,
  listAnnotatorLoads,
  listAssigneesForDocuments,
  listLibraryPage,
  listProjectPeople,
  type LibraryCursor,
  type LibraryFilter,
} from "@/db/queries/library";
import { authorizeProject, type Actor, type ProjectContext } from "@/lib/auth/guards";
import { hasPermission } from "@/lib/auth/permissions";
import { fieldErrors } from "@/lib/validation/auth";
import { ZLibraryQuery, type TLibraryFilter } from "@/lib/validation/library";
import { AppError } from "./errors";
import type { LibraryItemDto, LibraryPageDto, LibrarySummaryDto } from "./library-dto";

export function encodeCursor(c: LibraryCursor): string {
  return Buffer.from(JSON.stringify([c.createdAt, c.id]), "utf8").toString("base64url");
}

export function decodeCursor(cursor: string): LibraryCursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    if (typeof createdAt === "string" && typeof id === "string" && /^[0-9a-f-]{36}$/i.test(id) && /^\d{4}-\d{2}-\d{2}[ T][\d:.+-]+$/.test(createdAt)) {
      return { createdAt, id };
    }
  } catch {
    // fall through
  }
  throw new AppError("bad_request", "This page link is not valid (it may be out of date). Go back to the first page.");
}

/** The db-level filter for a validated API filter, as seen by `ctx`'s member. */
export function toDbFilter(ctx: ProjectContext, filter: TLibraryFilter): LibraryFilter {
  const seesAll = hasPermission(ctx.role, "annotations.readAll");
  return {
    q: filter.q || undefined,
    status: filter.status,
    assignee: filter.assignee === "me" ? ctx.actor.userId : filter.assignee,
    label: filter.label,
    labelLayerOwner: filter.label && !seesAll ? ctx.actor.userId : undefined,
  };
}

/**
 * One page of the project's library (documents.read): articles in the order they were added, with
 * their assignees and statuses and span counts; search by words of the title or text (GIN index)
 * and by part of the title; filters by progress, assignee and label. Keyset pagination.
 */
export async function listLibrary(db: Db, actor: Actor, projectId: string, input: unknown): Promise<LibraryPageDto> {
  const ctx = await authorizeProject(db, actor, projectId, "documents.read");
  const parsed = ZLibraryQuery.safeParse(input);
  if (!parsed.success) throw new AppError("validation_failed", "Some filters need attention.", { fields: fieldErrors(parsed.error) });
  const { cursor, limit, ...filter } = parsed.data;
  const dbFilter = toDbFilter(ctx, filter);
  const [page, total] = await Promise.all([
    listLibraryPage(db, ctx.project.id, dbFilter, { cursor: cursor ? decodeCursor(cursor) : null, limit }),
    countLibrary(db, ctx.project.id, dbFilter),
  ]);
  const ids = page.rows.map((r) => r.id);
  const seesAll = hasPermission(ctx.role, "annotations.readAll");
  const [assignees, counts] = await Promise.all([
    listAssigneesForDocuments(db, ctx.project.id, ids),
    countAnnotationsForDocuments(db, ctx.project.id, ids, seesAll ? null : actor.userId),
  ]);
  const byDoc = new Map<string, LibraryItemDto["assignees"]>();
  for (const a of assignees) {
    const list = byDoc.get(a.documentId) ?? [];
    list.push({ userId: a.userId, name: a.name, status: a.status });
    byDoc.set(a.documentId, list);
  }
  const items: LibraryItemDto[] = page.rows.map((r) => ({
    id: r.id,
    title: r.title,
    length: r.length,
    status: r.status,
    progress: r.progress,
    assignees: byDoc.get(r.id) ?? [],
    spanCount: counts.get(r.id)?.spans ?? 0,
    goldCount: counts.get(r.id)?.gold ?? 0,
    createdAt: new Date(r.createdAtMs).toISOString(),
    updatedAt: new Date(r.updatedAtMs).toISOString(),
  }));
  const last = page.rows[page.rows.length - 1];
  return { items, total, nextCursor: page.hasMore && last ? encodeCursor({ createdAt: last.createdAtText, id: last.id }) : null };
}

/** The library header: progress across articles, each person's load, the people and labels for filters. */
export async function getLibrarySummary(db: Db, actor: Actor, projectId: string): Promise<LibrarySummaryDto> {
  const ctx = await authorizeProject(db, actor, projectId, "documents.read");
  const [progress, annotators, people, labels] = await Promise.all([
    countProgress(db, ctx.project.id),
    listAnnotatorLoads(db, ctx.project.id),
    listProjectPeople(db, ctx.project.id),
    listLabels(db, ctx.project.id),
  ]);
  return {
    progress: {
      total: progress.approved + progress.submitted + progress.in_progress + progress.untouched,
      approved: progress.approved,
      submitted: progress.submitted,
      inProgress: progress.in_progress,
      untouched: progress.untouched,
    },
    annotators,
    people,
    labels: labels.map((l) => ({ id: l.id, name: l.name, color: l.color, kind: l.kind })),
    canImport: hasPermission(ctx.role, "documents.import"),
    canAssign: hasPermission(ctx.role, "assignments.manage"),
  };
}
