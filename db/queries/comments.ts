import { and, asc, eq, gt, inArray, isNull, ne, or, sql } from "drizzle-orm";
import type { Db } from "../connect";
import { annotations, commentReads, comments, users } from "../schema";

export type CommentRow = typeof comments.$inferSelect;

export interface CommentWithContext {
  id: string;
  annotationId: string | null;
  parentId: string | null;
  authorId: string | null;
  authorName: string | null;
  body: string;
  mentions: string[];
  createdAt: Date;
  /** The span commented on: its layer's owner, where it is, and its text. */
  span: { ownerId: string | null; layer: string; start: number; end: number; quote: string; deleted: boolean } | null;
}

/**
 * Live comments of a document, oldest first, with authors and the span each is on. `visibleOwnerId`
 * limits span comments to spans of that owner's layer (an annotator who can't see others' layers);
 * article comments are always included.
 */
export async function listDocumentComments(
  db: Db,
  params: { projectId: string; documentId: string; visibleOwnerId?: string | null },
): Promise<CommentWithContext[]> {
  const rows = await db
    .select({
      id: comments.id,
      annotationId: comments.annotationId,
      parentId: comments.parentId,
      authorId: comments.authorId,
      authorName: users.name,
      body: comments.body,
      mentions: comments.mentions,
      createdAt: comments.createdAt,
      spanOwnerId: annotations.ownerId,
      spanLayer: annotations.layer,
      spanStart: annotations.startOffset,
      spanEnd: annotations.endOffset,
      spanQuote: annotations.quote,
      spanDeletedAt: annotations.deletedAt,
    })
    .from(comments)
    .leftJoin(users, eq(users.id, comments.authorId))
    .leftJoin(annotations, eq(annotations.id, comments.annotationId))
    .where(
      and(
        eq(comments.projectId, params.projectId),
        eq(comments.documentId, params.documentId),
        isNull(comments.deletedAt),
        params.visibleOwnerId ? or(isNull(comments.annotationId), eq(annotations.ownerId, params.visibleOwnerId)) : undefined,
      ),
    )
    .orderBy(asc(comments.createdAt), asc(comments.id));
  return rows.map((r) => ({
    id: r.id,
    annotationId: r.annotationId,
    parentId: r.parentId,
    authorId: r.authorId,
    authorName: r.authorName,
    body: r.body,
    mentions: r.mentions,
    createdAt: r.createdAt,
    span:
      r.annotationId && r.spanStart !== null && r.spanEnd !== null
        ? { ownerId: r.spanOwnerId, layer: r.spanLayer ?? "annotator", start: r.spanStart, end: r.spanEnd, quote: r.spanQuote ?? "", deleted: r.spanDeletedAt !== null }
        : null,
  }));
}

export async function getComment(db: Db, projectId: string, commentId: string): Promise<CommentRow | undefined> {
  const [row] = await db
    .select()
    .from(comments)
    .where(and(eq(comments.projectId, projectId), eq(comments.id, commentId)))
    .limit(1);
  return row;
}

export async function insertComment(
  db: Db,
  values: { projectId: string; documentId: string; annotationId: string | null; parentId: string | null; authorId: string; body: string; mentions: string[] },
): Promise<CommentRow> {
  const [row] = await db.insert(comments).values(values).returning();
  if (!row) throw new Error("insert into comments returned no row");
  return row;
}

export async function softDeleteComment(db: Db, projectId: string, commentId: string): Promise<CommentRow | undefined> {
  const [row] = await db
    .update(comments)
    .set({ deletedAt: new Date(), updatedAt: new Date() })
    .where(and(eq(comments.projectId, projectId), eq(comments.id, commentId), isNull(comments.deletedAt)))
    .returning();
  return row;
}

/** When the user last read the document's comments (null: never). */
export async function getCommentsReadAt(db: Db, params: { userId: string; documentId: string }): Promise<Date | null> {
  const [row] = await db
    .select({ lastReadAt: commentReads.lastReadAt })
    .from(commentReads)
    .where(and(eq(commentReads.userId, params.userId), eq(commentReads.documentId, params.documentId)))
    .limit(1);
  return row?.lastReadAt ?? null;
}

/** Marks the document's comments read up to `at` (never moves the marker back). */
export async function markCommentsRead(db: Db, params: { userId: string; documentId: string; at: Date }): Promise<Date> {
  const [row] = await db
    .insert(commentReads)
    .values({ userId: params.userId, documentId: params.documentId, lastReadAt: params.at })
    .onConflictDoUpdate({
      target: [commentReads.userId, commentReads.documentId],
      set: { lastReadAt: sql`greatest(${commentReads.lastReadAt}, excluded.last_read_at)` },
    })
    .returning({ lastReadAt: commentReads.lastReadAt });
  return row?.lastReadAt ?? params.at;
}

/**
 * Unread comments per document for a user over `documentIds`: comments by others, newer than the
 * user's read marker. `visibleOwnerId` as in listDocumentComments. Returns only documents with some.
 */
export async function countUnreadComments(
  db: Db,
  params: { projectId: string; userId: string; documentIds: string[]; visibleOwnerId?: string | null },
): Promise<Map<string, { unread: number; mentions: number }>> {
  const out = new Map<string, { unread: number; mentions: number }>();
  if (params.documentIds.length === 0) return out;
  const rows = await db
    .select({
      documentId: comments.documentId,
      unread: sql<number>`count(*)::int`,
      mentions: sql<number>`(count(*) filter (where ${comments.mentions} @> ${JSON.stringify([params.userId])}::jsonb))::int`,
    })
    .from(comments)
    .leftJoin(commentReads, and(eq(commentReads.documentId, comments.documentId), eq(commentReads.userId, params.userId)))
    .leftJoin(annotations, eq(annotations.id, comments.annotationId))
    .where(
      and(
        eq(comments.projectId, params.projectId),
        inArray(comments.documentId, params.documentIds),
        isNull(comments.deletedAt),
        or(isNull(comments.authorId), ne(comments.authorId, params.userId)),
        or(isNull(commentReads.lastReadAt), gt(comments.createdAt, commentReads.lastReadAt)),
        params.visibleOwnerId ? or(isNull(comments.annotationId), eq(annotations.ownerId, params.visibleOwnerId)) : undefined,
      ),
    )
    .groupBy(comments.documentId);
  for (const r of rows) out.set(r.documentId, { unread: r.unread, mentions: r.mentions });
  return out;
}
