/**
 * Vitest global setup. When TEST_DATABASE_URL points at a PostgreSQL server, create a fresh database
 * for this run (so runs never see each other's rows), migrate it once, hand its URL to the tests,
 * and drop it afterwards.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { connectPg, connectPglite, migrateConnection } from "../db/connect";

declare module "vitest" {
  export interface ProvidedContext {
    pgTestUrl: string | null;
    pgliteTemplate: string;
  }
}

/**
 * PGlite: migrate one in-memory database and dump it to a file; each test file loads that dump
 * (≈2 s) instead of running initdb and every migration again (≈6–9 s).
 */
async function makePgliteTemplate(): Promise<string> {
  const conn = connectPglite(undefined);
  await migrateConnection(conn);
  if (conn.raw.kind !== "pglite") throw new Error("expected PGlite");
  const dump = await conn.raw.client.dumpDataDir("gzip");
  await conn.close();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "spanlab-test-")), "template.tar.gz");
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  return file;
}

export default async function setup(project: TestProject) {
  const template = await makePgliteTemplate();
  project.provide("pgliteTemplate", template);
  const removeTemplate = () => fs.rmSync(path.dirname(template), { recursive: true, force: true });
  const base = process.env.TEST_DATABASE_URL;
  if (!base) {
    project.provide("pgTestUrl", null);
    return removeTemplate;
  }
  const name = `spanlab_test_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const conn = connectPg(url.toString(), { max: 1 });
  await migrateConnection(conn);
  await conn.close();
  project.provide("pgTestUrl", url.toString());
  return async () => {
    removeTemplate();
    const a = new pg.Client({ connectionString: base });
    await a.connect();
    // Suites' clones are dropped by the suites; sweep any a crashed worker left behind.
    const left = await a.query<{ datname: string }>("select datname from pg_database where datname like $1", [`${name}\\_%`]);
    for (const row of left.rows) await a.query(`drop database if exists ${row.datname} with (force)`);
    await a.query(`drop database if exists ${name} with (force)`);
    await a.end();
  };
}
