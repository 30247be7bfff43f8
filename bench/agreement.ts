/**
 * Agreement benchmark: how long does the server take to compute a project's agreement report from
 * the database, for 10,000 articles × 3 annotators?
 *
 *   cd /work/main && flock /tmp/spanlab-e2e.lock -c 'nice -n 10 npx tsx --conditions=react-server bench/agreement.ts'
 *
 * Against the PostgreSQL server in BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres)
 * it creates a fresh database, migrates it, and loads one project with BENCH_DOCUMENTS (10,000)
 * generated articles of ≈300 words (Latin text with typographic quotes and dashes; 2% contain a
 * Greek word, which sends them through the Intl.Segmenter tokenizer instead of the fast path), three
 * annotators with ≈20 spans each per article (70% of spans shared exactly, the rest widened,
 * relabelled, moved, dropped or added) and a gold layer on 10% of the articles. Rows go in with
 * multi-row `insert … select from unnest(…)` statements.
 *
 * Then it calls the use-case (lib/server/agreement.ts getProjectAgreement, exactly what
 * GET /api/projects/:p/agreement runs, without HTTP) BENCH_RUNS (3) times and prints wall and CPU
 * time of each call, the split (database / tokenizing / computing), and the median. Budget: < 5 s.
 * The database is dropped at the end, also on failure (BENCH_KEEP=1 keeps it; BENCH_REUSE=<name> measures a
 * kept one again without seeding). Nothing is asserted: it prints numbers.
 */
import { createHash, randomUUID } from "node:crypto";
import os from "node:os";
import pg from "pg";
import { connectPg, describeDatabaseUrl, migrateConnection, type Connection } from "../db/connect";
import { getProjectAgreement } from "../lib/server/agreement";

const BASE_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const DOCUMENTS = Number(process.env.BENCH_DOCUMENTS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const WORDS_PER_DOCUMENT = 300;
const SPANS_PER_LAYER = 20;
const ANNOTATORS = 3;
const GOLD_SHARE = 0.1;
const NON_LATIN_SHARE = 0.02;

// A small deterministic PRNG so every run loads the same data.
let prngState = 0x5eed1234;
function random(): number {
  prngState = (prngState + 0x6d2b79f5) >>> 0;
  let t = prngState;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

// Invented newsroom vocabulary (no third-party text).
const WORDS = (
  "harbour council ferry quay budget tender report minister mayor residents survey planners deputy " +
  "said argued claimed denied warned added noted insisted suggested promised estimated confirmed " +
  "the a of to in on for with from by about against after before during under over between " +
  "new old local regional national public private early late final interim annual " +
  "plan cost jobs housing transport bridge tunnel station market school hospital clinic library " +
  "million billion percent week month year decade spring autumn winter summer " +
  "would could should might will must can may not also only still already " +
  "Northfield Easthaven Lowmarsh Kestrel Brannock Tidewell Orrin Maelis Corvane Halloway"
).split(" ");
const GREEK = ["Αθήνα", "λιμάνι", "δήμος"];

interface GeneratedDocument {
  id: string;
  title: string;
  text: string;
  /** Code-point offsets of each word. */
  words: { start: number; end: number }[];
  hasGold: boolean;
}

function generateDocument(index: number): GeneratedDocument {
  const nonLatin = random() < NON_LATIN_SHARE;
  let text = "";
  let cp = 0; // every character used is in the BMP, so UTF-16 length = code points
  const words: { start: number; end: number }[] = [];
  let sentenceLength = 0;
  for (let w = 0; w < WORDS_PER_DOCUMENT; w++) {
    let word = nonLatin && w === 40 ? pick(GREEK) : pick(WORDS);
    if (sentenceLength === 0) word = word[0]!.toUpperCase() + word.slice(1);
    if (random() < 0.03) word = `${word}’s`;
    if (random() < 0.02) word = String(Math.floor(random() * 5000));
    const quoteOpen = random() < 0.02;
    if (quoteOpen) {
      text += "“";
      cp += 1;
    }
    words.push({ start: cp, end: cp + word.length });
    text += word;
    cp += word.length;
    if (quoteOpen) {
      text += "”";
      cp += 1;
    }
    sentenceLength++;
    let sep = " ";
    if (sentenceLength > 8 && random() < 0.12) {
      sep = random() < 0.1 ? ".\n\n" : ". ";
      sentenceLength = 0;
    } else if (random() < 0.06) sep = ", ";
    else if (random() < 0.01) sep = " — ";
    if (w === WORDS_PER_DOCUMENT - 1) sep = ".";
    text += sep;
    cp += sep.length;
  }
  return { id: randomUUID(), title: `Generated article ${index + 1}`, text, words, hasGold: random() < GOLD_SHARE };
}

interface SpanRow {
  documentId: string;
  layer: "annotator" | "gold";
  ownerId: string | null;
  labelId: string;
  start: number;
  end: number;
  quote: string;
}

function generateSpans(doc: GeneratedDocument, annotatorIds: string[], labelIds: string[]): SpanRow[] {
  const rows: SpanRow[] = [];
  const n = doc.words.length;
  const span = (first: number, last: number, labelId: string) => {
    const a = doc.words[Math.max(0, Math.min(n - 1, first))]!;
    const b = doc.words[Math.max(0, Math.min(n - 1, last))]!;
    return { start: a.start, end: Math.max(a.end, b.end), labelId };
  };
  // Base spans: SPANS_PER_LAYER non-overlapping word runs of 1–6 words.
  const base: { first: number; last: number; labelId: string }[] = [];
  const stride = Math.floor(n / SPANS_PER_LAYER);
  for (let i = 0; i < SPANS_PER_LAYER; i++) {
    const first = i * stride + Math.floor(random() * (stride - 7));
    base.push({ first, last: first + Math.floor(random() * 6), labelId: pick(labelIds) });
  }
  const push = (layer: "annotator" | "gold", ownerId: string | null, s: { start: number; end: number; labelId: string }) =>
    rows.push({ documentId: doc.id, layer, ownerId, labelId: s.labelId, start: s.start, end: s.end, quote: doc.text.slice(s.start, s.end) });
  for (const ownerId of annotatorIds) {
    for (const b of base) {
      const r = random();
      if (r < 0.7) push("annotator", ownerId, span(b.first, b.last, b.labelId));
      else if (r < 0.8) push("annotator", ownerId, span(b.first, b.last + 1, b.labelId)); // widened
      else if (r < 0.88) push("annotator", ownerId, span(b.first, b.last, pick(labelIds))); // relabelled
      else if (r < 0.95) push("annotator", ownerId, span(b.first + 1, b.last + 1, b.labelId)); // moved
      // else: dropped
      if (random() < 0.05) {
        const first = Math.floor(random() * (n - 3));
        push("annotator", ownerId, span(first, first + 2, pick(labelIds))); // added
      }
    }
  }
  if (doc.hasGold) for (const b of base) push("gold", null, span(b.first, b.last, b.labelId));
  return rows;
}

async function insertInChunks<T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

async function seedProject(conn: Connection): Promise<{ projectId: string; ownerId: string; spans: number }> {
  if (conn.raw.kind !== "pg") throw new Error("the agreement bench runs on PostgreSQL");
  const pool = conn.raw.pool;
  const ownerId = randomUUID();
  const annotatorIds = Array.from({ length: ANNOTATORS }, () => randomUUID());
  await pool.query(
    `insert into users (id, email, name, password_hash) select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[])`,
    [[ownerId, ...annotatorIds], ["owner@bench.test", ...annotatorIds.map((_, i) => `annotator${i + 1}@bench.test`)], ["Bench Owner", "Ana Bell", "Bo Chen", "Cleo Diaz"], [null, null, null, null]],
  );
  const projectId = randomUUID();
  await pool.query(`insert into projects (id, slug, name, created_by) values ($1, 'agreement-bench', 'Agreement bench', $2)`, [projectId, ownerId]);
  await pool.query(
    `insert into project_members (project_id, user_id, role) select $1, u, r from unnest($2::uuid[], $3::text[]) as t(u, r)`,
    [projectId, [ownerId, ...annotatorIds], ["owner", ...annotatorIds.map(() => "annotator")]],
  );
  const labelNames = ["Claim", "Quote", "Person", "Organisation", "Place"];
  const labelIds = labelNames.map(() => randomUUID());
  await pool.query(
    `insert into labels (id, project_id, name, kind, color, position) select id, $1, name, 'other', '#888888', pos from unnest($2::uuid[], $3::text[], $4::int[]) as t(id, name, pos)`,
    [projectId, labelIds, labelNames, labelNames.map((_, i) => i)],
  );

  const docs = Array.from({ length: DOCUMENTS }, (_, i) => generateDocument(i));
  await insertInChunks(docs, 1000, (chunk) =>
    pool.query(
      `insert into documents (id, project_id, title, text, length, content_hash, status, created_by)
       select id, $1, title, text, length, hash, 'submitted', $2 from unnest($3::uuid[], $4::text[], $5::text[], $6::int[], $7::text[]) as t(id, title, text, length, hash)`,
      [projectId, ownerId, chunk.map((d) => d.id), chunk.map((d) => d.title), chunk.map((d) => d.text), chunk.map((d) => d.text.length), chunk.map((d) => createHash("sha256").update(d.text).digest("hex"))],
    ),
  );
  const assignmentDocs = docs.flatMap((d) => annotatorIds.map((u) => ({ d: d.id, u })));
  await insertInChunks(assignmentDocs, 10_000, (chunk) =>
    pool.query(
      `insert into assignments (project_id, document_id, user_id, status, assigned_by, submitted_at)
       select $1, d, u, 'submitted', $2, now() from unnest($3::uuid[], $4::uuid[]) as t(d, u)`,
      [projectId, ownerId, chunk.map((c) => c.d), chunk.map((c) => c.u)],
    ),
  );
  let spans = 0;
  for (let i = 0; i < docs.length; i += 500) {
    const rows = docs.slice(i, i + 500).flatMap((d) => generateSpans(d, annotatorIds, labelIds));
    spans += rows.length;
    await pool.query(
      `insert into annotations (project_id, document_id, layer, owner_id, label_id, start_offset, end_offset, quote, created_by)
       select $1, d, layer, o, l, s, e, q, coalesce(o, $2) from unnest($3::uuid[], $4::text[], $5::uuid[], $6::uuid[], $7::int[], $8::int[], $9::text[]) as t(d, layer, o, l, s, e, q)`,
      [projectId, ownerId, rows.map((r) => r.documentId), rows.map((r) => r.layer), rows.map((r) => r.ownerId), rows.map((r) => r.labelId), rows.map((r) => r.start), rows.map((r) => r.end), rows.map((r) => r.quote)],
    );
  }
  await pool.query("analyze");
  return { projectId, ownerId, spans };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

// BENCH_REUSE=<database name> measures a database an earlier run kept (BENCH_KEEP=1) without seeding again.
const reuse = process.env.BENCH_REUSE;
const keep = process.env.BENCH_KEEP === "1" || Boolean(reuse);
const name = reuse ?? `spanlab_bench_agreement_${Date.now()}_${process.pid}`;
if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`BENCH_REUSE must be a plain database name, got ${JSON.stringify(name)}`);
if (!reuse) {
  const admin = new pg.Client({ connectionString: BASE_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
}
const url = new URL(BASE_URL);
url.pathname = `/${name}`;
const conn = connectPg(url.toString(), { max: 4 });
let failed = false;
try {
  console.log(`[bench] agreement on PostgreSQL at ${describeDatabaseUrl(url.toString())}; ${os.cpus().length} CPUs; load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  let projectId: string;
  let ownerId: string;
  if (reuse) {
    if (conn.raw.kind !== "pg") throw new Error("expected PostgreSQL");
    const { rows } = await conn.raw.pool.query<{ id: string; created_by: string }>("select id, created_by from projects where slug = 'agreement-bench'");
    if (!rows[0]) throw new Error(`no agreement-bench project in ${name}`);
    projectId = rows[0].id;
    ownerId = rows[0].created_by;
  } else {
    await migrateConnection(conn);
    const seedStart = performance.now();
    const seeded = await seedProject(conn);
    projectId = seeded.projectId;
    ownerId = seeded.ownerId;
    console.log(`[bench] loaded ${DOCUMENTS.toLocaleString("en")} articles, ${seeded.spans.toLocaleString("en")} spans in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
  }

  const actor = { userId: ownerId, email: "owner@bench.test", name: "Bench Owner" };
  const walls: number[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const dto = await getProjectAgreement(conn.db, actor, projectId, {});
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    walls.push(wall);
    const fleiss = dto.report?.overall.fleissKappa;
    const alpha = dto.report?.overall.krippendorffAlpha;
    console.log(
      `[bench] run ${run}: ${(wall / 1000).toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU in this process ` +
        `(waiting for the database ${dto.timings.loadMs} ms, tokenizing ${dto.timings.tokenizeMs} ms, computing ${dto.timings.computeMs} ms); ` +
        `${dto.basis.documents} articles, ${dto.basis.tokens.toLocaleString("en")} tokens, ${dto.basis.spans.toLocaleString("en")} spans, ` +
        `gold on ${dto.basis.goldDocuments}; Fleiss κ ${fleiss?.value?.toFixed(3)}, Krippendorff α ${alpha?.value?.toFixed(3)}; ` +
        `load average ${os.loadavg()[0]!.toFixed(1)}`,
    );
  }
  console.log(`[bench] median of ${RUNS}: ${(median(walls) / 1000).toFixed(2)} s (budget < 5 s)`);
} catch (err) {
  failed = true;
  console.error("[bench] failed:", err);
} finally {
  await conn.close();
  if (keep) {
    console.log(`[bench] kept ${name}: rerun with BENCH_REUSE=${name}; drop it with: psql ${BASE_URL} -c 'drop database ${name}'`);
  } else {
    const a = new pg.Client({ connectionString: BASE_URL });
    await a.connect();
    await a.query(`drop database if exists ${name} with (force)`);
    await a.end();
    console.log(`[bench] dropped ${name}`);
  }
}
process.exit(failed ? 1 : 0);
