/**
 * Editor benchmark: is the annotation editor fast on a very long article?
 *
 *   cd /work/main && NEXT_TELEMETRY_DISABLED=1 npx next build && npx tsx bench/editor.ts
 *
 * Starts the production server the way the e2e suite does (scripts/e2e-server.ts on E2E_PORT=3310,
 * a fresh database: PGlite, or a new database on the PostgreSQL server in BENCH_DATABASE_URL), seeds
 * THROUGH THE API a 50,000-word generated article and 5,000 spans in the owner's own layer (about 10%
 * overlapping another span), then, in this machine's headless Chromium, measures BENCH_RUNS times:
 *   - navigation → interactive: the editor mounted and its first frame (text and marks) painted,
 *     with no long task (> 50 ms) after it — when a key press is answered at once. A real key
 *     press checks it: Tab, sent as soon as the harness sees that frame, selects the first span;
 *     its Event Timing gives its wait for the main thread and when its frame was painted (the
 *     harness's own round trips on these two cores put it 50–300 ms after the editor was ready);
 *   - keystroke → span painted, over BENCH_TAGS (200) new tags spread over the article: its
 *     paragraph is scrolled into view, the page settles (BENCH_SETTLE_MS, 200: the reader finds the
 *     words), a word is selected through the DOM Selection API (as a mouse drag or assistive tech
 *     does), then the hotkey "1" is pressed. Chrome's Event Timing gives keydown → the next frame
 *     presented (median, p95); a probe gives keydown → the main thread's frame with the new mark.
 *     The floor: the same for a key the editor ignores;
 *   - long tasks (> 50 ms) while scrolling from the top to the bottom of the article;
 *   - JS heap and DOM node count after all of that and a garbage collection (Chrome DevTools Protocol
 *     `HeapProfiler.collectGarbage`, then `Performance.getMetrics`).
 * Budgets (issue 4): interactive < 1 s; per tag median < 16 ms, p95 < 50 ms. Nothing is asserted: it
 * prints numbers.
 *
 * Environment: BENCH_DATABASE_URL, BENCH_WORDS (50000), BENCH_SPANS (5000), BENCH_TAGS (200),
 * BENCH_RUNS (3), BENCH_CONCURRENCY (8 requests in flight while seeding), BENCH_SETTLE_MS (200).
 */
import fs from "node:fs";
import { chromium, request as playwrightRequest, type Page } from "@playwright/test";
import { CHROMIUM_ARGS, chromiumExecutable, makeArticle, median, ok, percentile, pool, rng, signedIn, startServer, waitForHealth, wordsOf } from "./lib/harness";

const PORT = 3310;
const BASE = `http://127.0.0.1:${PORT}`;
const WORDS = Number(process.env.BENCH_WORDS ?? 50_000);
const SPANS = Number(process.env.BENCH_SPANS ?? 5_000);
const TAGS = Number(process.env.BENCH_TAGS ?? 200);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 200);
const OWNER = { name: "Bench Owner", email: "bench-editor-owner@spanlab.test", password: "bench owner passphrase" };

interface SeedSpan {
  start: number;
  end: number;
  quote: string;
  label: number;
}

/** `n` word-aligned spans over the whole article; about one in ten has a nested span of another label. */
function makeSpans(text: string, n: number): SeedSpan[] {
  const cps = Array.from(text);
  const words = wordsOf(text);
  const rnd = rng(23);
  const out: SeedSpan[] = [];
  const stride = Math.max(3, Math.floor(words.length / (n * 0.91)));
  for (let i = 0; out.length < n && i + 8 < words.length; i += stride) {
    const len = 1 + Math.floor(rnd() * 5);
    const a = words[i]!;
    const b = words[Math.min(words.length - 1, i + len - 1)]!;
    const label = Math.floor(rnd() * 3);
    out.push({ start: a.start, end: b.end, quote: cps.slice(a.start, b.end).join(""), label });
    if (rnd() < 0.1 && out.length < n) {
      const c = words[Math.min(words.length - 1, i + 1)]!;
      out.push({ start: c.start, end: c.end, quote: cps.slice(c.start, c.end).join(""), label: (label + 1) % 3 });
    }
  }
  return out;
}

/**
 * Installed before any page script: long-task collection and the keystroke → paint probe. Plain
 * JavaScript in a string: a function would be rewritten by tsx (esbuild's name helpers) into code
 * that does not run in the page.
 *
 * Keystroke → painted: from the keydown of the hotkey to the first frame after the span's range
 * joined the highlight registry (a rAF, then a task: that frame has been painted by then).
 */
const PROBE = `
(() => {
  const w = window;
  w.__longTasks = [];
  w.__tagTimes = [];
  w.__tagSplits = [];
  w.__tagSkipped = 0;
  w.__hotkeyStamps = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
  } catch (e) {}
  // Chrome's own measure of a key press: from the event to the next paint after its handlers ran
  // (Event Timing; only presses of 16 ms or more are reported, rounded to 8 ms).
  w.__keyEvents = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name === "keydown") w.__keyEvents.push({ start: e.startTime, duration: e.duration, processing: e.processingEnd - e.processingStart });
    }).observe({ type: "event", durationThreshold: 16, buffered: true });
  } catch (e) {}
  // Spans painted: distinct spans with marks (components/annotator/mark-painter.ts) in the DOM.
  w.__spanRanges = () => new Set(Array.from(document.querySelectorAll(".sl-marks [data-span]")).map((m) => m.dataset.span)).size;
  const spansIn = (p) => new Set(Array.from(p.querySelectorAll(".sl-marks [data-span]")).map((m) => m.dataset.span));
  w.__idleStamps = [];
  window.addEventListener("keydown", (e) => {
    if (e.key === "x") w.__idleStamps.push(e.timeStamp); // a key the editor ignores: the floor
    if (e.key !== "1") return;
    const t0 = performance.now();
    const s = window.getSelection();
    if (!s || s.rangeCount === 0) return;
    const r = s.getRangeAt(0);
    const para = r.startContainer.parentElement;
    if (!para || r.startContainer !== r.endContainer) return;
    const before = spansIn(para);
    // A new span painted = a span id with marks in this paragraph that was not there before.
    const painted = () => { for (const id of spansIn(para)) if (!before.has(id)) return true; return false; };
    w.__hotkeyStamps.push(e.timeStamp);
    const split = { task: 0, frame: 0 };
    setTimeout(() => { split.task = performance.now() - t0; }, 0);
    requestAnimationFrame(() => { split.frame = performance.now() - t0; });
    w.__tagSplits.push(split);
    function check() {
      requestAnimationFrame(() => setTimeout(() => {
        if (painted()) w.__tagTimes.push(performance.now() - t0);
        else if (performance.now() - t0 < 5000) check();
      }, 0));
    }
    check();
  }, true);
})();
`;

/** Words (code points) that no seeded span touches, spread over the article: where the bench tags. */
function freeWords(text: string, spans: readonly SeedSpan[], n: number): { start: number; end: number }[] {
  const covered = new Uint8Array(Array.from(text).length + 1);
  for (const s of spans) covered.fill(1, Math.max(0, s.start - 1), s.end + 1);
  const free = wordsOf(text).filter((w) => w.end - w.start >= 4 && !covered.subarray(w.start, w.end).some((x) => x === 1));
  const step = Math.max(1, Math.floor(free.length / n));
  return Array.from({ length: Math.min(n, free.length) }, (_, i) => free[(i * step + ((i * 7919) % step)) % free.length]!);
}

/**
 * Selects code points [start, end) through the Selection API, after scrolling their paragraph into
 * view and letting the page settle for `settle` ms, as a reader does before selecting: the browser
 * finishes drawing the newly scrolled-in screen (in software, on these two cores, that takes tens of
 * milliseconds, and a key pressed at once would wait behind it).
 */
async function selectRange(page: Page, w: { start: number; end: number }): Promise<boolean> {
  return page.evaluate(async ({ start, end, settle }) => {
    const paragraphs = Array.from(document.querySelectorAll<HTMLElement>("[data-testid='article-text'] [data-start]"));
    let p: HTMLElement | undefined;
    for (const el of paragraphs) {
      if (Number(el.dataset.start) <= start) p = el;
      else break;
    }
    const node = p?.firstChild;
    if (!p || !node || node.nodeType !== Node.TEXT_NODE) return false;
    p.scrollIntoView({ block: "center" });
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    await new Promise((r) => setTimeout(r, settle));
    const base = Number(p.dataset.start);
    const data = (node as Text).data;
    let cp = base;
    let u16 = 0;
    let from = -1;
    let to = -1;
    for (const ch of data) {
      if (cp === start) from = u16;
      if (cp === end) to = u16;
      cp += 1;
      u16 += ch.length;
    }
    if (cp === end) to = u16;
    if (from < 0 || to < 0) return false;
    window.getSelection()!.setBaseAndExtent(node, from, node, to);
    return true;
  }, { ...w, settle: SETTLE_MS });
}

async function measureRun(page: Page, slug: string, documentId: string, run: number, targets: { start: number; end: number }[]) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const profiling = Boolean(process.env.BENCH_PROFILE) && run === 1;
  const tracing = Boolean(process.env.BENCH_TRACE) && run === 1;
  const traceEvents: { name: string; dur?: number; ph: string; tid: number; ts: number }[] = [];
  if (tracing) {
    cdp.on("Tracing.dataCollected", (e) => traceEvents.push(...(e.value as unknown as typeof traceEvents)));
    await cdp.send("Tracing.start", { categories: "devtools.timeline,blink.user_timing", transferMode: "ReportEvents" });
  }
  if (profiling) {
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
    await cdp.send("Profiler.start");
  }
  await page.goto(`${BASE}/projects/${slug}/documents/${documentId}`, { waitUntil: "commit" });
  await page.locator("html[data-editor-ready='true']").waitFor({ state: "attached", timeout: 60_000 });
  // Interactive: the editor is mounted and its first frame painted, and no long task (> 50 ms)
  // follows before a key press — the moment a key would be answered at once. A real key press
  // proves it: Tab, sent as soon as the harness sees the painted mark (one round trip to focus the
  // text, one to press), selects the first span; Chrome's Event Timing of that first input says
  // how long it waited for the main thread (queueing), when its handlers ran and when the frame
  // after them was painted.
  await page.evaluate(async () => {
    while (performance.getEntriesByName("spanlab:editor-painted").length === 0) await new Promise((r) => setTimeout(r, 5));
    document.querySelector<HTMLElement>("[data-testid='article-text']")?.focus();
  });
  await page.keyboard.press("Tab");
  await page.getByTestId("span-details").waitFor({ timeout: 30_000 });
  const firstInput = await page.evaluate(
    () =>
      new Promise<{ start: number; queued: number; handled: number; painted: number } | null>((resolve) => {
        new PerformanceObserver((list) => {
          const e = list.getEntries()[0] as PerformanceEventTiming | undefined;
          resolve(e ? { start: e.startTime, queued: e.processingStart - e.startTime, handled: e.processingEnd, painted: e.startTime + e.duration } : null);
        }).observe({ type: "first-input", buffered: true });
        setTimeout(() => resolve(null), 2_000);
      }),
  );
  const marks = await page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
    const ready = performance.getEntriesByName("spanlab:editor-ready")[0];
    const painted = performance.getEntriesByName("spanlab:editor-painted")[0];
    const longTasks = (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks;
    return {
      start: nav?.startTime ?? 0,
      ready: ready?.startTime ?? NaN,
      painted: painted?.startTime ?? NaN,
      // Long tasks that began after the editor mounted (and before the first key): work that would delay a key press.
      longAfterReady: longTasks.filter((t) => ready && t.start >= ready.startTime).map((t) => ({ start: t.start, end: t.start + t.duration })),
      now: NaN,
      ranges: (window as unknown as { __spanRanges: () => number }).__spanRanges(),
      ttfb: nav ? nav.responseStart - nav.startTime : NaN,
      html: nav ? nav.responseEnd - nav.startTime : NaN,
      dcl: nav ? nav.domContentLoadedEventEnd - nav.startTime : NaN,
      bytes: nav?.encodedBodySize ?? NaN,
      scripts: performance.getEntriesByType("resource").filter((r) => r.name.endsWith(".js")).reduce((m, r) => Math.max(m, (r as PerformanceResourceTiming).responseEnd), 0),
    };
  });
  if (tracing) {
    const done = new Promise<void>((resolve) => cdp.once("Tracing.tracingComplete", () => resolve()));
    await cdp.send("Tracing.end");
    await done;
    const sums = new Map<string, number>();
    for (const e of traceEvents) if (e.ph === "X" && e.dur) sums.set(e.name, (sums.get(e.name) ?? 0) + e.dur / 1000);
    console.log("[bench] trace (ms, summed, nested events overlap): " + [...sums].sort((a, b) => b[1] - a[1]).slice(0, 18).map(([n, v]) => `${n} ${v.toFixed(0)}`).join(", "));
  }
  if (profiling) {
    const { profile } = await cdp.send("Profiler.stop");
    fs.writeFileSync(process.env.BENCH_PROFILE!, JSON.stringify(profile));
    console.log(`[bench] CPU profile of the first load in ${process.env.BENCH_PROFILE}`);
  }
  await page.keyboard.press("Escape");
  console.log(
    `[bench] run ${run}: first byte ${marks.ttfb.toFixed(0)} ms, HTML received ${marks.html.toFixed(0)} ms (${(marks.bytes / 1e6).toFixed(2)} MB), DOMContentLoaded ${marks.dcl.toFixed(0)} ms, editor mounted ${(marks.ready - marks.start).toFixed(0)} ms; last script loaded ${marks.scripts.toFixed(0)} ms`,
  );

  // Keystroke → highlight painted, only in the first run (the tags are saved, so later runs have more spans).
  let tagTimes: number[] = [];
  let hotkeyPaint: number[] = [];
  let idlePaint: number[] = [];
  let missed = 0;
  if (run === 1) {
    const tagTrace: { name: string; dur?: number; ph: string; ts: number; args?: { data?: { type?: string } } }[] = [];
    if (process.env.BENCH_TRACE_TAGS) {
      cdp.on("Tracing.dataCollected", (e) => tagTrace.push(...(e.value as unknown as typeof tagTrace)));
      await cdp.send("Tracing.start", { categories: "devtools.timeline", transferMode: "ReportEvents" });
    }
    if (process.env.BENCH_PROFILE_TAGS) {
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
      await cdp.send("Profiler.start");
    }
    for (let i = 0; i < targets.length; i++) {
      if (!(await selectRange(page, targets[i]!))) continue;
      await page.getByRole("toolbar", { name: "Tag the selection" }).waitFor({ timeout: 10_000 });
      await page.keyboard.press("1");
      const recorded = await page
        .waitForFunction((n) => { const w = window as unknown as { __tagTimes: number[]; __tagSkipped: number }; return w.__tagTimes.length + w.__tagSkipped >= n; }, i + 1 - missed, { timeout: 10_000 })
        .then(() => true)
        .catch(() => false);
      if (!recorded) {
        if (process.env.BENCH_DEBUG) {
          console.error(
            await page.evaluate(() => ({
              ranges: (window as unknown as { __spanRanges: () => number }).__spanRanges(),
              sel: window.getSelection()?.toString(),
              active: document.activeElement?.tagName + " " + (document.activeElement?.getAttribute("aria-label") ?? ""),
              toast: document.querySelector("[role='status']")?.textContent,
              names: [...(CSS.highlights as unknown as Map<string, unknown>).keys()].join(","),
              skipped: (window as unknown as { __tagSkipped: number }).__tagSkipped,
              times: (window as unknown as { __tagTimes: number[] }).__tagTimes.length,
            })),
          );
        }
        missed += 1;
        if (missed <= 3) console.error(`[bench] tag ${i + 1}: no new highlight within 10 s`);
      }
      await page.keyboard.press("Escape");
    }
    if (process.env.BENCH_TRACE_TAGS) {
      const done = new Promise<void>((resolve) => cdp.once("Tracing.tracingComplete", () => resolve()));
      await cdp.send("Tracing.end");
      await done;
      // Work in the 120 ms after each hotkey press, by kind.
      const keydowns = tagTrace.filter((e) => e.name === "EventDispatch" && e.args?.data?.type === "keydown").map((e) => ({ ts: e.ts, dur: (e.dur ?? 0) / 1000 }));
      const hot = keydowns.filter((_, i) => i % 2 === 0); // "1", then "Escape"
      const sums = new Map<string, number>();
      for (const k of hot) {
        for (const e of tagTrace) if (e.ph === "X" && e.dur && e.ts >= k.ts && e.ts < k.ts + 120_000) sums.set(e.name, (sums.get(e.name) ?? 0) + e.dur / 1000 / hot.length);
      }
      console.log(`[bench] per hotkey press (mean over ${hot.length}, first 120 ms): ` + [...sums].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([n, v]) => `${n} ${v.toFixed(1)}`).join(", "));
    }
    if (process.env.BENCH_PROFILE_TAGS) {
      const { profile } = await cdp.send("Profiler.stop");
      fs.writeFileSync(process.env.BENCH_PROFILE_TAGS, JSON.stringify(profile));
      console.log(`[bench] CPU profile of the tags in ${process.env.BENCH_PROFILE_TAGS}`);
    }
    tagTimes = await page.evaluate(() => (window as unknown as { __tagTimes: number[] }).__tagTimes);
    const splits = await page.evaluate(() => (window as unknown as { __tagSplits: { task: number; frame: number }[] }).__tagSplits);
    const timing = await page.evaluate(() => {
      const w = window as unknown as { __keyEvents: { start: number; duration: number; processing: number }[]; __hotkeyStamps: number[] };
      return { events: w.__keyEvents, stamps: w.__hotkeyStamps };
    });
    // Chrome reports a key press only when it took ≥ 16 ms to its next paint: a hotkey without an
    // entry was painted within 16 ms (counted as 16, an upper bound).
    hotkeyPaint = timing.stamps.map((t) => timing.events.find((e) => Math.abs(e.start - t) < 1)?.duration ?? 16);
    const handlers = timing.stamps.map((t) => timing.events.find((e) => Math.abs(e.start - t) < 1)?.processing).filter((x): x is number => x !== undefined);
    const unreported = timing.stamps.filter((t) => !timing.events.some((e) => Math.abs(e.start - t) < 1)).length;
    console.log(
      `[bench] Event Timing of the ${hotkeyPaint.length} hotkey presses: ${hotkeyPaint.filter((d) => d <= 16).length} painted within 16 ms (${unreported} under 16 ms, which Chrome does not report); ` +
        `median ${median(hotkeyPaint).toFixed(0)} ms, p95 ${percentile(hotkeyPaint, 95).toFixed(0)} ms to the next paint; handlers of the slower ones median ${handlers.length ? median(handlers).toFixed(1) : "—"} ms`,
    );
    console.log(
      `[bench] keydown → end of its task: median ${median(splits.map((x) => x.task)).toFixed(1)} ms; → next animation frame: median ${median(splits.map((x) => x.frame)).toFixed(1)} ms`,
    );
    await page.getByTestId("save-status").filter({ hasText: "Saved" }).waitFor({ timeout: 120_000 });

    // The floor under those figures: the same page, a key it ignores (nothing changes on screen),
    // pressed as often, measured the same way. What a tag costs is what it adds to this.
    await page.keyboard.press("Escape");
    for (let i = 0; i < hotkeyPaint.length; i++) {
      await page.keyboard.press("x");
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 30))));
    }
    const idle = await page.evaluate(() => {
      const w = window as unknown as { __keyEvents: { start: number; duration: number }[]; __idleStamps: number[] };
      return w.__idleStamps.map((t) => w.__keyEvents.find((e) => Math.abs(e.start - t) < 1)?.duration ?? 16);
    });
    idlePaint = idle;
    console.log(
      `[bench] Event Timing of ${idle.length} presses of a key the editor ignores: ${idle.filter((d) => d <= 16).length} within 16 ms; median ${median(idle).toFixed(0)} ms, p95 ${percentile(idle, 95).toFixed(0)} ms`,
    );
  }

  // Scrolling top to bottom, one viewport per frame, and the long tasks it causes.
  const scroll = await page.evaluate(async () => {
    window.scrollTo(0, 0);
    await new Promise((r) => setTimeout(r, 300));
    const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
    const from = performance.now();
    const frames: number[] = [];
    let last = performance.now();
    while (window.scrollY + window.innerHeight < document.documentElement.scrollHeight - 2) {
      window.scrollBy(0, window.innerHeight * 0.9);
      await new Promise((r) => requestAnimationFrame(r));
      const t = performance.now();
      frames.push(t - last);
      last = t;
    }
    await new Promise((r) => setTimeout(r, 300));
    const tasks = w.__longTasks.filter((t) => t.start >= from);
    return { frames: frames.length, height: document.documentElement.scrollHeight, longTasks: tasks.length, longest: tasks.reduce((m, t) => Math.max(m, t.duration), 0), worstFrame: frames.reduce((m, f) => Math.max(m, f), 0) };
  });
  // Collect garbage first: the node count includes removed nodes until they are collected.
  await cdp.send("HeapProfiler.collectGarbage");
  const metrics = (await cdp.send("Performance.getMetrics")).metrics;
  const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
  await cdp.detach();
  return {
    ready: marks.ready - marks.start,
    painted: marks.painted - marks.start,
    // Interactive: painted, and past every long task that began after mounting and before the key.
    interactive: Math.max(marks.painted, ...marks.longAfterReady.filter((t) => !firstInput || t.start < firstInput.start).map((t) => t.end)) - marks.start,
    keyAt: (firstInput?.start ?? NaN) - marks.start,
    keyQueued: firstInput?.queued ?? NaN,
    handled: (firstInput?.handled ?? NaN) - marks.start,
    keyPainted: (firstInput?.painted ?? NaN) - marks.start,
    ranges: marks.ranges,
    tagTimes,
    hotkeyPaint,
    idlePaint,
    scroll,
    heapMb: metric("JSHeapUsedSize") / 1e6,
    nodes: metric("Nodes"),
  };
}

async function main(): Promise<void> {
  if (!fs.existsSync(".next/BUILD_ID")) {
    console.error("bench/editor: no production build. Run: NEXT_TELEMETRY_DISABLED=1 npx next build && npx tsx bench/editor.ts");
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
    const setup = await playwrightRequest.newContext({ baseURL: BASE });
    await ok(await setup.post("/api/setup", { data: OWNER }), "setup");
    const owner = await signedIn(BASE, OWNER);
    const { project } = await ok<{ project: { id: string; slug: string } }>(await owner.post("/api/projects", { data: { name: "Editor bench" } }), "project");
    const overview = await ok<{ labels: { id: string; name: string }[] }>(await owner.get(`/api/projects/${project.id}`), "overview");
    const labelIds = ["Claim", "Quote", "Entity"].map((n) => overview.labels.find((l) => l.name === n)!.id);
    const text = makeArticle(WORDS);
    const { document } = await ok<{ document: { id: string; length: number } }>(
      await owner.post(`/api/projects/${project.id}/documents`, { data: { title: "A very long article", text } }),
      "document",
    );
    const spans = makeSpans(text, SPANS);
    const overlapping = spans.filter((s, i) => i > 0 && s.start < spans[i - 1]!.end).length;
    const t0 = performance.now();
    let refused = 0;
    await pool(spans, CONCURRENCY, async (s) => {
      const res = await owner.post(`/api/projects/${project.id}/documents/${document.id}/annotations`, {
        data: { labelId: labelIds[s.label], start: s.start, end: s.end, quote: s.quote },
        headers: { "Idempotency-Key": crypto.randomUUID() },
      });
      if (res.status() !== 201) {
        refused += 1;
        if (refused <= 3) console.error(`[bench] a span was refused: ${res.status()} ${await res.text()}`);
      }
    });
    console.log(
      `[bench] article: ${WORDS.toLocaleString("en")} words, ${document.length.toLocaleString("en")} code points, ${text.split("\n").length} paragraphs; ` +
        `${(spans.length - refused).toLocaleString("en")} spans (${overlapping} overlapping the one before) seeded through the API in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    // The server's share: the API reads the editor's page makes, and the page itself.
    const timeGet = async (url: string) => {
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < 3; i++) {
        const a = performance.now();
        const res = await owner.get(url);
        bytes = (await res.body()).length;
        times.push(performance.now() - a);
      }
      return `${median(times).toFixed(0)} ms (${(bytes / 1e6).toFixed(2)} MB)`;
    };
    console.log(
      `[bench] server: GET …/annotations?layer=mine ${await timeGet(`/api/projects/${project.id}/documents/${document.id}/annotations?layer=mine`)}, ` +
        `GET …/documents/:id ${await timeGet(`/api/projects/${project.id}/documents/${document.id}`)}, ` +
        `the editor page ${await timeGet(`/projects/${project.slug}/documents/${document.id}`)}`,
    );
    const targets = freeWords(text, spans, TAGS);
    const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
    const state = await owner.storageState();
    const rows: Awaited<ReturnType<typeof measureRun>>[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const context = await browser.newContext({ storageState: state, viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      await page.addInitScript({ content: PROBE });
      rows.push(await measureRun(page, project.slug, document.id, run, targets));
      await context.close();
    }
    await browser.close();

    const tags = rows[0]!.tagTimes;
    console.log("");
    console.log(`Editor: ${WORDS.toLocaleString("en")}-word article, ${SPANS.toLocaleString("en")} spans, ${process.env.BENCH_DATABASE_URL ? "PostgreSQL" : "PGlite"}, Chromium headless 1440×900`);
    console.log("");
    console.log("| run | editor mounted ms | mounted and painted ms | interactive ms | first key sent ms | its wait for the main thread ms | first key painted ms | spans painted | scroll frames | long tasks while scrolling | longest ms | worst frame ms | JS heap MB | DOM nodes |");
    console.log("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    rows.forEach((r, i) =>
      console.log(
        `| ${i + 1} | ${r.ready.toFixed(0)} | ${r.painted.toFixed(0)} | ${r.interactive.toFixed(0)} | ${r.keyAt.toFixed(0)} | ${r.keyQueued.toFixed(0)} | ${r.keyPainted.toFixed(0)} | ${r.ranges} | ${r.scroll.frames} | ${r.scroll.longTasks} | ${r.scroll.longest.toFixed(0)} | ${r.scroll.worstFrame.toFixed(0)} | ${r.heapMb.toFixed(1)} | ${r.nodes} |`,
      ),
    );
    const interactive = median(rows.map((r) => r.interactive));
    console.log("");
    const paint = rows[0]!.hotkeyPaint;
    console.log(
      `keystroke → next paint (Chrome Event Timing: input to the frame presented after its handlers; the mark is added in the handler) over ${paint.length} tags: ` +
        `median ${median(paint).toFixed(0)} ms, p95 ${percentile(paint, 95).toFixed(0)} ms, max ${Math.max(...paint).toFixed(0)} ms ` +
        `(${paint.filter((d) => d <= 16).length} within 16 ms, counted as 16)`,
    );
    const idle = rows[0]!.idlePaint;
    console.log(
      `the floor — a key the editor ignores, same page, same measure, ${idle.length} presses: median ${median(idle).toFixed(0)} ms, p95 ${percentile(idle, 95).toFixed(0)} ms (${idle.filter((d) => d <= 16).length} within 16 ms)`,
    );
    console.log(
      `keystroke → the main thread has produced the frame with the new mark (a frame and a task after the keydown) over ${tags.length} tags: median ${median(tags).toFixed(1)} ms, p95 ${percentile(tags, 95).toFixed(1)} ms`,
    );
    const floor = median(rows[0]!.idlePaint);
    const m = median(paint);
    console.log(
      `Budgets: interactive < 1,000 ms (median ${interactive.toFixed(0)} ms: ${interactive < 1000 ? "within" : "OVER"}); ` +
        `per tag median < 16 ms (Event Timing ${m.toFixed(0)} ms, ${m < 16 ? "within" : m <= floor ? `at the floor a key that changes nothing measures here, ${floor.toFixed(0)} ms` : "OVER"}; main thread ${median(tags).toFixed(1)} ms: ${median(tags) < 16 ? "within" : "OVER"}), ` +
        `p95 < 50 ms (${percentile(paint, 95) < 50 ? "within" : "OVER"}).`,
    );
    for (const ctx of [setup, owner]) await ctx.dispose();
  } finally {
    stop();
  }
}

main().catch((err) => {
  console.error("[bench] failed:", err);
  process.exitCode = 1;
});
