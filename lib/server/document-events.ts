import "server-only";
import type { Db } from "@/db/connect";
import { getDocument } from "@/db/queries/documents";
import { authorizeProject, type Actor } from "@/lib/auth/guards";
import { DOCUMENT_NOT_FOUND, requireId } from "./annotations-shared";
import { AppError } from "./errors";
import type { DocumentChange } from "./live";
import { subscribeDocumentChanges, type LiveMode } from "./live-hub";

/** How often an idle stream sends a comment line, so proxies and browsers keep it open. */
export const HEARTBEAT_MS = 15_000;
/** What clients poll at when the database can't notify (announced in the `ready` event). */
export const POLL_INTERVAL_MS = 2_000;

/** The first event of every stream. */
export interface LiveReadyEvent {
  mode: LiveMode;
  pollIntervalMs: number;
}

/** A `change` event: what changed, never the data (clients refetch through authorized reads). */
export type LiveChangeEvent = Pick<DocumentChange, "kind" | "id" | "actorId">;

export function sseEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * GET …/documents/:documentId/events: a Server-Sent Events stream of the document's changes, for
 * anyone who may read the project's documents. Events: `ready` once, then `change` per committed
 * change (kind, id, who) — the payload carries no span data, so what a member may read is still
 * decided by the read they make next. Ends when the client goes away (`signal`).
 */
export async function openDocumentEvents(
  db: Db,
  actor: Actor,
  projectId: string,
  documentId: string,
  signal: AbortSignal,
): Promise<ReadableStream<Uint8Array>> {
  const ctx = await authorizeProject(db, actor, projectId, "documents.read");
  const docId = requireId(documentId, DOCUMENT_NOT_FOUND);
  const doc = await getDocument(db, ctx.project.id, docId);
  if (!doc) throw new AppError("not_found", DOCUMENT_NOT_FOUND);
  const pid = ctx.project.id;
  const encoder = new TextEncoder();

  let cleanup: (() => void) | null = null;
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      const send = (chunk: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(chunk));
        } catch {
          close();
        }
      };
      const { mode, unsubscribe } = await subscribeDocumentChanges((change) => {
        if (change.projectId !== pid || change.documentId !== docId) return;
        const event: LiveChangeEvent = { kind: change.kind, id: change.id, actorId: change.actorId ?? null };
        send(sseEvent("change", event));
      });
      const heartbeat = setInterval(() => send(`: keep-alive ${Date.now()}\n\n`), HEARTBEAT_MS);
      const close = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        signal.removeEventListener("abort", close);
        try {
          controller.close();
        } catch {
          // already closed by the runtime
        }
      };
      cleanup = close;
      signal.addEventListener("abort", close);
      if (signal.aborted) return close();
      // Tell the browser how soon to come back if the stream drops, then that we are live.
      send(`retry: 2000\n\n`);
      const ready: LiveReadyEvent = { mode, pollIntervalMs: POLL_INTERVAL_MS };
      send(sseEvent("ready", ready));
    },
    cancel() {
      cleanup?.();
    },
  });
}
