/**
 * Save-path benchmark: how fast does the server store spans when 50 annotators save at once?
 *
 *   cd /work/main && flock /tmp/spanlab-e2e.lock -c 'NEXT_TELEMETRY_DISABLED=1 npx next build && \
 *     npx tsx --conditions=react-server bench/save-path.ts'
 *
 * Against the PostgreSQL server in BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres)
 * it creates a fresh database, migrates it, seeds a project with 50 annotators (each with an API token
 * and an assignment) and one long article, then measures:
 *
 * 1. HTTP: the real production server (`next start` on a free port, on the bench database), driven by
 *    50 concurrent connections each sending POST /api/projects/:p/documents/:d/annotations one after
 *    another (Bearer token, Idempotency-Key, client id) — what the editor does. p50/p90/p99/max
 *    latency and saves/s. The load comes from `wrk` (Debian's package: a C load generator, so the two
 *    cores go to the server and PostgreSQL) when it is installed, else from loops of `fetch` in this
 *    process (BENCH_LOADGEN=node forces those; they take a core's worth of CPU from the server).
 * 2. In-process: the same use-case (lib/server/create-annotation.ts) called directly by 50 concurrent
 *    loops on a 10-connection pool, without HTTP/Next (shows what the framework costs).
 * 3. Raw `pg` single-row INSERTs into a scratch table (one connection, autocommit; and 10 connections):
 *    the ceiling any save path on this machine lives under.
 * 4. Listing a document with 5,000 spans in one layer (GET …/annotations?layer=mine), median of runs.
 * 5. The framework's floor, so the save path's figures can be read against what any route costs on
 *    this machine: GET /api/health (a route handler with one `select 1`), and the same POST as (1)
 *    without credentials, which the route refuses with 401 before reading anything (with wrk only).
 *
 * The database is dropped and the server stopped at the end, also on failure. Nothing here is asserted:
 * it prints numbers. Budget for the HTTP save path: p99 < 50 ms and ≥ 1,000 saves/s.
 *
 * BENCH_WORKERS=N runs the server as N processes sharing its port (Node's cluster, bench/lib/next-cluster.mjs),
 * as N instances behind a load balancer would serve: for machines with cores to spare (on 2 cores, 2
 * workers served 610 saves/s against 600 for one — the cores were already full).
 *
 * Environment: BENCH_DATABASE_URL, BENCH_ANNOTATORS (50), BENCH_SECONDS (15, each wrk run), BENCH_LOADGEN
 * (wrk | node), BENCH_SAVES (60 per annotator, the node load generator and the in-process run),
 * BENCH_WARMUP (5 per annotator), BENCH_SKIP_HTTP=1 (in-process and raw only), BENCH_PROFILE_DIR (write a
 * V8 CPU profile of the Next server there, for finding what the save path spends its time on).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { encode as encodeSession } from "next-auth/jwt";
import pg from "pg";
import { connectPg, migrateConnection, type Connection } from "../db/connect";
import { annotations, apiTokens, assignments, documents, labels, projectMembers, projects, users } from "../db/schema";
import { createOffsetIndex } from "../lib/annotation/offsets";

const BASE_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const ANNOTATORS = Number(process.env.BENCH_ANNOTATORS ?? 50);
const SAVES = Number(process.env.BENCH_SAVES ?? 60);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
const SKIP_HTTP = process.env.BENCH_SKIP_HTTP === "1";
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;
const LOADGEN = process.env.BENCH_LOADGEN ?? (spawnSync("sh", ["-c", "command -v wrk"]).status === 0 ? "wrk" : "node");
const LIST_SPANS = 5000;
const WORKERS = Math.max(1, Number(process.env.BENCH_WORKERS ?? 1));
/** The server's session secret, so the bench can sign the annotators' session cookies. */
const AUTH_SECRET = randomBytes(32).toString("base64url");

// ---------------------------------------------------------------------------------------------
// A long, news-like article (generated from our own word list; a few astral characters and
// combining marks so the offset code is not on its ASCII fast path).

function makeArticle(words: number): string {
  const vocab = (
    "harbour council ferry timetable minister said would change vote budget report island port " +
    "committee members agreed objected public hearing evening morning statement spokesperson " +
    "residents families school teachers workers union strike wages tariffs trade exports fish " +
    "weather storm coast guard rescue boat engine repair funding contract tender bridge road " +
    "café naïve résumé Zoë São Paulo Kraków Đà Nẵng"
  ).split(" ");
  const extras = ["👩‍👩‍👧‍👦", "🇺🇦", "𝐌𝐚𝐭𝐡", "数学", "مرحبا", "שלום", "cafe\u0301"];
  let seed = 42;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const out: string[] = [];
  let sentence: string[] = [];
  for (let i = 0; i < words; i++) {
    const w = rnd() < 0.02 ? extras[Math.floor(rnd() * extras.length)]! : vocab[Math.floor(rnd() * vocab.length)]!;
    sentence.push(sentence.length === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : w);
    if (sentence.length > 8 && rnd() < 0.15) {
      out.push(`${sentence.join(" ")}.`);
      sentence = [];
      if (rnd() < 0.2) out.push("\n\n");
    }
  }
  if (sentence.length) out.push(`${sentence.join(" ")}.`);
  return out.join(" ").replace(/ \n\n /g, "\n\n");
}

interface Span {
  start: number;
  end: number;
  quote: string;
}

/** Word-aligned spans of 1–6 words (code points), for the save loops to pick from. */
function candidateSpans(text: string): Span[] {
  const index = createOffsetIndex(text);
  const words: { s16: number; e16: number }[] = [];
  for (const m of text.matchAll(/[\p{L}\p{M}\p{N}]+/gu)) words.push({ s16: m.index, e16: m.index + m[0].length });
  const spans: Span[] = [];
  for (let i = 0; i + 6 < words.length; i += 3) {
    const k = i % 6;
    const a = words[i]!;
    const b = words[i + k]!;
    spans.push({ start: index.toCodePoint(a.s16), end: index.toCodePoint(b.e16), quote: text.slice(a.s16, b.e16) });
  }
  return spans;
}

// ---------------------------------------------------------------------------------------------
// Numbers

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

interface RunStats {
  name: string;
  ok: number;
  errors: number;
  seconds: number;
  latencies: number[];
  /** Percentiles measured elsewhere (wrk), when `latencies` is empty. */
  percentiles?: { p50: number; p90: number; p99: number; max: number };
}

function summarize(r: RunStats): Record<string, string> {
  const sorted = [...r.latencies].sort((a, b) => a - b);
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "–");
  const p = r.percentiles ?? { p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN };
  return {
    measurement: r.name,
    ops: String(r.ok),
    errors: String(r.errors),
    "ops/s": (r.ok / r.seconds).toFixed(0),
    "p50 ms": f(p.p50),
    "p90 ms": f(p.p90),
    "p99 ms": f(p.p99),
    "max ms": f(p.max),
  };
}

function printTable(rows: Record<string, string>[]): void {
  const cols = Object.keys(rows[0] ?? {});
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => (r[c] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(width[i]!) : c.padStart(width[i]!))).join(" | ")} |`;
  console.log(line(cols));
  console.log(`|${width.map((w, i) => (i === 0 ? ` ${"-".repeat(w)} ` : ` ${"-".repeat(w - 1)}: `)).join("|")}|`);
  for (const r of rows) console.log(line(cols.map((c) => r[c] ?? "")));
}

/** Runs `loops` concurrent loops, each calling `op(loop, i)` `count` times; records each call's latency. */
async function concurrent(name: string, loops: number, count: number, op: (loop: number, i: number) => Promise<boolean>): Promise<RunStats> {
  const latencies: number[] = [];
  let ok = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: loops }, async (_, loop) => {
      for (let i = 0; i < count; i++) {
        const t0 = performance.now();
        let success = false;
        try {
          success = await op(loop, i);
        } catch (err) {
          if (errors < 3) console.error(`[bench] ${name}: ${(err as Error).message}`);
        }
        const dt = performance.now() - t0;
        if (success) {
          ok++;
          latencies.push(dt);
        } else errors++;
      }
    }),
  );
  return { name, ok, errors, seconds: (performance.now() - started) / 1000, latencies };
}

// ---------------------------------------------------------------------------------------------
// Set-up

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

interface Seeded {
  projectId: string;
  documentId: string;
  labelId: string;
  text: string;
  annotators: { userId: string; email: string; name: string; token: string }[];
}

async function seed(conn: Connection): Promise<Seeded> {
  const db = conn.db;
  const [owner] = await db.insert(users).values({ email: "bench-owner@example.test", name: "Bench Owner", passwordHash: null }).returning();
  if (!owner) throw new Error("no owner");
  const [project] = await db.insert(projects).values({ slug: "bench", name: "Save-path bench", createdBy: owner.id }).returning();
  if (!project) throw new Error("no project");
  await db.insert(projectMembers).values({ projectId: project.id, userId: owner.id, role: "owner" });
  const [label] = await db
    .insert(labels)
    .values({ projectId: project.id, name: "Claim", kind: "claim", color: "#d97706", attributes: [{ key: "check_worthy", name: "Check-worthy", type: "boolean" }] })
    .returning();
  if (!label) throw new Error("no label");
  const text = makeArticle(30_000);
  const index = createOffsetIndex(text);
  const [doc] = await db
    .insert(documents)
    .values({
      projectId: project.id,
      title: "A long council report",
      text,
      length: index.codePointLength,
      contentHash: createHash("sha256").update(text).digest("hex"),
      createdBy: owner.id,
    })
    .returning();
  if (!doc) throw new Error("no document");
  const annotators: Seeded["annotators"] = [];
  for (let i = 0; i < ANNOTATORS; i++) {
    const [u] = await db
      .insert(users)
      .values({ email: `bench-annotator-${i}@example.test`, name: `Annotator ${i}`, passwordHash: null })
      .returning();
    if (!u) throw new Error("no user");
    const token = randomBytes(24).toString("base64url");
    await db.insert(projectMembers).values({ projectId: project.id, userId: u.id, role: "annotator" });
    await db.insert(assignments).values({ projectId: project.id, documentId: doc.id, userId: u.id, status: "assigned", assignedBy: owner.id });
    await db.insert(apiTokens).values({ userId: u.id, name: "bench", tokenHash: createHash("sha256").update(token).digest("hex") });
    annotators.push({ userId: u.id, email: u.email, name: u.name, token });
  }
  return { projectId: project.id, documentId: doc.id, labelId: label.id, text, annotators };
}

async function startServer(databaseUrl: string, port: number, dataDir: string): Promise<{ child: ChildProcess; log: string[] }> {
  const nextBin = path.resolve("node_modules/next/dist/bin/next");
  const log: string[] = [];
  const profile = PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(PROFILE_DIR)}`] : [];
  // Several workers share the port through Node's cluster (bench/lib/next-cluster.mjs), as instances behind a load balancer would.
  const entry = WORKERS > 1 ? [path.resolve("bench/lib/next-cluster.mjs"), String(WORKERS)] : [nextBin];
  const child = spawn(process.execPath, [...profile, ...entry, "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: databaseUrl,
      SPANLAB_DATA_DIR: dataDir,
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      NEXTAUTH_SECRET: AUTH_SECRET,
      NODE_OPTIONS: "",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const keep = (b: Buffer) => {
    log.push(b.toString());
    if (log.length > 200) log.shift();
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${log.join("")}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.ok) return { child, log };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`next start did not answer /api/health within 60 s:\n${log.join("")}`);
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  child.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (child.exitCode === null) child.kill("SIGKILL");
}

// ---------------------------------------------------------------------------------------------
// Measurements

async function measureHttp(s: Seeded, port: number, spans: Span[]): Promise<RunStats[]> {
  const url = `http://127.0.0.1:${port}/api/projects/${s.projectId}/documents/${s.documentId}/annotations`;
  if (LOADGEN === "wrk") {
    const saves = { method: "POST" as const, spans, labelId: s.labelId, credentials: { header: "Authorization", values: s.annotators.map((a) => `Bearer ${a.token}`) } };
    await wrk("HTTP warm-up", url, ANNOTATORS, 3, saves);
    const run = await wrk(`HTTP POST …/annotations, ${ANNOTATORS} concurrent annotators (wrk, ${SECONDS} s)`, url, ANNOTATORS, SECONDS, saves);
    // The editor sends its session cookie, not a token: next-auth decrypts it on every request.
    const cookies = await Promise.all(
      s.annotators.map(async (a) => `next-auth.session-token=${await encodeSession({ token: { sub: a.userId, name: a.name, email: a.email }, secret: AUTH_SECRET })}`),
    );
    const signedIn = await wrk(`HTTP POST …/annotations, ${ANNOTATORS} annotators signed in with a session cookie (wrk, ${SECONDS} s)`, url, ANNOTATORS, SECONDS, {
      ...saves,
      credentials: { header: "Cookie", values: cookies },
    });
    const one = await wrk("HTTP POST …/annotations, 1 annotator (sequential, wrk, 5 s)", url, 1, 5, saves);
    const health = await wrk(`HTTP GET /api/health (one \`select 1\`), ${ANNOTATORS} concurrent (wrk, ${SECONDS} s)`, `http://127.0.0.1:${port}/api/health`, ANNOTATORS, SECONDS, { method: "GET" });
    const door = await wrk(`HTTP POST …/annotations without credentials (401), ${ANNOTATORS} concurrent (wrk, ${SECONDS} s)`, url, ANNOTATORS, SECONDS, { ...saves, credentials: null });
    return [run, signedIn, one, health, door];
  }
  let cursor = 0;
  const save = async (loop: number): Promise<boolean> => {
    const span = spans[cursor++ % spans.length]!;
    const res = await fetch(url, {
      method: "POST",
      headers: {
        authorization: `Bearer ${s.annotators[loop]!.token}`,
        "content-type": "application/json",
        "idempotency-key": randomUUID(),
      },
      body: JSON.stringify({ id: randomUUID(), labelId: s.labelId, start: span.start, end: span.end, quote: span.quote, attributes: { check_worthy: true } }),
    });
    const body = await res.text();
    if (res.status !== 201) throw new Error(`HTTP ${res.status}: ${body.slice(0, 300)}`);
    return true;
  };
  const warm = await concurrent("HTTP warm-up", ANNOTATORS, WARMUP, save);
  if (warm.errors) console.error(`[bench] ${warm.errors} warm-up saves failed`);
  const run = await concurrent(`HTTP POST …/annotations, ${ANNOTATORS} concurrent annotators`, ANNOTATORS, SAVES, save);
  const one = await concurrent("HTTP POST …/annotations, 1 annotator (sequential)", 1, Math.max(100, SAVES), save);
  // The floor under any route on this machine: a handler that does one `select 1`, same client, same load.
  const health = await concurrent(`HTTP GET /api/health (one \`select 1\`), ${ANNOTATORS} concurrent`, ANNOTATORS, SAVES, async () => {
    const res = await fetch(`http://127.0.0.1:${port}/api/health`);
    await res.text();
    return res.status === 200;
  });
  return [run, one, health];
}

/**
 * wrk for `seconds` over `connections` keep-alive connections, each sending its next request when
 * the last is answered. POSTs carry a fresh span id and Idempotency-Key each and go round the
 * annotators' tokens. Latency percentiles are wrk's own.
 */
async function wrk(
  name: string,
  url: string,
  connections: number,
  seconds: number,
  /** POSTs go round the annotators' credentials (a header and its value for each), or send none. */
  load: { method: "GET" } | { method: "POST"; spans: Span[]; labelId: string; credentials: { header: string; values: string[] } | null },
): Promise<RunStats> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spanlab-wrk-"));
  const script = path.join(dir, "load.lua");
  const lua = (v: string) => JSON.stringify(v); // ASCII only here: credentials and the path
  const prefix = randomBytes(4).toString("hex");
  const lines = ["local sent = 0"];
  if (load.method === "POST") {
    // Bodies are templates: %s is the span id.
    const bodies = load.spans
      .slice(0, 2000)
      .map((sp) => JSON.stringify({ id: "<ID>", labelId: load.labelId, start: sp.start, end: sp.end, quote: sp.quote, attributes: { check_worthy: true } }).replaceAll("%", "%%").replace("<ID>", "%s"));
    lines.push(
      `local bodies = {${bodies.map((b) => `[==[${b}]==]`).join(",\n")}}`,
      `local credentials = {${(load.credentials?.values ?? []).map((t) => lua(t)).join(",")}}`,
      `local path = ${lua(new URL(url).pathname)}`,
      "request = function()",
      "  sent = sent + 1",
      `  local id = string.format("${prefix}-%04x-4%03x-8%03x-%012x", math.random(0, 65535), math.random(0, 4095), math.random(0, 4095), sent)`,
      `  local key = string.format("${prefix}-k%d-%d", sent, math.random(0, 2147483647))`,
      "  local body = string.format(bodies[((sent - 1) % #bodies) + 1], id)",
      '  local headers = { ["Content-Type"] = "application/json", ["Accept-Encoding"] = "gzip, deflate, br", ["Idempotency-Key"] = key }',
      `  if #credentials > 0 then headers[${lua(load.credentials?.header ?? "Authorization")}] = credentials[((sent - 1) % #credentials) + 1] end`,
      '  return wrk.format("POST", path, headers, body)',
      "end",
    );
  }
  const refused = load.method === "POST" && load.credentials === null;
  if (refused) {
    // Every answer should be the 401: count anything else as an error (wrk's own count takes any 4xx for one).
    lines.push(
      "local threads = {}",
      "setup = function(thread) table.insert(threads, thread) end",
      "unexpected = 0",
      "response = function(status, headers, body) if status ~= 401 then unexpected = unexpected + 1 end end",
    );
  }
  const statusErrors = refused ? "unexpectedTotal()" : "summary.errors.status";
  lines.push(
    "function unexpectedTotal() local n = 0 for _, t in ipairs(threads) do n = n + t:get(\"unexpected\") end return n end",
    "done = function(summary, latency, requests)",
    `  io.write(string.format("WRK %d %d %.3f %.3f %.3f %.3f %.3f\\n", summary.requests, ${statusErrors} + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))`,
    "end",
  );
  fs.writeFileSync(script, lines.join("\n"));
  try {
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn("wrk", ["-t1", `-c${connections}`, `-d${seconds}s`, "--timeout", "10s", "-s", script, url], { stdio: ["ignore", "pipe", "pipe"] });
      let text = "";
      child.stdout.on("data", (d: Buffer) => (text += d.toString()));
      child.stderr.on("data", (d: Buffer) => (text += d.toString()));
      child.on("error", reject);
      child.on("exit", () => resolve(text));
    });
    const m = /WRK (\d+) (\d+) ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)/.exec(out);
    if (!m) throw new Error(`wrk printed no summary:\n${out}`);
    const [requests, errors, elapsed, p50, p90, p99, max] = m.slice(1).map(Number) as [number, number, number, number, number, number, number];
    if (errors) console.error(`[bench] ${name}: ${errors} requests failed or were not 2xx`);
    return { name, ok: requests - errors, errors, seconds: elapsed, latencies: [], percentiles: { p50, p90, p99, max } };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function measureInProcess(s: Seeded, databaseUrl: string, spans: Span[]): Promise<RunStats[] | string> {
  let createAnnotation: typeof import("../lib/server/create-annotation").createAnnotation;
  try {
    ({ createAnnotation } = await import("../lib/server/create-annotation"));
  } catch (err) {
    return `skipped (${(err as Error).message.split("\n")[0]}; run with tsx --conditions=react-server)`;
  }
  const conn = connectPg(databaseUrl, { max: 10 });
  try {
    let cursor = 0;
    const save = async (loop: number): Promise<boolean> => {
      const span = spans[(cursor++ * 7) % spans.length]!;
      const a = s.annotators[loop]!;
      const r = await createAnnotation(
        conn.db,
        { userId: a.userId, email: a.email, name: a.name },
        s.projectId,
        s.documentId,
        { id: randomUUID(), labelId: s.labelId, start: span.start, end: span.end, quote: span.quote, attributes: { check_worthy: true } },
        { idempotencyKey: randomUUID() },
      );
      return r.status === 201;
    };
    await concurrent("in-process warm-up", ANNOTATORS, WARMUP, save);
    const run = await concurrent(`createAnnotation() in-process, ${ANNOTATORS} concurrent, pool of 10`, ANNOTATORS, SAVES, save);
    return [run];
  } finally {
    await conn.close();
  }
}

async function measureRawInserts(databaseUrl: string): Promise<RunStats[]> {
  const N = 5000;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query("create table bench_raw (id bigserial primary key, document_id uuid not null, start_offset int not null, end_offset int not null, quote text not null, created_at timestamptz not null default now())");
  const doc = randomUUID();
  const single = await concurrent("raw pg INSERT, 1 connection, autocommit", 1, N, async (_l, i) => {
    await client.query("insert into bench_raw (document_id, start_offset, end_offset, quote) values ($1, $2, $3, $4)", [doc, i, i + 5, "quote"]);
    return true;
  });
  await client.end();
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const pooled = await concurrent(`raw pg INSERT, ${ANNOTATORS} loops on 10 connections`, ANNOTATORS, Math.ceil(N / ANNOTATORS) * 2, async (_l, i) => {
    await pool.query("insert into bench_raw (document_id, start_offset, end_offset, quote) values ($1, $2, $3, $4)", [doc, i, i + 5, "quote"]);
    return true;
  });
  await pool.end();
  return [single, pooled];
}

/** One annotator's layer with 5,000 spans, listed over HTTP. */
async function measureList(conn: Connection, s: Seeded, port: number, spans: Span[]): Promise<RunStats> {
  const a = s.annotators[0]!;
  const existing = await conn.db.$count(annotations, undefined);
  const rows = [];
  for (let i = 0; i < LIST_SPANS; i++) {
    const span = spans[i % spans.length]!;
    rows.push({
      projectId: s.projectId,
      documentId: s.documentId,
      layer: "annotator" as const,
      ownerId: a.userId,
      labelId: s.labelId,
      startOffset: span.start,
      endOffset: span.end,
      quote: span.quote,
      prefix: "",
      suffix: "",
      createdBy: a.userId,
    });
  }
  for (let i = 0; i < rows.length; i += 1000) await conn.db.insert(annotations).values(rows.slice(i, i + 1000));
  const url = `http://127.0.0.1:${port}/api/projects/${s.projectId}/documents/${s.documentId}/annotations?layer=mine`;
  let count = 0;
  const stats = await concurrent(`HTTP GET …/annotations?layer=mine (${LIST_SPANS.toLocaleString("en")}+ spans), sequential`, 1, 15, async () => {
    const res = await fetch(url, { headers: { authorization: `Bearer ${a.token}` } });
    const body = (await res.json()) as { annotations?: unknown[] };
    count = body.annotations?.length ?? -1;
    return res.ok;
  });
  console.log(`[bench] the list answered ${count} spans (${existing} annotations in the table before seeding the layer)`);
  return stats;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  if (!SKIP_HTTP && !fs.existsSync(".next/BUILD_ID")) {
    console.error("spanlab bench: no production build. Run inside the e2e lock:\n  flock /tmp/spanlab-e2e.lock -c 'NEXT_TELEMETRY_DISABLED=1 npx next build && npx tsx --conditions=react-server bench/save-path.ts'");
    process.exit(1);
  }
  const name = `spanlab_bench_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: BASE_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(BASE_URL);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "spanlab-bench-"));
  const conn = connectPg(databaseUrl, { max: 4 });
  let server: { child: ChildProcess; log: string[] } | undefined;
  const rows: Record<string, string>[] = [];
  try {
    await migrateConnection(conn);
    const s = await seed(conn);
    const spans = candidateSpans(s.text);
    console.log(
      `[bench] ${os.cpus().length} CPUs, ${WORKERS} server process${WORKERS > 1 ? "es" : ""}, load average ${os.loadavg().map((x) => x.toFixed(1)).join(" / ")}, Node ${process.version}; article of ${createOffsetIndex(s.text).codePointLength.toLocaleString("en")} code points, ` +
        `${ANNOTATORS} annotators × ${SAVES} saves (after ${WARMUP} warm-up each)`,
    );

    const raw = await measureRawInserts(databaseUrl);
    if (!SKIP_HTTP) {
      const port = await freePort();
      server = await startServer(databaseUrl, port, dataDir);
      for (const r of await measureHttp(s, port, spans)) rows.push(summarize(r));
      rows.push(summarize(await measureList(conn, s, port, spans)));
      await stopServer(server.child);
      server = undefined;
    }
    const inProcess = await measureInProcess(s, databaseUrl, spans);
    if (typeof inProcess === "string") console.log(`[bench] in-process measurement ${inProcess}`);
    else for (const r of inProcess) rows.push(summarize(r));
    for (const r of raw) rows.push(summarize(r));

    const stored = await conn.db.$count(annotations, undefined);
    console.log(`[bench] ${stored.toLocaleString("en")} annotations stored in total; load average now ${os.loadavg().map((x) => x.toFixed(1)).join(" / ")}\n`);
    printTable(rows);
    console.log("\nBudget for the HTTP save path with 50 concurrent annotators: p99 < 50 ms, ≥ 1,000 saves/s.");
  } catch (err) {
    if (server) console.error(`[bench] server log tail:\n${server.log.slice(-30).join("")}`);
    throw err;
  } finally {
    if (server) await stopServer(server.child);
    await conn.close();
    const a = new pg.Client({ connectionString: BASE_URL });
    await a.connect();
    await a.query(`drop database if exists ${name} with (force)`);
    await a.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
