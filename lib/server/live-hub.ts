import "server-only";
import pg from "pg";
import { getConnection } from "@/db/client";
import type { Connection } from "@/db/connect";
import { DOCUMENT_CHANGES_CHANNEL, type DocumentChange } from "./live";

/**
 * One LISTEN per process, fanned out to every open event stream of that process.
 *
 * Writers call `publishDocumentChange` inside their transaction (lib/server/live.ts); PostgreSQL
 * delivers the NOTIFY to every listening connection, of every app instance, when that transaction
 * commits. So a span saved through instance A reaches a reviewer whose stream is held by instance B.
 *
 * - PostgreSQL (`DATABASE_URL`): a dedicated `pg.Client` — never a pooled one, a LISTEN belongs to
 *   its connection — that reconnects with backoff and re-LISTENs when the server drops it.
 * - PGlite: its own `listen()`, which hears the NOTIFYs of the one process that may open the folder.
 * - Where neither works, the hub says so (`mode: "polling"`) and clients poll instead.
 */
export type LiveMode = "notify" | "polling";
export type ChangeListener = (change: DocumentChange) => void;

interface Hub {
  listeners: Set<ChangeListener>;
  mode: LiveMode;
  started: Promise<void> | null;
  stop: (() => Promise<void>) | null;
}

const globalForHub = globalThis as unknown as { spanlabLiveHub?: Hub };

function hub(): Hub {
  if (!globalForHub.spanlabLiveHub) {
    globalForHub.spanlabLiveHub = { listeners: new Set(), mode: "notify", started: null, stop: null };
  }
  return globalForHub.spanlabLiveHub;
}

/** Parses a NOTIFY payload; anything that isn't a document change is logged and dropped. */
export function parseChange(payload: string | undefined): DocumentChange | null {
  if (!payload) return null;
  try {
    const v = JSON.parse(payload) as Partial<DocumentChange>;
    if (typeof v.projectId !== "string" || typeof v.documentId !== "string" || typeof v.kind !== "string" || typeof v.id !== "string") {
      console.warn(`[live] ignored a notification that is not a document change: ${payload.slice(0, 200)}`);
      return null;
    }
    return { projectId: v.projectId, documentId: v.documentId, kind: v.kind, id: v.id, actorId: typeof v.actorId === "string" ? v.actorId : null };
  } catch {
    console.warn(`[live] ignored a notification that is not JSON: ${payload.slice(0, 200)}`);
    return null;
  }
}

function dispatch(h: Hub, payload: string | undefined): void {
  const change = parseChange(payload);
  if (!change) return;
  for (const listener of h.listeners) {
    try {
      listener(change);
    } catch (err) {
      console.error("[live] a listener failed", err);
    }
  }
}

async function listenPglite(raw: Extract<Connection["raw"], { kind: "pglite" }>, onPayload: (payload: string | undefined) => void): Promise<() => Promise<void>> {
  const unlisten = await raw.client.listen(DOCUMENT_CHANGES_CHANNEL, onPayload);
  console.log("[live] listening for document changes on PGlite");
  return () => unlisten();
}

async function listenPg(config: pg.ClientConfig, onPayload: (payload: string | undefined) => void): Promise<() => Promise<void>> {
  let client: pg.Client | null = null;
  let stopped = false;
  let attempt = 0;
  let timer: NodeJS.Timeout | null = null;

  const connect = async (): Promise<void> => {
    if (stopped) return;
    const c = new pg.Client({ ...config, application_name: "spanlab-live" });
    client = c;
    const retry = (why: string) => {
      if (stopped || client !== c) return;
      client = null;
      c.removeAllListeners();
      void c.end().catch(() => undefined);
      const delay = Math.min(30_000, 500 * 2 ** attempt++);
      console.warn(`[live] lost the PostgreSQL listener (${why}); reconnecting in ${delay} ms`);
      timer = setTimeout(() => void connect(), delay);
    };
    c.on("error", (err) => retry(err.message));
    c.on("end", () => retry("connection ended"));
    c.on("notification", (msg) => {
      if (msg.channel === DOCUMENT_CHANGES_CHANNEL) onPayload(msg.payload);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${DOCUMENT_CHANGES_CHANNEL}`);
      if (attempt > 0) console.log("[live] PostgreSQL listener reconnected");
      else console.log("[live] listening for document changes on PostgreSQL");
      attempt = 0;
    } catch (err) {
      retry(err instanceof Error ? err.message : String(err));
    }
  };
  await connect(); // the first attempt; on failure it has already scheduled the next one
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    const c = client;
    client = null;
    if (c) {
      c.removeAllListeners();
      await c.end().catch(() => undefined);
    }
  };
}

/**
 * Starts listening on `conn` for the document-changes channel; `onPayload` gets each raw payload.
 * Resolves once the listener is set up (PGlite) or started (PostgreSQL, which reconnects by itself);
 * the function it resolves to stops listening.
 */
export async function listenForChanges(conn: Connection, onPayload: (payload: string | undefined) => void): Promise<() => Promise<void>> {
  if (conn.raw.kind === "pglite") return listenPglite(conn.raw, onPayload);
  // The pool's own settings (host, database, credentials), for a connection of the listener's own.
  const { connectionString, host, port, user, password, database, ssl } = conn.raw.pool.options;
  return listenPg({ connectionString, host, port, user, password, database, ssl }, onPayload);
}

async function start(h: Hub): Promise<void> {
  try {
    h.stop = await listenForChanges(getConnection(), (payload) => dispatch(h, payload));
    h.mode = "notify";
  } catch (err) {
    h.mode = "polling";
    console.error(`[live] can't listen for document changes (${err instanceof Error ? err.message : String(err)}); clients will poll`);
  }
}

/** Subscribes to every document change the database announces. Returns the unsubscribe function. */
export async function subscribeDocumentChanges(listener: ChangeListener): Promise<{ mode: LiveMode; unsubscribe: () => void }> {
  const h = hub();
  h.listeners.add(listener);
  if (!h.started) h.started = start(h);
  await h.started;
  return {
    mode: h.mode,
    unsubscribe: () => {
      h.listeners.delete(listener);
    },
  };
}

/** The number of open subscriptions in this process (health and logs). */
export function liveSubscriberCount(): number {
  return hub().listeners.size;
}
