import "server-only";
import { z } from "zod";
import type { Db } from "@/db/connect";
import { countQueue, findQueueNeighbors, listQueue } from "@/db/queries/assignments-library";
import { countAnnotationsForDocuments } from "@/db/queries/library";
import { authorizeProject, type Actor } from "@/lib/auth/guards";
import { fieldErrors } from "@/lib/validation/auth";
import { AppError } from "./errors";
import type { QueueDto, QueueNeighborsDto } from "./queue-dto";

const ZQueueQuery = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

const ZNeighborsQuery = z.object({ documentId: z.uuid({ error: "Give the article's id (?documentId=…)." }) });

/** The signed-in member's queue in the project (see queue-dto.ts for the order). */
export async function getMyQueue(db: Db, actor: Actor, projectId: string, input: unknown): Promise<QueueDto> {
  const ctx = await authorizeProject(db, actor, projectId, "documents.read");
  const parsed = ZQueueQuery.safeParse(input ?? {});
  if (!parsed.success) throw new AppError("validation_failed", "Some parameters need attention.", { fields: fieldErrors(parsed.error) });
  const { offset, limit } = parsed.data;
  const [rows, counts] = await Promise.all([
    listQueue(db, ctx.project.id, actor.userId, { offset, limit: limit + 1 }),
    countQueue(db, ctx.project.id, actor.userId),
  ]);
  const pageRows = rows.slice(0, limit);
  const spans = await countAnnotationsForDocuments(db, ctx.project.id, pageRows.map((r) => r.documentId), actor.userId);
  const total = counts.assigned + counts.in_progress + counts.submitted + counts.returned + counts.approved;
  return {
    items: pageRows.map((r) => ({
      documentId: r.documentId,
      title: r.title,
      length: r.length,
      status: r.status,
      spanCount: spans.get(r.documentId)?.spans ?? 0,
      updatedAt: new Date(r.updatedAtMs).toISOString(),
      submittedAt: r.submittedAtMs === null ? null : new Date(r.submittedAtMs).toISOString(),
    })),
    counts: {
      returned: counts.returned,
      inProgress: counts.in_progress,
      assigned: counts.assigned,
      submitted: counts.submitted,
      approved: counts.approved,
      total,
    },
    nextOffset: rows.length > limit ? offset + limit : null,
  };
}

/** Previous / next article in my queue around `documentId`, for J / K in the editor. */
export async function getQueueNeighbors(db: Db, actor: Actor, projectId: string, input: unknown): Promise<QueueNeighborsDto> {
  const ctx = await authorizeProject(db, actor, projectId, "documents.read");
  const parsed = ZNeighborsQuery.safeParse(input ?? {});
  if (!parsed.success) throw new AppError("validation_failed", parsed.error.issues[0]?.message ?? "Give the article's id.", { fields: fieldErrors(parsed.error) });
  const [n, counts] = await Promise.all([
    findQueueNeighbors(db, ctx.project.id, actor.userId, parsed.data.documentId),
    countQueue(db, ctx.project.id, actor.userId),
  ]);
  return {
    documentId: parsed.data.documentId,
    ...n,
    total: counts.assigned + counts.in_progress + counts.submitted + counts.returned + counts.approved,
  };
}
