/**
 * Review-view benchmark: how long until the review of a long article with three full layers is
 * interactive in a real browser?
 *
 *   cd /work/main && flock /tmp/spanlab-e2e.lock -c 'NEXT_TELEMETRY_DISABLED=1 npx next build && npx tsx bench/review.ts'
 *
 * Starts the production server the way the e2e suite does (scripts/e2e-server.ts, E2E_PORT=3300, a
 * fresh database: PGlite, or a new database on the PostgreSQL server in BENCH_DATABASE_URL), then
 * seeds THROUGH THE API only: the owner (first-run setup), a project, one generated 50,000-word
 * article, three annotators (invite + accept), each of whom tags 5,000 spans in their own session
 * (POST …/annotations) — the layers mostly agree, with boundary, label and missing disagreements —
 * and submits. Then, in headless Chromium signed in as the owner, it opens
 * /projects/<slug>/review/<documentId> several times and measures:
 *   - navigation → review data received, → highlights painted ("ready": `data-review-ready`),
 *   - → interactive: a key press (J) answered (the first item focused and its detail shown),
 *   - the longest main-thread task, and the GET …/review payload size and latency.
 * Budget: navigation → interactive < 2 s. Nothing is asserted: it prints numbers.
 *
 * Environment: BENCH_DATABASE_URL (PostgreSQL for the server; default PGlite), BENCH_WORDS (50000),
 * BENCH_SPANS (5000 per layer), BENCH_RUNS (5), BENCH_CONCURRENCY (6 requests per annotator).
 */
import fs from "node:fs";
import { performance } from "node:perf_hooks";
import { chromium, request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { CHROMIUM_ARGS, chromiumExecutable, makeArticle, median, ok, pool, rng, signedIn, startServer, waitForHealth, wordsOf } from "./lib/harness";

const PORT = 3300;
const BASE = `http://127.0.0.1:${PORT}`;
const WORDS = Number(process.env.BENCH_WORDS ?? 50_000);
const SPANS = Number(process.env.BENCH_SPANS ?? 5_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 6);
const OWNER = { name: "Bench Owner", email: "bench-owner@spanlab.test", password: "bench owner passphrase" };

// ---------------------------------------------------------------------------------------------
// A long news-like article from our own word list (a few non-ASCII words and an astral character
// so offsets are not on the ASCII fast path).

interface Span {
  start: number;
  end: number;
  quote: string;
  label: number;
}

/**
 * Three layers of `n` word-aligned spans each, about 10% overlapping another: a shared base set,
 * which each annotator keeps (~78%), shifts by a word (~10%), relabels (~7%) or replaces (~5%).
 */
function makeLayers(text: string, n: number): Span[][] {
  const cps = Array.from(text);
  const words = wordsOf(text);
  const rnd = rng(11);
  const base: Span[] = [];
  const stride = Math.max(3, Math.floor(words.length / n));
  for (let i = 0; base.length < n && i + 8 < words.length; i += stride) {
    const len = 1 + Math.floor(rnd() * 5);
    const a = words[i]!;
    const b = words[Math.min(words.length - 1, i + len - 1)]!;
    base.push({ start: a.start, end: b.end, quote: "", label: Math.floor(rnd() * 3) });
    if (rnd() < 0.1 && base.length < n) {
      // an overlapping span: a sub-phrase with another label (e.g. an entity inside a claim)
      const c = words[Math.min(words.length - 1, i + 1)]!;
      base.push({ start: c.start, end: c.end, quote: "", label: (base[base.length - 1]!.label + 1) % 3 });
    }
  }
  const wordEndingAt = new Map(words.map((w, i) => [w.end, i]));
  const layers: Span[][] = [];
  for (let k = 0; k < 3; k++) {
    const r = rng(100 + k);
    const layer: Span[] = [];
    for (const s of base) {
      const x = r();
      let span = { ...s };
      if (x < 0.78) {
        // same
      } else if (x < 0.88) {
        const w = wordEndingAt.get(s.end) ?? -2;
        const next = words[w + 1];
        if (next) span = { ...s, end: next.end };
      } else if (x < 0.95) {
        span = { ...s, label: (s.label + 1 + k) % 3 };
      } else {
        const w = words[Math.floor(r() * (words.length - 2))]!;
        span = { start: w.start, end: w.end, quote: "", label: s.label };
      }
      span.quote = cps.slice(span.start, span.end).join("");
      layer.push(span);
    }
    layers.push(layer);
  }
  return layers;
}

// ---------------------------------------------------------------------------------------------
// Server and API

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  if (!fs.existsSync(".next/BUILD_ID")) {
    console.error("bench/review: no production build. Run inside the e2e lock:\n  flock /tmp/spanlab-e2e.lock -c 'NEXT_TELEMETRY_DISABLED=1 npx next build && npx tsx bench/review.ts'");
    process.exit(1);
  }
  const server = startServer(PORT);
  const stop = () => {
    if (server.exitCode === null) server.kill("SIGTERM");
  };
  process.on("SIGINT", () => {
    stop();
    process.exit(130);
  });
  try {
    await waitForHealth(server, BASE);
    const t0 = performance.now();
    const setup = await playwrightRequest.newContext({ baseURL: BASE });
    await ok(await setup.post("/api/setup", { data: OWNER }), "setup");
    const owner = await signedIn(BASE, OWNER);
    const { project } = await ok<{ project: { id: string; slug: string } }>(await owner.post("/api/projects", { data: { name: "Review bench" } }), "project");
    const overview = await ok<{ labels: { id: string; name: string }[] }>(await owner.get(`/api/projects/${project.id}`), "overview");
    const labelIds = ["Claim", "Quote", "Entity"].map((n) => overview.labels.find((l) => l.name === n)!.id);
    const text = makeArticle(WORDS);
    const { document } = await ok<{ document: { id: string; length: number } }>(
      await owner.post(`/api/projects/${project.id}/documents`, { data: { title: "A long article under review", text } }),
      "document",
    );
    console.log(`[bench] article: ${WORDS.toLocaleString("en")} words, ${document.length.toLocaleString("en")} code points, ${text.split("\n").length} paragraphs`);

    const layers = makeLayers(text, SPANS);
    const annotators: APIRequestContext[] = [];
    for (let k = 0; k < 3; k++) {
      const user = { name: `Annotator ${"ABC"[k]}`, email: `bench-annotator-${k}@spanlab.test`, password: "bench annotator passphrase" };
      const invite = await ok<{ token: string }>(await owner.post(`/api/projects/${project.id}/invites`, { data: { email: user.email, role: "annotator" } }), "invite");
      const anon = await playwrightRequest.newContext({ baseURL: BASE });
      await ok(await anon.post(`/api/invites/${invite.token}/accept`, { data: { name: user.name, password: user.password } }), "accept invite");
      await anon.dispose();
      annotators.push(await signedIn(BASE, user));
    }
    const tSeed = performance.now();
    let failures = 0;
    await Promise.all(
      annotators.map((ctx, k) =>
        pool(layers[k]!, CONCURRENCY, async (s) => {
          const res = await ctx.post(`/api/projects/${project.id}/documents/${document.id}/annotations`, {
            data: { labelId: labelIds[s.label], start: s.start, end: s.end, quote: s.quote },
          });
          if (res.status() !== 201) {
            failures += 1;
            if (failures <= 3) console.error(`[bench] a span was refused: ${res.status()} ${await res.text()}`);
          }
        }),
      ),
    );
    for (const ctx of annotators) await ok(await ctx.post(`/api/projects/${project.id}/documents/${document.id}/submit`), "submit");
    const seedSeconds = (performance.now() - tSeed) / 1000;
    console.log(`[bench] seeded ${(3 * SPANS - failures).toLocaleString("en")} spans through the API in ${seedSeconds.toFixed(1)} s (${failures} refused); set-up total ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // The API on its own.
    const apiTimes: number[] = [];
    let payloadBytes = 0;
    let counts: Record<string, number> = {};
    for (let i = 0; i < 3; i++) {
      const a = performance.now();
      const res = await owner.get(`/api/projects/${project.id}/documents/${document.id}/review`);
      const body = await res.body();
      apiTimes.push(performance.now() - a);
      payloadBytes = body.length;
      const view = JSON.parse(body.toString("utf8")) as { merged: { counts: Record<string, number> }; layers: { annotations: unknown[] }[] };
      counts = { ...view.merged.counts, spans: view.layers.reduce((n, l) => n + l.annotations.length, 0) };
    }

    // The page in Chromium, signed in as the owner.
    const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
    const state = await owner.storageState();
    const rows: { run: number; data: number; ready: number; interactive: number; longTask: number; ranges: number }[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const context = await browser.newContext({ storageState: state, viewport: { width: 1600, height: 1000 } });
      const page = await context.newPage();
      await page.addInitScript(() => {
        const w = window as unknown as { __longest: number };
        w.__longest = 0;
        try {
          new PerformanceObserver((list) => {
            for (const e of list.getEntries()) w.__longest = Math.max(w.__longest, e.duration);
          }).observe({ type: "longtask", buffered: true });
        } catch {
          // no long-task timing in this browser
        }
      });
      const url = `${BASE}/projects/${project.slug}/review/${document.id}`;
      await page.goto(url, { waitUntil: "commit" });
      await page.locator("[data-testid='review-workspace'][data-review-ready='true']").waitFor({ timeout: 60_000 });
      // Interactive: the page answers a key press.
      await page.keyboard.press("j");
      await page.getByTestId("item-detail").waitFor({ timeout: 30_000 });
      const interactive = await page.evaluate(() => window.performance.now());
      const timing = await page.evaluate(() => {
        const perf = window.performance;
        const nav = perf.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
        const data = perf.getEntriesByType("resource").find((e) => e.name.endsWith("/review")) as PerformanceResourceTiming | undefined;
        const ready = perf.getEntriesByName("review-ready")[0];
        const w = window as unknown as { __longest: number };
        let ranges = 0;
        for (const [name, h] of CSS.highlights as unknown as Map<string, Set<unknown>>) if (name.startsWith("rv-") && !name.startsWith("rv-focus")) ranges += h.size;
        return { start: nav?.startTime ?? 0, data: data?.responseEnd ?? NaN, ready: ready?.startTime ?? NaN, longest: w.__longest, ranges };
      });
      rows.push({
        run,
        data: timing.data - timing.start,
        ready: timing.ready - timing.start,
        interactive: interactive - timing.start,
        longTask: timing.longest,
        ranges: timing.ranges,
      });
      await context.close();
    }
    await browser.close();

    console.log("");
    console.log(`Review view: ${WORDS.toLocaleString("en")}-word article, 3 layers × ${SPANS.toLocaleString("en")} spans (${counts.spans?.toLocaleString("en")} stored), ${process.env.BENCH_DATABASE_URL ? "PostgreSQL" : "PGlite"}`);
    console.log(
      `comparison: ${counts.total} items — ${counts.agreed} agreed, ${counts.boundary} boundary, ${counts.label} label, ${counts.missing} missing`,
    );
    console.log(`GET …/review: ${(payloadBytes / 1e6).toFixed(2)} MB, median ${median(apiTimes).toFixed(0)} ms (${apiTimes.map((t) => t.toFixed(0)).join(", ")})`);
    console.log("");
    console.log("| run | data received ms | highlights painted ms | interactive (J answered) ms | longest task ms | ranges painted |");
    console.log("| ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const r of rows) console.log(`| ${r.run} | ${r.data.toFixed(0)} | ${r.ready.toFixed(0)} | ${r.interactive.toFixed(0)} | ${r.longTask.toFixed(0)} | ${r.ranges} |`);
    const med = median(rows.map((r) => r.interactive));
    console.log(`| median | ${median(rows.map((r) => r.data)).toFixed(0)} | ${median(rows.map((r) => r.ready)).toFixed(0)} | ${med.toFixed(0)} | ${median(rows.map((r) => r.longTask)).toFixed(0)} | |`);
    console.log("");
    console.log(`Budget: navigation → interactive < 2,000 ms. Median ${med.toFixed(0)} ms: ${med < 2000 ? "within budget" : "OVER BUDGET"}.`);
    for (const ctx of [setup, owner, ...annotators]) await ctx.dispose();
  } finally {
    stop();
  }
}

main().catch((err) => {
  console.error("[bench] failed:", err);
  process.exitCode = 1;
});
