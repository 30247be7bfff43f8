import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/connect";

/** The PostgreSQL channel every document change is announced on (see lib/server/live-hub.ts). */
export const DOCUMENT_CHANGES_CHANNEL = "spanlab_document_changes";

/** What changed. Subscribers refetch what the kind names; they never trust the payload for data. */
export type DocumentChangeKind = "annotation" | "relation" | "comment" | "review" | "assignment" | "document" | (string & {});

export interface DocumentChange {
  projectId: string;
  documentId: string;
  kind: DocumentChangeKind;
  /** The changed row's id (annotation id, comment id, …). */
  id: string;
  /** Who made the change, so a client can skip echoes of its own writes. */
  actorId?: string | null;
}

/**
 * Announces a change to a document's data. Call it INSIDE the write transaction: PostgreSQL delivers
 * a NOTIFY only when the transaction commits (and never when it rolls back), so listeners never hear
 * of a change they can't read yet. The payload is small JSON (well under NOTIFY's 8,000-byte limit).
 */
export async function publishDocumentChange(db: Db, change: DocumentChange): Promise<void> {
  const { channel, payload } = documentChangeNotification(change);
  await db.execute(sql`select pg_notify(${channel}, ${payload})`);
}

/** The channel and payload of a change's NOTIFY, for writes that send it within a statement of their own. */
export function documentChangeNotification(change: DocumentChange): { channel: string; payload: string } {
  const payload: DocumentChange = {
    projectId: change.projectId,
    documentId: change.documentId,
    kind: change.kind,
    id: change.id,
    actorId: change.actorId ?? null,
  };
  return { channel: DOCUMENT_CHANGES_CHANNEL, payload: JSON.stringify(payload) };
}
