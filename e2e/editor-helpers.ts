import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { waitForHydration } from "./helpers";

/** Shared by the editor journeys (e2e/editor*.spec.ts). */

export interface LabelInfo {
  id: string;
  name: string;
  hotkey: string | null;
}

export interface Fixture {
  projectId: string;
  slug: string;
  documentId: string;
  text: string;
  labels: Record<string, LabelInfo>;
}

export interface StoredSpan {
  id: string;
  labelId: string;
  start: number;
  end: number;
  quote: string;
  note: string | null;
  entityId: string | null;
  deletedAt: string | null;
}

/** Python's text[start:end]: code points, not UTF-16 units. */
export function cpSlice(text: string, start: number, end: number): string {
  return Array.from(text).slice(start, end).join("");
}

export async function createProjectViaApi(request: APIRequestContext, name: string): Promise<{ id: string; slug: string; labels: Record<string, LabelInfo> }> {
  const res = await request.post("/api/projects", { data: { name, description: "Made by an editor journey." } });
  expect(res.status(), await res.text()).toBe(201);
  const { project } = (await res.json()) as { project: { id: string; slug: string } };
  const overview = (await (await request.get(`/api/projects/${project.id}`)).json()) as { labels: LabelInfo[] };
  return { id: project.id, slug: project.slug, labels: Object.fromEntries(overview.labels.map((l) => [l.name, l])) };
}

export async function createDocumentViaApi(request: APIRequestContext, projectId: string, title: string, text: string): Promise<string> {
  const res = await request.post(`/api/projects/${projectId}/documents`, { data: { title, text } });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { document: { id: string } }).document.id;
}

export async function getLayer(request: APIRequestContext, f: Pick<Fixture, "projectId" | "documentId">) {
  const res = await request.get(`/api/projects/${f.projectId}/documents/${f.documentId}/annotations?layer=mine`);
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { annotations: StoredSpan[]; relations: { id: string; type: string; fromId: string; toId: string; deletedAt: string | null }[] };
  return { annotations: body.annotations.filter((a) => !a.deletedAt), relations: body.relations.filter((r) => !r.deletedAt) };
}

export async function openEditor(page: Page, f: Pick<Fixture, "slug" | "documentId">): Promise<void> {
  await page.goto(`/projects/${f.slug}/documents/${f.documentId}`);
  await waitForHydration(page);
  await page.locator("html[data-editor-ready='true']").waitFor({ state: "attached" });
}

/**
 * Viewport points just inside the first and last character of the `nth` occurrence of `phrase`.
 * Paragraphs off screen are not laid out (`content-visibility: auto`), so scrolling one into view
 * changes the height of its neighbours: scroll, let layout settle for a few frames, and measure again
 * until the phrase stays put.
 */
export async function phrasePoints(page: Page, phrase: string, nth = 0, scroll = true) {
  const box = await page.evaluate(
    async ([p, n, doScroll]) => {
      const root = document.querySelector("[data-testid='article-text']");
      if (!root) return null;
      const find = (): Range | null => {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        let count = 0;
        for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
          let from = 0;
          for (let i = node.data.indexOf(p, from); i >= 0; i = node.data.indexOf(p, from)) {
            if (count++ === n) {
              const r = document.createRange();
              r.setStart(node, i);
              r.setEnd(node, i + p.length);
              return r;
            }
            from = i + 1;
          }
        }
        return null;
      };
      const range = find();
      if (!range) return null;
      const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
      let lastTop = Number.NaN;
      if (!doScroll) {
        await frame();
        await frame();
      }
      for (let attempt = 0; doScroll && attempt < 20; attempt++) {
        range.startContainer.parentElement?.scrollIntoView({ block: "center" });
        await frame();
        await frame();
        const top = range.getBoundingClientRect().top;
        if (top === lastTop) break;
        lastTop = top;
      }
      const rects = Array.from(range.getClientRects()).filter((x) => x.width > 0);
      const first = rects[0];
      const last = rects[rects.length - 1];
      if (!first || !last) return null;
      return { x1: first.left + 1, y1: first.top + first.height / 2, x2: last.right - 1, y2: last.top + last.height / 2, cx: first.left + first.width / 2 };
    },
    [phrase, nth, scroll] as const,
  );
  if (!box) throw new Error(`"${phrase}" is not in the article`);
  return box;
}

/** Select `phrase` with a real mouse drag; waits until the editor shows the selection menu. */
export async function dragSelect(page: Page, phrase: string, nth = 0): Promise<void> {
  const start = await phrasePoints(page, phrase, nth);
  await page.mouse.move(start.x1, start.y1);
  await page.mouse.down();
  // Pressing the mouse clears the previous selection, and the page can get shorter (and scroll) as
  // its details close: find the end again where it is now.
  const p = await phrasePoints(page, phrase, nth, false);
  await page.mouse.move((start.x1 + p.x2) / 2, (start.y1 + p.y2) / 2, { steps: 4 });
  await page.mouse.move(p.x2, p.y2, { steps: 4 });
  await page.mouse.up();
  await expect(page.getByRole("toolbar", { name: "Tag the selection" })).toBeVisible();
}

/** What the editor paints now: spans of mine and of teammates with marks in the DOM, and the selected span's ring. */
export interface PaintedMarks {
  spans: number;
  teammates: number;
  selected: number;
  /** Distinct spans drawn in each lane (0: a tint; 1 and deeper: underlined, for nested or overlapping spans). */
  lanes: Record<number, number>;
}

/** Counts the editor's marks (components/annotator/mark-painter.ts): distinct spans, not line boxes. */
export async function paintedMarks(page: Page): Promise<PaintedMarks> {
  return page.evaluate(() => {
    const distinct = (selector: string, key: "span" | "team") => new Set(Array.from(document.querySelectorAll<HTMLElement>(selector)).map((el) => el.dataset[key])).size;
    const lanes: Record<number, number> = {};
    for (let lane = 0; lane <= 3; lane++) {
      const n = distinct(`.sl-marks .sl-lane-${lane}[data-span]`, "span");
      if (n) lanes[lane] = n;
    }
    return {
      lanes,
      spans: distinct(".sl-marks [data-span]", "span"),
      teammates: distinct(".sl-marks [data-team]", "team"),
      selected: document.querySelectorAll(".sl-marks .sl-m-selected").length,
    };
  });
}

export async function expectSaved(page: Page, timeout = 15_000): Promise<void> {
  await expect(page.getByTestId("save-status")).toHaveText("Saved ✓", { timeout });
}

export function panelGroup(page: Page, labelName: string) {
  return page.getByRole("complementary", { name: "Spans" }).getByRole("region", { name: `${labelName} spans` });
}
