/** `npm run db:migrate`: applies the committed migrations to the database the app uses. Idempotent. */
import { migrateConnection } from "../db/connect";
import { fail, openCliConnection } from "./lib/db-cli";

export async function runMigrations(): Promise<void> {
  const conn = await openCliConnection();
  const started = Date.now();
  try {
    if (conn.raw.kind === "pg") {
      // Several app instances may start at once: one migrates, the others wait for it.
      const client = await conn.raw.pool.connect();
      try {
        await client.query("select pg_advisory_lock(4242000)");
        await migrateConnection(conn);
        await client.query("select pg_advisory_unlock(4242000)");
      } finally {
        client.release();
      }
    } else {
      await migrateConnection(conn);
    }
    console.log(`[migrate] ${conn.description}: schema up to date (${Date.now() - started} ms)`);
  } catch (err) {
    await conn.close().catch(() => undefined);
    fail(`Migrating ${conn.description} failed: ${(err as Error).message}`);
  }
  await conn.close();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runMigrations();
}
