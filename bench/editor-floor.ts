/**
 * Editor floor benchmark: what does THIS machine's Chromium need to paint one new span on a
 * 50,000-word article, before any of Spanlab's JavaScript runs — and which way of painting costs
 * least? (The editor used the CSS Custom Highlight API until this comparison; it now paints marks.)
 *
 *   cd /work/main && npx tsx bench/editor-floor.ts
 *
 * No server and no React: a static page (page.setContent) holds the article as the editor renders
 * it — 500 paragraphs with the reader's CSS (line height, `content-visibility: auto`) — and about
 * 80 spans painted one of two ways:
 *   - marks:                    what the editor does now (components/annotator/mark-painter.ts): a
 *                               box per span line, absolutely positioned in a layer inside its
 *                               paragraph, behind the text; a key press measures one word and adds
 *                               its box;
 *   - full (highlight API):     spans registered in `CSS.highlights` (three labels, three lanes with
 *                               background, solid and wavy underlines); a key press adds one
 *                               StaticRange to a highlight.
 * Chrome's Event Timing says when the next frame was painted. The highlight variants below leave
 * one ingredient out each to show what it costs:
 *   - no content-visibility:    every paragraph laid out and painted;
 *   - no paragraph observer:    without an IntersectionObserver over the 500 paragraphs (the
 *                               painter's viewport window);
 *   - no underlines:            backgrounds only (no solid/wavy text decorations);
 *   - no highlights at all:     the handler only toggles a class on a small element (the frame
 *                               cost of a key press with no highlight change).
 * Prints, per variant, the median and p95 keydown → next paint over BENCH_TAGS (200) presses, and
 * the share painted within 16 ms. Nothing is asserted. Chromium headless, --disable-gpu, 1440×900.
 */
import { chromium } from "@playwright/test";
import { CHROMIUM_ARGS, chromiumExecutable, makeArticle, median, percentile } from "./lib/harness";

const WORDS = Number(process.env.BENCH_WORDS ?? 50_000);
const TAGS = Number(process.env.BENCH_TAGS ?? 200);

interface Variant {
  name: string;
  contentVisibility: boolean;
  observer: boolean;
  underlines: boolean;
  highlights: boolean;
  marks?: boolean;
}

const VARIANTS: Variant[] = [
  { name: "marks (the editor now)", contentVisibility: true, observer: false, underlines: true, highlights: false, marks: true },
  { name: "full (highlight API)", contentVisibility: true, observer: true, underlines: true, highlights: true },
  { name: "no content-visibility", contentVisibility: false, observer: true, underlines: true, highlights: true },
  { name: "no paragraph observer", contentVisibility: true, observer: false, underlines: true, highlights: true },
  { name: "no underlines", contentVisibility: true, observer: true, underlines: false, highlights: true },
  { name: "no highlights at all", contentVisibility: true, observer: true, underlines: true, highlights: false },
];

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function pageHtml(paragraphs: string[], v: Variant): string {
  const colors = ["#d97706", "#2563eb", "#059669"];
  const css = colors
    .map((c, i) =>
      [
        `::highlight(l${i}-0){background-color:color-mix(in srgb, ${c} 24%, transparent);}`,
        `::highlight(l${i}-1){background-color:color-mix(in srgb, ${c} 14%, transparent);${v.underlines ? `text-decoration:underline solid ${c} 2px;` : ""}}`,
        `::highlight(l${i}-2){background-color:color-mix(in srgb, ${c} 14%, transparent);${v.underlines ? `text-decoration:underline wavy ${c} 1.5px;` : ""}}`,
      ].join("\n"),
    )
    .join("\n");
  return `<!doctype html><html><head><style>
    body { margin: 0; font-family: Georgia, serif; }
    main { max-width: 42rem; margin: 0 auto; padding: 2rem; font-size: 1.125rem; line-height: 2.1; }
    p { margin: 0 0 0.9em; white-space: pre-wrap; overflow-wrap: anywhere; ${v.contentVisibility ? "content-visibility: auto; contain-intrinsic-size: auto 7em;" : ""} }
    #flag.on { color: red; }
    p { position: relative; }
    .layer { position: absolute; inset: 0; z-index: -1; pointer-events: none; }
    .m { position: absolute; box-sizing: content-box; border-radius: 2px; }
    .m0 { background-color: color-mix(in srgb, #d97706 24%, transparent); }
    .m1 { background-color: color-mix(in srgb, #2563eb 14%, transparent); background-clip: content-box; padding-bottom: 1px; border-bottom: 2px solid #2563eb; }
    .m2 { background-color: color-mix(in srgb, #059669 14%, transparent); background-clip: content-box; padding-bottom: 4px; border-bottom: 2px dashed #059669; }
    ${css}
  </style></head><body><div id="flag">·</div><main>${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("")}</main></body></html>`;
}

/**
 * The page's script, as plain JavaScript in a string: a function would be rewritten by tsx
 * (esbuild's name helpers) into code that does not run in the page.
 */
function setupScript(v: { observer: boolean; highlights: boolean; marks: boolean }): string {
  return `(() => {
  const v = ${JSON.stringify(v)};
  const w = window;
  w.__events = [];
  w.__stamps = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === "keydown") w.__events.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: "event", durationThreshold: 16, buffered: true });
  const paragraphs = Array.from(document.querySelectorAll("main > p"));
  if (v.observer) {
    const io = new IntersectionObserver(() => undefined, { rootMargin: "200% 0px" });
    for (const p of paragraphs) io.observe(p);
  }
  const hl = new Map();
  for (let l = 0; l < 3; l++) for (let lane = 0; lane < 3; lane++) {
    const h = new Highlight();
    hl.set("l" + l + "-" + lane, h);
    CSS.highlights.set("l" + l + "-" + lane, h);
  }
  // Words of the first screens of paragraphs: 80 spans now, one more per key press.
  const words = [];
  for (const p of paragraphs.slice(0, 12)) {
    const node = p.firstChild;
    const re = /\\S+/g;
    for (let m = re.exec(node.data); m; m = re.exec(node.data)) words.push({ node, start: m.index, end: m.index + m[0].length });
  }
  const add = (i) => {
    const word = words[(i * 7) % words.length];
    const name = "l" + (i % 3) + "-" + (i % 9 < 6 ? 0 : i % 9 < 8 ? 1 : 2);
    hl.get(name).add(new StaticRange({ startContainer: word.node, startOffset: word.start, endContainer: word.node, endOffset: word.end }));
  };
  // Marks: measure the word's line boxes relative to its paragraph, add one box each to the
  // paragraph's layer (as the editor's painter does, measuring before adding).
  const mark = (i) => {
    const word = words[(i * 7) % words.length];
    const p = word.node.parentElement;
    const range = document.createRange();
    range.setStart(word.node, word.start);
    range.setEnd(word.node, word.end);
    const origin = p.getBoundingClientRect();
    const rects = Array.from(range.getClientRects());
    let layer = p.querySelector(".layer");
    if (!layer) { layer = document.createElement("span"); layer.className = "layer"; p.appendChild(layer); }
    for (const r of rects) {
      const el = document.createElement("span");
      el.className = "m m" + (i % 9 < 6 ? 0 : i % 9 < 8 ? 1 : 2);
      el.style.cssText = "left:" + (r.left - origin.left) + "px;top:" + (r.top - origin.top) + "px;width:" + r.width + "px;height:" + r.height + "px";
      layer.appendChild(el);
    }
  };
  if (v.highlights) for (let i = 0; i < 80; i++) add(i);
  if (v.marks) for (let i = 0; i < 80; i++) mark(i);
  w.__next = 80;
  const flag = document.getElementById("flag");
  window.addEventListener("keydown", (e) => {
    if (e.key !== "1") return;
    w.__stamps.push(e.timeStamp);
    if (v.highlights) add(w.__next++);
    else if (v.marks) mark(w.__next++);
    else flag.classList.toggle("on");
  });
})()`;
}

async function main(): Promise<void> {
  const text = makeArticle(WORDS);
  const paragraphs = text.split("\n");
  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
  const rows: string[] = [];
  try {
    for (const v of VARIANTS) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.setContent(pageHtml(paragraphs, v));
      await page.evaluate(setupScript({ observer: v.observer, highlights: v.highlights, marks: v.marks ?? false }));
      await page.evaluate("new Promise((r) => requestAnimationFrame(() => setTimeout(r, 200)))");
      for (let i = 0; i < TAGS; i++) {
        await page.keyboard.press("1");
        await page.evaluate("new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))");
      }
      const { events, stamps } = (await page.evaluate("({ events: window.__events, stamps: window.__stamps })")) as { events: { start: number; duration: number }[]; stamps: number[] };
      // Event Timing reports presses of 16 ms or more: the others were painted within 16 ms.
      const durations = stamps.map((t) => events.find((e) => Math.abs(e.start - t) < 1)?.duration ?? 16);
      const within = durations.filter((d) => d <= 16).length;
      rows.push(`| ${v.name} | ${paragraphs.length} | ${median(durations).toFixed(0)} | ${percentile(durations, 95).toFixed(0)} | ${Math.round((100 * within) / durations.length)}% |`);
      console.log(rows[rows.length - 1]);
      await page.close();
    }
  } finally {
    await browser.close();
  }
  console.log(`\nEditor floor: ${WORDS.toLocaleString("en")}-word static article, ${TAGS} key presses each painting one more span (Chromium headless, --disable-gpu, 1440×900)\n`);
  console.log("| variant | paragraphs | keydown → next paint, median ms | p95 ms | painted within 16 ms |");
  console.log("| --- | ---: | ---: | ---: | ---: |");
  for (const r of rows) console.log(r);
}

await main();
