import "server-only";
import type { Db } from "@/db/connect";
import { documentExists, getAnnotation } from "@/db/queries/annotations";
import { insertAuditEvent } from "@/db/queries/audit";
import {
  countUnreadComments,
  getComment,
  getCommentsReadAt,
  insertComment,
  listDocumentComments,
  markCommentsRead,
  softDeleteComment,
  type CommentWithContext,
} from "@/db/queries/comments";
import { listMembers } from "@/db/queries/members";
import { authorizeProject, type Actor, type ProjectContext } from "@/lib/auth/guards";
import { hasPermission } from "@/lib/auth/permissions";
import { mentionedUserIds, mentionHandles, type MentionHandle } from "@/lib/review/mentions";
import { ZCreateCommentRequest } from "@/lib/validation/comments";
import { ANNOTATION_NOT_FOUND, DOCUMENT_NOT_FOUND, parseInput, requireId } from "./annotations-shared";
import { AppError } from "./errors";
import { publishDocumentChange } from "./live";

export interface CommentDto {
  id: string;
  annotationId: string | null;
  parentId: string | null;
  authorId: string | null;
  authorName: string | null;
  body: string;
  /** User ids mentioned in the body. */
  mentions: string[];
  createdAt: string;
  span: { start: number; end: number; quote: string; layer: string; ownerId: string | null; deleted: boolean } | null;
  /** Newer than the caller's read marker and written by someone else. */
  isUnread: boolean;
  canDelete: boolean;
}

export interface CommentHandleDto {
  userId: string;
  handle: string;
  name: string;
}

export interface DocumentCommentsDto {
  comments: CommentDto[];
  unread: number;
  /** Unread comments that mention the caller. */
  unreadMentions: number;
  lastReadAt: string | null;
  /** Members by @handle, for the composer's suggestions and for highlighting. */
  handles: CommentHandleDto[];
  canComment: boolean;
  /** The caller (their own mentions are highlighted). */
  viewerId: string;
}

const COMMENT_NOT_FOUND = "This comment does not exist (it may have been deleted). Reload the comments.";

/** An annotator who can't see others' layers sees article comments and comments on their own spans. */
function visibleOwnerOf(ctx: ProjectContext): string | null {
  const seesAll = hasPermission(ctx.role, "annotations.readAll") || ctx.project.settings.annotatorsSeeEachOther === true;
  return seesAll ? null : ctx.actor.userId;
}

function canSeeSpan(ctx: ProjectContext, span: { layer: string; ownerId: string | null }): boolean {
  const owner = visibleOwnerOf(ctx);
  return owner === null || (span.layer === "annotator" && span.ownerId === owner);
}

async function loadHandles(db: Db, projectId: string): Promise<MentionHandle[]> {
  const members = await listMembers(db, projectId);
  return mentionHandles(members.map((m) => ({ userId: m.userId, email: m.email, name: m.name })));
}

function toDto(row: CommentWithContext, ctx: ProjectContext, readAt: Date | null): CommentDto {
  return {
    id: row.id,
    annotationId: row.annotationId,
    parentId: row.parentId,
    authorId: row.authorId,
    authorName: row.authorName,
    body: row.body,
    mentions: row.mentions,
    createdAt: row.createdAt.toISOString(),
    span: row.span ? { start: row.span.start, end: row.span.end, quote: row.span.quote, layer: row.span.layer, ownerId: row.span.ownerId, deleted: row.span.deleted } : null,
    isUnread: row.authorId !== ctx.actor.userId && (readAt === null || row.createdAt > readAt),
    canDelete: row.authorId === ctx.actor.userId || hasPermission(ctx.role, "members.manage"),
  };
}

/** GET …/documents/:documentId/comments: the threads the caller may see, with unread markers. */
export async function getDocumentComments(db: Db, actor: Actor, projectId: string, documentId: string): Promise<DocumentCommentsDto> {
  const ctx = await authorizeProject(db, actor, projectId, "documents.read");
  const docId = requireId(documentId, DOCUMENT_NOT_FOUND);
  const pid = ctx.project.id;
  if (!(await documentExists(db, pid, docId))) throw new AppError("not_found", DOCUMENT_NOT_FOUND);
  const [rows, readAt, handles] = await Promise.all([
    listDocumentComments(db, { projectId: pid, documentId: docId, visibleOwnerId: visibleOwnerOf(ctx) }),
    getCommentsReadAt(db, { userId: actor.userId, documentId: docId }),
    loadHandles(db, pid),
  ]);
  const list = rows.map((r) => toDto(r, ctx, readAt));
  const unread = list.filter((c) => c.isUnread);
  return {
    comments: list,
    unread: unread.length,
    unreadMentions: unread.filter((c) => c.mentions.includes(actor.userId)).length,
    lastReadAt: readAt?.toISOString() ?? null,
    handles: handles.map((h) => ({ userId: h.userId, handle: h.handle, name: h.name })),
    canComment: hasPermission(ctx.role, "comments.write"),
    viewerId: actor.userId,
  };
}

/**
 * POST …/documents/:documentId/comments `{ body, annotationId?, parentId? }`: a comment on the
 * article or on a span the caller can see, or a reply. @mentions of members are stored. Audited and
 * announced to open views in the same transaction. comments.write.
 */
export async function createComment(db: Db, actor: Actor, projectId: string, documentId: string, input: unknown): Promise<CommentDto> {
  const ctx = await authorizeProject(db, actor, projectId, "comments.write");
  const data = parseInput(ZCreateCommentRequest, input);
  const docId = requireId(documentId, DOCUMENT_NOT_FOUND);
  const pid = ctx.project.id;
  return db.transaction(async (tx) => {
    if (!(await documentExists(tx, pid, docId))) throw new AppError("not_found", DOCUMENT_NOT_FOUND);
    let annotationId = data.annotationId ?? null;
    let parentId: string | null = null;
    if (data.parentId) {
      const parent = await getComment(tx, pid, data.parentId);
      if (!parent || parent.deletedAt || parent.documentId !== docId) throw new AppError("not_found", COMMENT_NOT_FOUND);
      parentId = parent.parentId ?? parent.id; // replies stay in the thread of the first comment
      annotationId = parent.annotationId;
    }
    if (annotationId) {
      const span = await getAnnotation(tx, pid, annotationId);
      if (!span || span.documentId !== docId || !canSeeSpan(ctx, span)) throw new AppError("not_found", ANNOTATION_NOT_FOUND);
    }
    const handles = await loadHandles(tx, pid);
    const mentions = mentionedUserIds(data.body, handles);
    const row = await insertComment(tx, { projectId: pid, documentId: docId, annotationId, parentId, authorId: actor.userId, body: data.body, mentions });
    await insertAuditEvent(tx, {
      projectId: pid,
      actorId: actor.userId,
      action: "comment.create",
      entityType: "comment",
      entityId: row.id,
      after: { documentId: docId, annotationId, parentId, body: data.body, mentions },
    });
    await publishDocumentChange(tx, { projectId: pid, documentId: docId, kind: "comment", id: row.id, actorId: actor.userId });
    // Writing a comment means having read the thread up to it.
    await markCommentsRead(tx, { userId: actor.userId, documentId: docId, at: row.createdAt });
    const [full] = (await listDocumentComments(tx, { projectId: pid, documentId: docId })).filter((c) => c.id === row.id);
    if (!full) throw new Error("the new comment vanished");
    return toDto(full, ctx, row.createdAt);
  });
}

/** DELETE …/comments/:commentId: its author, or a manager / owner. Soft delete, audited. */
export async function deleteComment(db: Db, actor: Actor, projectId: string, commentId: string): Promise<{ id: string }> {
  const ctx = await authorizeProject(db, actor, projectId, "comments.write");
  const id = requireId(commentId, COMMENT_NOT_FOUND);
  const pid = ctx.project.id;
  return db.transaction(async (tx) => {
    const row = await getComment(tx, pid, id);
    if (!row || row.deletedAt) throw new AppError("not_found", COMMENT_NOT_FOUND);
    if (row.authorId !== actor.userId && !hasPermission(ctx.role, "members.manage")) {
      throw new AppError("forbidden", "Only the comment's author, a manager or an owner can delete it.");
    }
    await softDeleteComment(tx, pid, id);
    await insertAuditEvent(tx, {
      projectId: pid,
      actorId: actor.userId,
      action: "comment.delete",
      entityType: "comment",
      entityId: id,
      before: { documentId: row.documentId, annotationId: row.annotationId, body: row.body },
    });
    await publishDocumentChange(tx, { projectId: pid, documentId: row.documentId, kind: "comment", id, actorId: actor.userId });
    return { id };
  });
}

/** POST …/documents/:documentId/comments/read: everything shown so far is read. */
export async function markDocumentCommentsRead(db: Db, actor: Actor, projectId: string, documentId: string, input: unknown): Promise<{ lastReadAt: string }> {
  const ctx = await authorizeProject(db, actor, projectId, "documents.read");
  const docId = requireId(documentId, DOCUMENT_NOT_FOUND);
  if (!(await documentExists(db, ctx.project.id, docId))) throw new AppError("not_found", DOCUMENT_NOT_FOUND);
  const raw = (input as { upTo?: unknown } | null)?.upTo;
  const upTo = typeof raw === "string" && !Number.isNaN(Date.parse(raw)) ? new Date(Math.min(Date.parse(raw), Date.now())) : new Date();
  const at = await markCommentsRead(db, { userId: actor.userId, documentId: docId, at: upTo });
  return { lastReadAt: at.toISOString() };
}

/** Unread comment counts for documents of a list (queue, library, reviewer dashboard). */
export async function unreadCommentsFor(db: Db, ctx: ProjectContext, documentIds: string[]): Promise<Map<string, { unread: number; mentions: number }>> {
  return countUnreadComments(db, { projectId: ctx.project.id, userId: ctx.actor.userId, documentIds, visibleOwnerId: visibleOwnerOf(ctx) });
}
