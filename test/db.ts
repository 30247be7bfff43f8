/**
 * Runs an integration suite once per database driver: always against PGlite (in memory), and also
 * against the real PostgreSQL server when TEST_DATABASE_URL is set. Every suite gets a database of its
 * own: a PGlite loaded from a migrated dump, or a PostgreSQL database cloned from the run's migrated
 * template (test/global-setup.ts), so suites never see each other's rows.
 */
import { afterAll, beforeAll, describe, inject } from "vitest";
import fs from "node:fs";
import pg from "pg";
import { connectPg, connectPglite, type Connection, type Db } from "@/db/connect";

export type TestDriver = "pglite" | "pg";

let suiteCounter = 0;

export function availableDrivers(): TestDriver[] {
  return inject("pgTestUrl") ? ["pglite", "pg"] : ["pglite"];
}

export async function openTestConnection(driver: TestDriver): Promise<Connection> {
  if (driver === "pg") {
    const templateUrl = inject("pgTestUrl");
    if (!templateUrl) throw new Error("TEST_DATABASE_URL is not set");
    // Each suite gets its own database, cloned from the migrated template (fast, fully isolated).
    const template = new URL(templateUrl);
    const templateName = template.pathname.slice(1);
    const name = `${templateName}_${process.pid}_${++suiteCounter}`;
    const admin = new pg.Client({ connectionString: templateUrl.replace(/\/[^/]*$/, "/postgres") });
    await admin.connect();
    await admin.query(`create database ${name} template ${templateName}`);
    await admin.end();
    const url = new URL(templateUrl);
    url.pathname = `/${name}`;
    const conn = connectPg(url.toString(), { max: 4 });
    return {
      ...conn,
      close: async () => {
        await conn.close();
        const a = new pg.Client({ connectionString: templateUrl.replace(/\/[^/]*$/, "/postgres") });
        await a.connect();
        await a.query(`drop database if exists ${name} with (force)`);
        await a.end();
      },
    };
  }
  const dump = new Blob([fs.readFileSync(inject("pgliteTemplate"))]);
  return connectPglite(undefined, { loadDataDir: dump });
}

export function describeWithDb(name: string, body: (ctx: { db: () => Db; conn: () => Connection; driver: TestDriver }) => void): void {
  for (const driver of availableDrivers()) {
    describe(`${name} [${driver}]`, () => {
      let conn: Connection | undefined;
      beforeAll(async () => {
        conn = await openTestConnection(driver);
      });
      afterAll(async () => {
        await conn?.close();
      });
      body({
        db: () => {
          if (!conn) throw new Error("database not open yet");
          return conn.db;
        },
        conn: () => {
          if (!conn) throw new Error("database not open yet");
          return conn;
        },
        driver,
      });
    });
  }
}

let counter = 0;
/** A unique email for a test user. */
export function uniqueEmail(prefix = "user"): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${process.pid}-${counter}@example.test`;
}
