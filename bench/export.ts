/**
 * Export benchmark: time and peak memory of each format's export from the database, next to a raw
 * `COPY (SELECT …) TO STDOUT` of the same rows.
 *
 *   cd /work/main && flock /tmp/spanlab-e2e.lock -c 'nice -n 10 npx tsx bench/export.ts'
 *
 * Against the PostgreSQL server in BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres),
 * for each size (BENCH_SIZES, default "10000:200000,50000:1000000" = documents:spans):
 *   1. creates a fresh database, migrates it (migrateConnection), and bulk-loads a generated project:
 *      news-like articles (~1,500 characters, with emoji, CJK and combining marks), spans on word
 *      boundaries (half gold, half split between two annotators; attributes, notes, some entity links)
 *      and one relation per article, with multi-row INSERT … SELECT FROM unnest(…) statements;
 *   2. for each format, first the raw reference — psql `COPY (SELECT …) TO STDOUT` of the documents,
 *      of the spans joined with labels / users / entities, and of the relations (the rows the export
 *      reads) to a pipe — and right after it that format's export through lib/server/export.ts
 *      (`streamExport`, as the project's owner, layer "all", so all spans are written) in its own
 *      child process, compiled by scripts/run.mjs as `npm run export` runs; the stream is read to the
 *      end and discarded. Records time, bytes, the child's peak RSS (`process.resourceUsage().maxRSS`)
 *      and its JS heap at the peak. Each format is compared with the COPY run just before it, since
 *      this machine's speed drifts within minutes;
 *   4. drops the database (also on failure).
 * Prints one table per size. Budgets: JSONL at ≥ 50% of the COPY rate (same documents in at most
 * twice COPY's time); peak RSS < 256 MB for every format and size (flat from the small to the large size).
 *
 * Environment: BENCH_DATABASE_URL, BENCH_SIZES, BENCH_FORMATS (comma-separated; default all),
 * BENCH_PROFILE_DIR (write a V8 CPU profile of each format's child process there), BENCH_REUSE_DB=<name>
 * (run against a database kept by an earlier run, of one size, instead of loading one), BENCH_KEEP=1 (keep the
 * database, for EXPLAIN; it prints how to drop it).
 */
import { spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { eq } from "drizzle-orm";
import pg from "pg";
import { connectPg, migrateConnection, type Connection } from "../db/connect";
import { labels, projectMembers, projects, users } from "../db/schema";
import { EXPORT_FORMAT_IDS, type ExportFormat } from "../lib/export";
import { defaultLabels } from "../lib/server/default-labels";

const BASE_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const SIZES = (process.env.BENCH_SIZES ?? "10000:200000,50000:1000000").split(",").map((s) => {
  const [docs, spans] = s.split(":").map(Number);
  return { docs: docs!, spans: spans! };
});
const FORMATS = (process.env.BENCH_FORMATS ? process.env.BENCH_FORMATS.split(",") : [...EXPORT_FORMAT_IDS]) as ExportFormat[];
const OWNER_EMAIL = "bench-export-owner@example.test";
const SELF = fileURLToPath(import.meta.url);

function databaseUrl(name: string): string {
  const url = new URL(BASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

// ---------------------------------------------------------------------------------------------
// Child: one format's export, measured in a process of its own so peak RSS is its own.

async function runChild(format: ExportFormat, url: string, projectId: string): Promise<void> {
  const { streamExport } = await import("../lib/server/export");
  const { getUserByEmail } = await import("../db/queries/users");
  const conn = connectPg(url, { max: 2 });
  const owner = await getUserByEmail(conn.db, OWNER_EMAIL);
  if (!owner) throw new Error("bench owner missing");
  const baseRssKb = Math.round(process.memoryUsage().rss / 1024);
  // Where the memory is: the process's figures at the sample with the highest RSS.
  let peak = process.memoryUsage();
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    if (now.rss > peak.rss) peak = now;
  }, 50);
  const started = performance.now();
  const run = await streamExport(conn.db, { userId: owner.id, email: owner.email, name: owner.name }, projectId, { format, layer: "all" });
  const reader = run.stream.getReader();
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength; // discarded, like writing to /dev/null
  }
  const report = await run.report;
  const ms = performance.now() - started;
  clearInterval(sampler);
  await conn.close();
  process.stdout.write(
    `${JSON.stringify({ format, ms, bytes, documents: report.documents, spans: report.spans, mismatched: report.mismatched.length, baseRssKb, maxRssKb: process.resourceUsage().maxRSS, peak })}\n`,
  );
}

// ---------------------------------------------------------------------------------------------
// Generated data.

const VOCAB = (
  "harbour council ferry timetable minister said would change vote budget report island port committee members agreed " +
  "objected public hearing evening morning statement spokesperson residents families school teachers workers union strike " +
  "wages tariffs trade exports fish weather storm coast guard rescue boat engine repair funding contract tender bridge road " +
  "café naïve Zoë São Paulo Kraków 東京 港湾局 記者会見 🚢 👩🏽‍🍳 🇺🇦 cafe\u0301 n\u0303"
).split(" ");

function createRandom(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface GeneratedDoc {
  id: string;
  text: string;
  length: number;
  /** Word ranges in code points. */
  words: [number, number][];
}

function generateDoc(rnd: () => number): GeneratedDoc {
  const parts: string[] = [];
  const words: [number, number][] = [];
  let cp = 0;
  const count = 220 + Math.floor(rnd() * 40);
  for (let i = 0; i < count; i++) {
    const word = VOCAB[Math.floor(rnd() * VOCAB.length)]!;
    const len = [...word].length;
    words.push([cp, cp + len]);
    parts.push(word);
    cp += len;
    const sep = i === count - 1 ? "" : i % 23 === 22 ? ".\n" : i % 9 === 8 ? ", " : " ";
    parts.push(sep);
    cp += sep.length;
  }
  const text = `${parts.join("")}.`;
  return { id: randomUUID(), text, length: cp + 1, words };
}

async function insertUnnest(client: pg.PoolClient | pg.Client, table: string, columns: [string, string][], rows: unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  const arrays = columns.map((_, c) => rows.map((r) => r[c]));
  const select = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(", ");
  await client.query(`insert into ${table} (${columns.map(([name]) => name).join(", ")}) select * from unnest(${select})`, arrays);
}

interface Seeded {
  projectId: string;
  loadSeconds: number;
}

async function seed(conn: Connection, url: string, size: { docs: number; spans: number }): Promise<Seeded> {
  const started = performance.now();
  const db = conn.db;
  const [owner] = await db.insert(users).values({ email: OWNER_EMAIL, name: "Bench Owner", passwordHash: null }).returning();
  const [alice] = await db.insert(users).values({ email: "alice@bench.example.test", name: "Alice", passwordHash: null }).returning();
  const [bob] = await db.insert(users).values({ email: "bob@bench.example.test", name: "Bob", passwordHash: null }).returning();
  const [project] = await db.insert(projects).values({ slug: "bench-export", name: "Export bench", createdBy: owner!.id }).returning();
  await db.insert(projectMembers).values([
    { projectId: project!.id, userId: owner!.id, role: "owner" },
    { projectId: project!.id, userId: alice!.id, role: "annotator" },
    { projectId: project!.id, userId: bob!.id, role: "annotator" },
  ]);
  const labelRows = await db.insert(labels).values(defaultLabels(project!.id)).returning();
  const [claim, quote, entity] = labelRows;
  const entityIds = Array.from({ length: 50 }, () => randomUUID());

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await insertUnnest(
      client,
      "entities",
      [
        ["id", "uuid"],
        ["project_id", "uuid"],
        ["name", "text"],
        ["external_id", "text"],
      ],
      entityIds.map((id, i) => [id, project!.id, `Entity ${i} 東京`, i % 2 === 0 ? `Q${100 + i}` : null]),
    );
    const rnd = createRandom(size.docs);
    const spansPerDoc = Math.round(size.spans / size.docs);
    const DOC_BATCH = 1000;
    for (let at = 0; at < size.docs; at += DOC_BATCH) {
      const docs = Array.from({ length: Math.min(DOC_BATCH, size.docs - at) }, () => generateDoc(rnd));
      await insertUnnest(
        client,
        "documents",
        [
          ["id", "uuid"],
          ["project_id", "uuid"],
          ["title", "text"],
          ["text", "text"],
          ["length", "int4"],
          ["content_hash", "text"],
          ["status", "text"],
          ["meta", "jsonb"],
        ],
        docs.map((d, i) => [d.id, project!.id, `Article ${at + i}`, d.text, d.length, `h${at + i}`, i % 3 === 0 ? "approved" : "in_review", JSON.stringify({ desk: "port", n: at + i })]),
      );
      const spanRows: unknown[][] = [];
      const relationRows: unknown[][] = [];
      for (const d of docs) {
        // Disjoint word ranges: spans never overlap within a document.
        const cps = [...d.text];
        const stride = Math.floor(d.words.length / spansPerDoc);
        const ids: { id: string; layer: string; owner: string | null }[] = [];
        for (let k = 0; k < spansPerDoc; k++) {
          const first = d.words[k * stride]!;
          const last = d.words[k * stride + Math.min(stride - 1, Math.floor(rnd() * 3))]!;
          const label = k % 3 === 0 ? claim! : k % 3 === 1 ? quote! : entity!;
          const layer = k % 2 === 0 ? "gold" : "annotator";
          const ownerId = layer === "gold" ? null : k % 4 === 1 ? alice!.id : bob!.id;
          const id = randomUUID();
          ids.push({ id, layer, owner: ownerId });
          spanRows.push([
            id,
            project!.id,
            d.id,
            layer,
            ownerId,
            label.id,
            first[0],
            last[1],
            cps.slice(first[0], last[1]).join(""),
            JSON.stringify(label === quote ? { form: "direct" } : label === claim ? { check_worthy: k % 5 === 0 } : {}),
            k % 7 === 0 ? "check the figure" : null,
            label === entity && k % 2 === 0 ? entityIds[k % entityIds.length] : null,
            label === entity ? "Person" : null,
          ]);
        }
        const from = ids[0];
        const to = ids.find((s, i) => i > 0 && s.layer === from?.layer && s.owner === from?.owner);
        if (from && to) relationRows.push([randomUUID(), project!.id, d.id, "said_by", from.id, to.id]);
      }
      await insertUnnest(
        client,
        "annotations",
        [
          ["id", "uuid"],
          ["project_id", "uuid"],
          ["document_id", "uuid"],
          ["layer", "text"],
          ["owner_id", "uuid"],
          ["label_id", "uuid"],
          ["start_offset", "int4"],
          ["end_offset", "int4"],
          ["quote", "text"],
          ["attributes", "jsonb"],
          ["note", "text"],
          ["entity_id", "uuid"],
          ["entity_type", "text"],
        ],
        spanRows,
      );
      await insertUnnest(
        client,
        "relations",
        [
          ["id", "uuid"],
          ["project_id", "uuid"],
          ["document_id", "uuid"],
          ["type", "text"],
          ["from_id", "uuid"],
          ["to_id", "uuid"],
        ],
        relationRows,
      );
    }
    await client.query("vacuum analyze");
  } finally {
    await client.end();
  }
  return { projectId: project!.id, loadSeconds: (performance.now() - started) / 1000 };
}

// ---------------------------------------------------------------------------------------------
// The raw reference: COPY of the rows the export reads, through psql, to a pipe.

function copyQueries(projectId: string): string[] {
  const p = `'${projectId}'`;
  return [
    `copy (select id, title, text, source_url, meta, status from documents where project_id = ${p} order by id) to stdout`,
    `copy (select a.id, a.document_id, a.layer, u.email, a.label_id, l.name, a.start_offset, a.end_offset, a.quote, a.attributes, a.note,
            a.entity_id, e.name, e.external_id, a.entity_type, a.created_at, a.updated_at
          from annotations a join labels l on l.id = a.label_id left join users u on u.id = a.owner_id left join entities e on e.id = a.entity_id
          where a.project_id = ${p} and a.deleted_at is null order by a.document_id) to stdout`,
    `copy (select id, document_id, type, from_id, to_id from relations where project_id = ${p} and deleted_at is null order by document_id) to stdout`,
  ];
}

async function runCopy(url: string, projectId: string): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  let bytes = 0;
  for (const query of copyQueries(projectId)) {
    await new Promise<void>((resolve, reject) => {
      const child = spawn("psql", [url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", query.replace(/\s+/g, " ")], { stdio: ["ignore", "pipe", "inherit"] });
      child.stdout.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
      });
      child.on("error", reject);
      child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`psql exited with ${code}`))));
    });
  }
  return { ms: performance.now() - started, bytes };
}

interface ChildResult {
  format: ExportFormat;
  ms: number;
  bytes: number;
  documents: number;
  spans: number;
  mismatched: number;
  /** RSS after start-up (modules loaded, connected), before the export. */
  baseRssKb: number;
  maxRssKb: number;
  /** `process.memoryUsage()` at the sample with the highest RSS (bytes). */
  peak: NodeJS.MemoryUsage;
}

function runFormat(format: ExportFormat, url: string, projectId: string): ChildResult {
  const profile = process.env.BENCH_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`, `--cpu-prof-name=${format}.cpuprofile`] : [];
  // Compiled the way `npm run export` runs (scripts/run.mjs), not through the tsx loader, whose worker
  // thread and caches would add ~80 MB to every figure.
  const root = path.resolve(path.dirname(SELF), "..");
  const child = spawnSync(process.execPath, [...profile, path.join(root, "scripts", "run.mjs"), SELF, "--child", format, url, projectId], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (child.status !== 0) throw new Error(`export of ${format} failed:\n${child.stderr}`);
  const line = child.stdout.trim().split("\n").filter((l) => l.startsWith("{")).pop();
  if (!line) throw new Error(`export of ${format} printed no result:\n${child.stdout}\n${child.stderr}`);
  return JSON.parse(line) as ChildResult;
}

function mb(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}

async function runSize(size: { docs: number; spans: number }): Promise<void> {
  const reuse = process.env.BENCH_REUSE_DB;
  const name = reuse ?? `spanlab_bench_export_${Date.now()}_${process.pid}`;
  if (!reuse) {
    const admin = new pg.Client({ connectionString: BASE_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
  }
  const url = databaseUrl(name);
  const conn = connectPg(url, { max: 2 });
  try {
    let seeded: Seeded;
    if (reuse) {
      const [project] = await conn.db.select({ id: projects.id }).from(projects).where(eq(projects.slug, "bench-export"));
      if (!project) throw new Error(`BENCH_REUSE_DB=${reuse} holds no bench project`);
      seeded = { projectId: project.id, loadSeconds: 0 };
    } else {
      await migrateConnection(conn);
      seeded = await seed(conn, url, size);
    }
    console.log(`\n## ${size.docs.toLocaleString("en")} documents, ${size.spans.toLocaleString("en")} spans (loaded in ${seeded.loadSeconds.toFixed(1)} s)`);
    // This machine's speed drifts by tens of percent within minutes, so each format is compared with a
    // COPY run just before it rather than with one COPY at the start.
    const rows: string[] = [];
    rows.push("| what | time (s) | MB out | documents/s | spans/s | COPY just before (s) | % of COPY rate | peak RSS (MB) | RSS at start (MB) | at peak: JS heap total / used, external (MB) |");
    rows.push("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    const copies: number[] = [];
    let copyBytes = 0;
    for (const format of FORMATS) {
      const copy = await runCopy(url, seeded.projectId);
      copies.push(copy.ms);
      copyBytes = copy.bytes;
      const copyRate = size.docs / (copy.ms / 1000);
      const r = runFormat(format, url, seeded.projectId);
      const rate = r.documents / (r.ms / 1000);
      const note = r.documents !== size.docs || r.spans !== size.spans || r.mismatched > 0 ? ` (documents ${r.documents}, spans ${r.spans}, mismatched ${r.mismatched})` : "";
      rows.push(
        `| ${format}${note} | ${(r.ms / 1000).toFixed(2)} | ${mb(r.bytes)} | ${Math.round(rate).toLocaleString("en")} | ${Math.round(r.spans / (r.ms / 1000)).toLocaleString("en")} | ${(copy.ms / 1000).toFixed(2)} | ${Math.round((100 * rate) / copyRate)}% | ${(r.maxRssKb / 1024).toFixed(0)} | ${(r.baseRssKb / 1024).toFixed(0)} | ${mb(r.peak.heapTotal)} / ${mb(r.peak.heapUsed)}, ${mb(r.peak.external)} |`,
      );
      console.log(rows[rows.length - 1]);
    }
    const sorted = [...copies].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
    rows.push(
      `| raw COPY (psql, 3 queries; median of ${copies.length}, ${(sorted[0]! / 1000).toFixed(2)}–${(sorted[sorted.length - 1]! / 1000).toFixed(2)} s) | ${(median / 1000).toFixed(2)} | ${mb(copyBytes)} | ${Math.round(size.docs / (median / 1000)).toLocaleString("en")} | ${Math.round(size.spans / (median / 1000)).toLocaleString("en")} | — | 100% | — | — | — |`,
    );
    console.log(`\n${rows.join("\n")}`);
  } finally {
    await conn.close().catch(() => undefined);
    if (process.env.BENCH_KEEP === "1" || reuse) {
      console.log(`(kept database ${name}; drop it with: psql ${BASE_URL} -c 'drop database ${name}')`);
      return;
    }
    const a = new pg.Client({ connectionString: BASE_URL });
    await a.connect();
    await a.query(`drop database if exists ${name} with (force)`);
    await a.end();
  }
}

if (process.argv[2] === "--child") {
  await runChild(process.argv[3] as ExportFormat, process.argv[4]!, process.argv[5]!);
} else {
  console.log(`# Export benchmark (PostgreSQL at ${new URL(BASE_URL).host}; Node ${process.version}; formats: ${FORMATS.join(", ")})`);
  for (const size of SIZES) await runSize(size);
}
