import "server-only";
import type { Db } from "@/db/connect";
import { insertAuditEvent } from "@/db/queries/audit";
import { findDocumentsByHash, getDocument, insertDocuments, type DocumentRow } from "@/db/queries/documents";
import { codePointLength } from "@/lib/annotation/offsets";
import type { Actor } from "@/lib/auth/guards";
import { authorizeProject } from "@/lib/auth/guards";
import { contentHash } from "@/lib/import/hash";
import { normalizeNewlines } from "@/lib/import/normalize";
import { fieldErrors } from "@/lib/validation/auth";
import { ZCreateDocumentRequest } from "@/lib/validation/documents";
import { AppError } from "./errors";

/** An article as the client sees it. `length` is in code points. */
export interface DocumentDto {
  id: string;
  projectId: string;
  title: string;
  text: string;
  length: number;
  sourceUrl: string | null;
  meta: Record<string, unknown>;
  status: string;
  contentHash: string;
  createdAt: string;
  updatedAt: string;
}

export function toDocumentDto(d: DocumentRow): DocumentDto {
  return {
    id: d.id,
    projectId: d.projectId,
    title: d.title,
    text: d.text,
    length: d.length,
    sourceUrl: d.sourceUrl,
    meta: d.meta,
    status: d.status,
    contentHash: d.contentHash,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

/**
 * Paste import: one article from a title and text. The text is stored exactly as given except that
 * newlines are normalised to "\n". A duplicate (same text in this project) is refused with 409
 * unless `allowDuplicate` is set.
 */
export async function createDocument(db: Db, actor: Actor, projectId: string, input: unknown): Promise<DocumentDto> {
  const ctx = await authorizeProject(db, actor, projectId, "documents.import");
  const parsed = ZCreateDocumentRequest.safeParse(input);
  if (!parsed.success) throw new AppError("validation_failed", "Some fields need attention.", { fields: fieldErrors(parsed.error) });
  const text = normalizeNewlines(parsed.data.text);
  const hash = contentHash(text);
  return db.transaction(async (tx) => {
    if (!parsed.data.allowDuplicate) {
      const [dup] = await findDocumentsByHash(tx, ctx.project.id, [hash]);
      if (dup) {
        throw new AppError("conflict", `This text is already in the project as "${dup.title}". Import it anyway to keep both.`, {
          details: { duplicateOf: dup.id },
        });
      }
    }
    const [row] = await insertDocuments(tx, [
      {
        projectId: ctx.project.id,
        title: parsed.data.title,
        text,
        length: codePointLength(text),
        sourceUrl: parsed.data.sourceUrl ?? null,
        meta: parsed.data.meta ?? {},
        contentHash: hash,
        createdBy: actor.userId,
      },
    ]);
    if (!row) throw new Error("insert into documents returned no row");
    await insertAuditEvent(tx, {
      projectId: ctx.project.id,
      actorId: actor.userId,
      action: "document.create",
      entityType: "document",
      entityId: row.id,
      after: { title: row.title, length: row.length, contentHash: hash, source: "paste" },
    });
    return toDocumentDto(row);
  });
}

/** One article of a project the actor belongs to. */
export async function getDocumentForActor(db: Db, actor: Actor, projectId: string, documentId: string): Promise<DocumentDto> {
  const ctx = await authorizeProject(db, actor, projectId, "documents.read");
  const row = await getDocument(db, ctx.project.id, documentId);
  if (!row) throw new AppError("not_found", "This article does not exist in the project (it may have been deleted).");
  return toDocumentDto(row);
}
