/**
 * The server the e2e suite drives: a production build on a FRESH database, so the first-run setup
 * journey starts from nothing. PGlite in a new temporary folder by default; with E2E_DATABASE_URL or
 * DATABASE_URL, a new database on that PostgreSQL server (dropped at exit).
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

const port = process.env.E2E_PORT ?? "3100";
const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", PORT: port, NEXTAUTH_URL: `http://127.0.0.1:${port}` };
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "spanlab-e2e-"));
env.SPANLAB_DATA_DIR = dataDir;
delete env.PGLITE_DIR;

const base = process.env.E2E_DATABASE_URL ?? process.env.DATABASE_URL;
let dropDatabase: (() => Promise<void>) | undefined;
if (base) {
  const name = `spanlab_e2e_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  env.DATABASE_URL = url.toString();
  dropDatabase = async () => {
    const a = new pg.Client({ connectionString: base });
    await a.connect();
    await a.query(`drop database if exists ${name} with (force)`);
    await a.end();
  };
  console.log(`[e2e] fresh PostgreSQL database ${name}`);
} else {
  delete env.DATABASE_URL;
  console.log(`[e2e] fresh PGlite in ${dataDir}`);
}

const migrate = spawnSync(process.execPath, [path.resolve("scripts/run.mjs"), "migrate"], { stdio: "inherit", env });
if (migrate.status !== 0) process.exit(migrate.status ?? 1);

const nextBin = path.resolve("node_modules/next/dist/bin/next");
if (!fs.existsSync(".next/BUILD_ID")) {
  const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const server = spawn(process.execPath, [nextBin, "start", "-p", port, "-H", "127.0.0.1"], { stdio: "inherit", env });
let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  server.kill("SIGTERM");
  await dropDatabase?.().catch((err: Error) => console.error(`[e2e] could not drop the test database: ${err.message}`));
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void shutdown(0));
server.on("exit", (code) => void shutdown(code ?? 0));
