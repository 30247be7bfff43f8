import "server-only";
import { connectFromEnv, type Connection, type Db } from "./connect";

export type { Db } from "./connect";

/**
 * The app's one connection, created on first use and cached on globalThis so that dev hot reloads
 * don't open a second PGlite on the same folder. Migrations are applied by `npm start` / `npm run dev`
 * before the server starts, never here (one process per PGlite folder).
 */
const globalForDb = globalThis as unknown as { spanlabConnection?: Connection };

export function getConnection(): Connection {
  if (!globalForDb.spanlabConnection) {
    globalForDb.spanlabConnection = connectFromEnv();
    console.log(`[db] using ${globalForDb.spanlabConnection.description}`);
  }
  return globalForDb.spanlabConnection;
}

export function getDb(): Db {
  return getConnection().db;
}
