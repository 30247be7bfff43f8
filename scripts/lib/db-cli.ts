/**
 * Shared start-up for command-line scripts: connect to the database the app uses (DATABASE_URL or
 * PGlite), failing with one clear line — never a stack trace — when it can't be reached.
 */
import { checkConnection, connectFromEnv, describeDatabaseUrl, type Connection } from "../../db/connect";

export async function openCliConnection(): Promise<Connection> {
  const url = process.env.DATABASE_URL;
  if (url !== undefined && url.trim() === "") fail("DATABASE_URL is set but empty. Unset it to use the embedded database, or give a postgres:// URL.");
  if (url && !/^postgres(ql)?:\/\//.test(url)) fail(`DATABASE_URL must start with postgres:// or postgresql:// (got "${url.split(":")[0]}:…").`);
  let conn: Connection;
  try {
    conn = connectFromEnv();
  } catch (err) {
    fail(`Cannot open the database: ${(err as Error).message}`);
  }
  try {
    await checkConnection(conn);
  } catch (err) {
    await conn.close().catch(() => undefined);
    const where = url ? `PostgreSQL at ${describeDatabaseUrl(url)}` : conn.description;
    fail(`Cannot reach ${where}: ${(err as Error).message}. Check DATABASE_URL and that the server is running.`);
  }
  return conn;
}

export function fail(message: string): never {
  console.error(`spanlab: ${message}`);
  process.exit(1);
}
