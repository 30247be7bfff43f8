/**
 * Library benchmark: server time of the library's queries on a project of 100,000 articles.
 *
 *   cd /work/main && flock /tmp/spanlab-e2e.lock -c 'nice -n 10 npx tsx --conditions=react-server bench/library.ts'
 *
 * PostgreSQL from BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres): a fresh
 * database, migrated with migrateConnection, dropped at the end (also on failure; BENCH_KEEP=1 keeps
 * it). It loads one project with BENCH_DOCUMENTS (100,000) generated articles of ≈120 words (1% of
 * them mention "lighthouse", one title contains "Zephyrine"), four annotators with 2 each on the
 * first 60,000 articles (balanced through lib/server/assign.ts, statuses spread), and a Claim span on
 * every 50th article. Then it calls the use-cases the pages and routes call (lib/server/library.ts
 * listLibrary / getLibrarySummary, lib/server/queue.ts getMyQueue) BENCH_RUNS (7) times each and
 * prints the median and the slowest, plus the plan of the search to show the GIN index is used.
 * Nothing is asserted: it prints numbers.
 */
import { randomUUID, createHash } from "node:crypto";
import os from "node:os";
import pg from "pg";
import { sql } from "drizzle-orm";
import { connectPg, describeDatabaseUrl, migrateConnection, type Connection } from "../db/connect";
import { insertImportedAnnotations, insertImportedDocuments, resultRows } from "../db/queries/imports";
import { insertLabels } from "../db/queries/labels";
import { insertMember, insertProject } from "../db/queries/projects";
import { insertUser } from "../db/queries/users";
import type { Actor } from "../lib/auth/guards";
import { assignDocuments } from "../lib/server/assign";
import { defaultLabels } from "../lib/server/default-labels";
import { getLibrarySummary, listLibrary } from "../lib/server/library";
import { getMyQueue } from "../lib/server/queue";

const BASE_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const DOCUMENTS = Number(process.env.BENCH_DOCUMENTS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const ASSIGNED = Math.round(DOCUMENTS * 0.6);

let prngState = 0xc0ffee;
function random(): number {
  prngState = (prngState + 0x6d2b79f5) >>> 0;
  let t = prngState;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
const WORDS = (
  "harbour council ferry quay budget tender report minister mayor residents survey planners deputy " +
  "said argued claimed denied warned added noted insisted promised estimated confirmed " +
  "the a of to in on for with from by about against after before during under over " +
  "new old local regional public early late final annual plan cost jobs housing transport bridge " +
  "tunnel station market school clinic million percent week month year " +
  "Northfield Easthaven Lowmarsh Kestrel Brannock Tidewell Orrin Maelis Corvane Halloway"
).split(" ");

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number[]; last: T }> {
  const ms: number[] = [];
  let last: T | undefined;
  await fn(); // warm-up (plans, caches)
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    last = await fn();
    ms.push(performance.now() - t0);
  }
  return { ms, last: last as T };
}

async function main(): Promise<void> {
  const name = process.env.BENCH_REUSE ?? `spanlab_bench_library_${process.pid}`;
  const admin = new pg.Client({ connectionString: BASE_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(BASE_URL);
  url.pathname = `/${name}`;
  let conn: Connection | undefined;
  try {
    conn = connectPg(url.toString(), { max: 4 });
    await migrateConnection(conn);
    const db = conn.db;
    console.log(`[bench] PostgreSQL at ${describeDatabaseUrl(url.toString())}; ${os.cpus().length} CPUs, Node ${process.version}`);

    // ---- seed ----
    const t0 = performance.now();
    const ownerRow = await insertUser(db, { email: `owner-${randomUUID()}@example.test`, name: "Bench Owner", passwordHash: null });
    const owner: Actor = { userId: ownerRow.id, email: ownerRow.email, name: ownerRow.name };
    const project = await insertProject(db, { slug: `library-bench-${Date.now()}`, name: "Library bench", description: "", createdBy: owner.userId });
    await insertMember(db, { projectId: project.id, userId: owner.userId, role: "owner" });
    const labels = await insertLabels(db, defaultLabels(project.id));
    const claim = labels.find((l) => l.name === "Claim")!;
    const annotators: Actor[] = [];
    for (const n of ["Ada", "Bruno", "Chiara", "Dmitri"]) {
      const u = await insertUser(db, { email: `${n.toLowerCase()}-${randomUUID()}@example.test`, name: `${n} Annotator`, passwordHash: null });
      await insertMember(db, { projectId: project.id, userId: u.id, role: "annotator" });
      annotators.push({ userId: u.id, email: u.email, name: u.name });
    }
    await db.transaction(async (tx) => {
      for (let start = 0; start < DOCUMENTS; start += 2000) {
        const rows = [];
        const spans = [];
        for (let i = start; i < Math.min(DOCUMENTS, start + 2000); i++) {
          const words = Array.from({ length: 120 }, () => pick(WORDS));
          if (i % 100 === 7) words[60] = "lighthouse";
          const text = `Article ${i + 1}. ${words.join(" ")}.`;
          const id = randomUUID();
          rows.push({
            id,
            title: i === 77_777 % DOCUMENTS ? `Zephyrine harbour special ${i + 1}` : `Report ${i + 1}: ${words.slice(0, 5).join(" ")}`,
            text,
            length: [...text].length,
            sourceUrl: null,
            meta: {},
            contentHash: createHash("sha256").update(text).digest("hex"),
            ordinal: i,
          });
          if (i % 50 === 0) spans.push({ documentId: id, labelId: claim.id, start: 0, end: 7, quote: "Article", prefix: "", suffix: text.slice(7, 39) });
        }
        await insertImportedDocuments(tx, project.id, owner.userId, rows);
        await insertImportedAnnotations(tx, project.id, annotators[0]!.userId, spans);
      }
    });
    const seeded = performance.now();
    const ids = resultRows<{ id: string }>(
      await db.execute(sql`select id from documents where project_id = ${project.id}::uuid order by created_at, id limit ${ASSIGNED}`),
    ).map((r) => r.id);
    await assignDocuments(db, owner, project.id, { documentIds: ids, userIds: annotators.map((a) => a.userId), perDocument: 2 });
    // Spread statuses: 10% submitted, 5% approved, 10% in progress, 2% returned.
    await db.execute(sql`
      update assignments set status = case
        when r < 0.10 then 'submitted' when r < 0.15 then 'approved' when r < 0.25 then 'in_progress' when r < 0.27 then 'returned' else 'assigned' end
      from (select id as aid, random() as r from assignments where project_id = ${project.id}::uuid) x where assignments.id = x.aid`);
    await db.execute(sql`analyze`);
    console.log(
      `[bench] seeded ${DOCUMENTS.toLocaleString("en-US")} articles in ${((seeded - t0) / 1000).toFixed(1)} s, ` +
        `${(ids.length * 2).toLocaleString("en-US")} assignments in ${((performance.now() - seeded) / 1000).toFixed(1)} s`,
    );

    // ---- measure ----
    const ann = annotators[1]!;
    const deepCursor = (await listLibrary(db, owner, project.id, { limit: 1 })).nextCursor;
    const cases: [string, () => Promise<{ total?: number; items: unknown[] } | unknown>][] = [
      ["first library page (50 rows + total)", () => listLibrary(db, owner, project.id, {})],
      ["library summary (progress bar + per-annotator strip)", () => getLibrarySummary(db, owner, project.id)],
      ["search \"lighthouse\" (1% of articles, full-text)", () => listLibrary(db, owner, project.id, { q: "lighthouse" })],
      ["search \"harbour\" (most articles, full-text)", () => listLibrary(db, owner, project.id, { q: "harbour" })],
      ["search \"ephyri\" (part of one title)", () => listLibrary(db, owner, project.id, { q: "ephyri" })],
      ["filter status = submitted", () => listLibrary(db, owner, project.id, { status: "submitted" })],
      ["filter assignee = one annotator", () => listLibrary(db, owner, project.id, { assignee: ann.userId })],
      ["filter label = Claim", () => listLibrary(db, owner, project.id, { label: claim.id })],
      ["page 2 (keyset cursor)", () => listLibrary(db, owner, project.id, { cursor: deepCursor ?? undefined })],
      ["an annotator's queue (first 200)", () => getMyQueue(db, ann, project.id, {})],
    ];
    const rows: string[] = [];
    for (const [label, fn] of cases) {
      const { ms, last } = await time(fn);
      const total = (last as { total?: number }).total ?? (last as { counts?: { total: number } }).counts?.total;
      rows.push(`| ${label} | ${median(ms).toFixed(1)} ms | ${Math.max(...ms).toFixed(1)} ms | ${total === undefined ? "" : total.toLocaleString("en-US")} |`);
    }
    console.log("");
    console.log(`Server time per call (median and slowest of ${RUNS}, after one warm-up), ${DOCUMENTS.toLocaleString("en-US")} articles:`);
    console.log("");
    console.log("| call | median | slowest | matches |");
    console.log("| --- | ---: | ---: | ---: |");
    for (const r of rows) console.log(r);

    // The plan of the full-text half of the search: it must use documents_search_idx.
    const plan = resultRows<{ "QUERY PLAN": string }>(
      await db.execute(sql`explain select id from documents where project_id = ${project.id}::uuid
        and to_tsvector('simple', title || ' ' || left(text, 200000)) @@ plainto_tsquery('simple', 'lighthouse')`),
    ).map((r) => r["QUERY PLAN"]);
    console.log("");
    console.log(`Full-text search uses the GIN index: ${plan.some((l) => l.includes("documents_search_idx")) ? "yes" : "NO"}`);
    for (const l of plan) console.log(`    ${l}`);
  } finally {
    await conn?.close();
    if (!process.env.BENCH_KEEP) {
      const a = new pg.Client({ connectionString: BASE_URL });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    } else {
      console.log(`[bench] kept database ${name}`);
    }
  }
}

await main();
