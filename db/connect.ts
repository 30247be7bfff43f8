/**
 * Database connections for both drivers, without the `server-only` marker so that scripts
 * (migrate, seed, import, export) and tests can use them. The app goes through `db/client.ts`.
 *
 * - `DATABASE_URL` set   → a `pg` pool against that PostgreSQL server.
 * - `DATABASE_URL` unset → PGlite (embedded PostgreSQL) in a local folder: `PGLITE_DIR`, else
 *   `<SPANLAB_DATA_DIR or ./.data>/pglite`. One process per folder: PGlite has no cross-process lock.
 */
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import * as schema from "./schema";

export type Schema = typeof schema;
/** The database or a transaction: every query function takes one of these first. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type DriverName = "pg" | "pglite";

export interface Connection {
  db: Db;
  driver: DriverName;
  /** A human description without secrets, for logs ("PostgreSQL at host:5432/db", "PGlite in ./.data/pglite"). */
  description: string;
  /** Raw SQL escape hatch for benchmarks and LISTEN/NOTIFY; `pg` pool or PGlite instance. */
  raw: { kind: "pg"; pool: pg.Pool } | { kind: "pglite"; client: PGlite };
  close(): Promise<void>;
}

export function dataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.SPANLAB_DATA_DIR ?? ".data");
}

export function pgliteDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.PGLITE_DIR ?? path.join(dataDir(), "pglite"));
}

export function migrationsFolder(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), "db/migrations");
}

/** "postgres://user:secret@host:5432/db" → "host:5432/db" (never log a password). */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ""}${u.pathname}`;
  } catch {
    return "an unparseable DATABASE_URL";
  }
}

export function connectPg(url: string, options: { max?: number } = {}): Connection {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on("error", (err) => console.error(`[db] idle PostgreSQL client error: ${err.message}`));
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return {
    db,
    driver: "pg",
    description: `PostgreSQL at ${describeDatabaseUrl(url)}`,
    raw: { kind: "pg", pool },
    close: () => pool.end(),
  };
}

/** PGlite in `dir`, or in memory when `dir` is undefined (tests). */
export function connectPglite(dir: string | undefined, options: { loadDataDir?: Blob } = {}): Connection {
  if (dir) fs.mkdirSync(dir, { recursive: true });
  const client = new PGlite({ dataDir: dir, ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}) });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    driver: "pglite",
    description: dir ? `PGlite in ${path.relative(process.cwd(), dir) || dir}` : "PGlite in memory",
    raw: { kind: "pglite", client },
    close: () => client.close(),
  };
}

/** The connection the app and scripts use, chosen from the environment. */
export function connectFromEnv(): Connection {
  const url = process.env.DATABASE_URL;
  return url ? connectPg(url) : connectPglite(pgliteDir());
}

/** Applies the committed migrations; idempotent (drizzle records what it applied). */
export async function migrateConnection(conn: Connection): Promise<void> {
  const folder = migrationsFolder();
  if (conn.raw.kind === "pg") {
    await migratePg(drizzlePg(conn.raw.pool), { migrationsFolder: folder });
  } else {
    await migratePglite(drizzlePglite(conn.raw.client), { migrationsFolder: folder });
  }
}

/** Fails fast with one clear line when the database cannot be reached. */
export async function checkConnection(conn: Connection): Promise<void> {
  if (conn.raw.kind === "pg") {
    const client = await conn.raw.pool.connect();
    try {
      await client.query("select 1");
    } finally {
      client.release();
    }
  } else {
    await conn.raw.client.query("select 1");
  }
}
