import pg from "pg";
import type { Connection } from "@/db/connect";
import { DOCUMENT_CHANGES_CHANNEL } from "@/lib/server/live";

/**
 * Runs `fn` while listening on the document-changes channel (on either driver); returns its result
 * and the notifications that arrived, waiting up to 2 s for at least `expect` of them.
 */
export async function listenWhile<T>(c: Connection, fn: () => Promise<T>, expect = 1): Promise<{ result: T; messages: Record<string, unknown>[] }> {
  const messages: Record<string, unknown>[] = [];
  let stop: () => Promise<void>;
  if (c.raw.kind === "pglite") {
    stop = await c.raw.client.listen(DOCUMENT_CHANGES_CHANNEL, (payload) => messages.push(JSON.parse(payload)));
  } else {
    const client = new pg.Client({ connectionString: (c.raw.pool.options as { connectionString: string }).connectionString });
    await client.connect();
    client.on("notification", (m) => {
      if (m.channel === DOCUMENT_CHANGES_CHANNEL && m.payload) messages.push(JSON.parse(m.payload));
    });
    await client.query(`listen ${DOCUMENT_CHANGES_CHANNEL}`);
    stop = () => client.end();
  }
  try {
    const result = await fn();
    for (let i = 0; i < 100 && messages.length < expect; i++) await new Promise((r) => setTimeout(r, 20));
    return { result, messages };
  } finally {
    await stop();
  }
}
