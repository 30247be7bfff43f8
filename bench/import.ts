/**
 * Import benchmark: a 50 MB JSONL file of 10,000 generated articles (≈5 KB each, two labels each)
 * imported through lib/server/import-documents.ts (exactly what POST /api/projects/:p/import runs,
 * without HTTP), beside a raw `COPY FROM STDIN` of the same rows (psql \copy) and the same rows
 * written with Drizzle's multi-row insert (db/queries/documents.ts insertDocuments, 500 per statement).
 *
 *   cd /work/main && flock /tmp/spanlab-e2e.lock -c 'nice -n 10 npx tsx --conditions=react-server bench/import.ts'
 *
 * PostgreSQL from BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres): a fresh
 * database per variant, migrated with migrateConnection, dropped at the end (also on failure). Also
 * the same import into an in-memory PGlite. Each variant runs in its own child process, so its peak
 * RSS (process.resourceUsage().maxRSS) is its own. BENCH_DOCUMENTS (10,000) and BENCH_BYTES (50 MB)
 * change the size; BENCH_VARIANTS=spanlab-pg,copy,drizzle,spanlab-pglite picks variants.
 * Nothing is asserted: it prints a table.
 */
import { spawnSync } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { connectPg, connectPglite, describeDatabaseUrl, migrateConnection, type Connection } from "../db/connect";
import { insertDocuments } from "../db/queries/documents";
import { insertMember, insertProject } from "../db/queries/projects";
import { insertLabels } from "../db/queries/labels";
import { insertUser } from "../db/queries/users";
import { importDocuments } from "../lib/server/import-documents";
import { defaultLabels } from "../lib/server/default-labels";

const BASE_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const DOCUMENTS = Number(process.env.BENCH_DOCUMENTS ?? 10_000);
const TARGET_BYTES = Number(process.env.BENCH_BYTES ?? 50 * 1024 * 1024);
const VARIANTS = (process.env.BENCH_VARIANTS ?? "spanlab-pg,copy,drizzle,spanlab-pglite").split(",");

type Variant = "spanlab-pg" | "copy" | "drizzle" | "spanlab-pglite";
interface Result {
  variant: Variant;
  ms: number;
  rows: number;
  annotations: number;
  maxRssMb: number;
  note: string;
}

// ---------- data ----------

let prngState = 0x1badc0de;
function random(): number {
  prngState = (prngState + 0x6d2b79f5) >>> 0;
  let t = prngState;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

// Invented newsroom vocabulary (no third-party text), with a few non-ASCII words.
const WORDS = (
  "harbour council ferry quay budget tender report minister mayor residents survey planners deputy " +
  "said argued claimed denied warned added noted insisted promised estimated confirmed " +
  "the a of to in on for with from by about against after before during under over " +
  "new old local regional public early late final annual plan cost jobs housing transport bridge " +
  "tunnel station market school clinic million percent week month year café naïve Zürich São 🚢 " +
  "Northfield Easthaven Lowmarsh Kestrel Brannock Tidewell Orrin Maelis Corvane Halloway"
).split(" ");

interface GeneratedRecord {
  title: string;
  text: string;
  label: [number, number, string][];
}

function generateRecord(i: number, bytesPerDoc: number): GeneratedRecord {
  const words: string[] = [];
  let size = 0;
  while (size < bytesPerDoc) {
    const w = pick(WORDS);
    words.push(w);
    size += Buffer.byteLength(w) + 1;
    if (random() < 0.06) {
      words.push("\n\n");
      size += 2;
    }
  }
  const text = `Article ${i + 1}. ${words.join(" ").replace(/ ?\n\n ?/g, "\n\n")}.`;
  const cps = [...text];
  // Two labels on word boundaries near the start.
  const first = cps.indexOf(" ", 10);
  const second = cps.indexOf(" ", first + 20);
  return {
    title: `Generated article ${String(i + 1).padStart(6, "0")}`,
    text,
    label: [
      [0, 7, "Claim"],
      [first + 1, second, "Entity"],
    ],
  };
}

async function writeFile(file: string): Promise<{ bytes: number }> {
  const out = fs.createWriteStream(file);
  const perDoc = Math.floor(TARGET_BYTES / DOCUMENTS) - 120;
  let bytes = 0;
  for (let i = 0; i < DOCUMENTS; i++) {
    const line = `${JSON.stringify(generateRecord(i, perDoc))}\n`;
    bytes += Buffer.byteLength(line);
    if (!out.write(line)) await new Promise<void>((r) => out.once("drain", () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return { bytes };
}

// ---------- setup ----------

async function freshPg(name: string): Promise<Connection> {
  const admin = new pg.Client({ connectionString: BASE_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(BASE_URL);
  url.pathname = `/${name}`;
  const conn = connectPg(url.toString(), { max: 2 });
  await migrateConnection(conn);
  return conn;
}

async function dropPg(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: BASE_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}

async function seedProject(conn: Connection): Promise<{ userId: string; projectId: string }> {
  const user = await insertUser(conn.db, { email: `bench-${randomUUID()}@example.test`, name: "Bench Owner", passwordHash: null });
  const project = await insertProject(conn.db, { slug: `bench-${Date.now()}`, name: "Import bench", description: "", createdBy: user.id });
  await insertMember(conn.db, { projectId: project.id, userId: user.id, role: "owner" });
  await insertLabels(conn.db, defaultLabels(project.id));
  return { userId: user.id, projectId: project.id };
}

async function countRows(conn: Connection, projectId: string): Promise<{ docs: number; annotations: number }> {
  const q = async (sqlText: string) => {
    if (conn.raw.kind === "pg") return Number((await conn.raw.pool.query(sqlText, [projectId])).rows[0].n);
    return Number(((await conn.raw.client.query(sqlText, [projectId])).rows[0] as { n: number }).n);
  };
  return {
    docs: await q("select count(*)::int as n from documents where project_id = $1"),
    annotations: await q("select count(*)::int as n from annotations where project_id = $1"),
  };
}

const maxRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

// ---------- variants (each in its own process) ----------

async function runSpanlab(file: string, driver: "pg" | "pglite"): Promise<Result> {
  const dbName = `spanlab_bench_import_${process.pid}`;
  const conn = driver === "pg" ? await freshPg(dbName) : connectPglite(undefined);
  try {
    if (driver === "pglite") await migrateConnection(conn);
    const { userId, projectId } = await seedProject(conn);
    const size = fs.statSync(file).size;
    const started = performance.now();
    const report = await importDocuments(conn.db, { userId, email: "bench@example.test", name: "Bench" }, projectId, {
      filename: "bench.jsonl",
      declaredSize: size,
      chunks: fs.createReadStream(file, { highWaterMark: 256 * 1024 }),
      options: { duplicates: "skip" },
    });
    const ms = performance.now() - started;
    const counts = await countRows(conn, projectId);
    return {
      variant: driver === "pg" ? "spanlab-pg" : "spanlab-pglite",
      ms,
      rows: counts.docs,
      annotations: counts.annotations,
      maxRssMb: maxRssMb(),
      note: `report: ${report.imported} imported, ${report.annotationsImported} spans`,
    };
  } finally {
    await conn.close();
    if (driver === "pg") await dropPg(dbName);
  }
}

/** The rows exactly as the import stores them (normalised text, hash, code-point length). */
function* rowsOf(file: string): Generator<{ id: string; title: string; text: string; length: number; hash: string }> {
  const lines = fs.readFileSync(file, "utf8").split("\n");
  for (const line of lines) {
    if (!line) continue;
    const r = JSON.parse(line) as GeneratedRecord;
    yield { id: randomUUID(), title: r.title, text: r.text, length: [...r.text].length, hash: createHash("sha256").update(r.text).digest("hex") };
  }
}

function csvField(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

async function runCopy(file: string): Promise<Result> {
  const dbName = `spanlab_bench_copy_${process.pid}`;
  const conn = await freshPg(dbName);
  const csvFile = path.join(path.dirname(file), "documents.csv");
  try {
    const { userId, projectId } = await seedProject(conn);
    const out = fs.createWriteStream(csvFile);
    for (const r of rowsOf(file)) {
      const line = [r.id, projectId, csvField(r.title), csvField(r.text), r.length, csvField("{}"), r.hash, userId].join(",") + "\n";
      if (!out.write(line)) await new Promise<void>((res) => out.once("drain", () => res()));
    }
    await new Promise<void>((resolve) => out.end(resolve));
    const url = new URL(BASE_URL);
    url.pathname = `/${dbName}`;
    const started = performance.now();
    const r = spawnSync(
      "psql",
      [url.toString(), "-v", "ON_ERROR_STOP=1", "-qc", `\\copy documents (id, project_id, title, text, length, meta, content_hash, created_by) from '${csvFile}' with (format csv)`],
      { encoding: "utf8" },
    );
    const ms = performance.now() - started;
    if (r.status !== 0) throw new Error(`psql \\copy failed: ${r.stderr}`);
    const counts = await countRows(conn, projectId);
    return { variant: "copy", ms, rows: counts.docs, annotations: 0, maxRssMb: maxRssMb(), note: "psql \\copy of pre-computed rows (no parsing, no checks, no labels); RSS is this process, not psql" };
  } finally {
    fs.rmSync(csvFile, { force: true });
    await conn.close();
    await dropPg(dbName);
  }
}

async function runDrizzle(file: string): Promise<Result> {
  const dbName = `spanlab_bench_drizzle_${process.pid}`;
  const conn = await freshPg(dbName);
  try {
    const { userId, projectId } = await seedProject(conn);
    const rows = [...rowsOf(file)];
    const started = performance.now();
    await conn.db.transaction(async (tx) => {
      for (let i = 0; i < rows.length; i += 500) {
        await insertDocuments(
          tx,
          rows.slice(i, i + 500).map((r) => ({ id: r.id, projectId, title: r.title, text: r.text, length: r.length, meta: {}, contentHash: r.hash, createdBy: userId })),
        );
      }
    });
    const ms = performance.now() - started;
    const counts = await countRows(conn, projectId);
    return { variant: "drizzle", ms, rows: counts.docs, annotations: 0, maxRssMb: maxRssMb(), note: "Drizzle multi-row INSERT … RETURNING *, 500 per statement, pre-computed rows (no parsing, no labels)" };
  } finally {
    await conn.close();
    await dropPg(dbName);
  }
}

// ---------- main ----------

async function child(variant: Variant, file: string): Promise<void> {
  const result =
    variant === "spanlab-pg" ? await runSpanlab(file, "pg") : variant === "spanlab-pglite" ? await runSpanlab(file, "pglite") : variant === "copy" ? await runCopy(file) : await runDrizzle(file);
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spanlab-bench-import-"));
  const file = path.join(dir, "articles.jsonl");
  try {
    const t0 = performance.now();
    const { bytes } = await writeFile(file);
    console.log(
      `[bench] ${DOCUMENTS.toLocaleString("en-US")} articles, ${(bytes / 1024 / 1024).toFixed(1)} MB JSONL generated in ${((performance.now() - t0) / 1000).toFixed(1)} s; ` +
        `PostgreSQL at ${describeDatabaseUrl(BASE_URL)}; ${os.cpus().length} CPUs, Node ${process.version}`,
    );
    const results: Result[] = [];
    for (const variant of VARIANTS as Variant[]) {
      const r = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, "--child", variant, file], {
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
        stdio: ["ignore", "pipe", "inherit"],
      });
      const line = r.stdout.split("\n").find((l) => l.startsWith("RESULT "));
      if (r.status !== 0 || !line) {
        console.error(`[bench] ${variant} failed (exit ${r.status}):\n${r.stdout}`);
        continue;
      }
      results.push(JSON.parse(line.slice(7)) as Result);
    }
    console.log("");
    console.log("| variant | time | articles/s | MB/s | articles | spans | peak RSS | what it does |");
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
    for (const r of results) {
      const s = r.ms / 1000;
      console.log(
        `| ${r.variant} | ${s.toFixed(2)} s | ${Math.round(r.rows / s).toLocaleString("en-US")} | ${(bytes / 1024 / 1024 / s).toFixed(1)} | ${r.rows.toLocaleString("en-US")} | ${r.annotations.toLocaleString("en-US")} | ${r.maxRssMb} MB | ${r.note} |`,
      );
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const childAt = process.argv.indexOf("--child");
if (childAt !== -1) {
  await child(process.argv[childAt + 1] as Variant, process.argv[childAt + 2]!);
  process.exit(0);
} else {
  await main();
}
