import { expect, test, type Page } from "@playwright/test";
import {
  cpSlice,
  createDocumentViaApi,
  createProjectViaApi,
  dragSelect,
  expectSaved,
  getLayer,
  openEditor,
  panelGroup,
  paintedMarks,
} from "./editor-helpers";
import { OWNER, signIn } from "./helpers";

// Issue 4: offsets are code points whatever the script. Spans made with the mouse (and through the
// DOM Selection API, as assistive tech and touch selection do) over emoji ZWJ sequences, flags,
// mathematical letters, CJK, Arabic, Hebrew and combining marks are stored so that Python's
// text[start:end] gives exactly the selected text — and never half a character.
const stamp = Date.now().toString(36);

const TEXT = [
  `Unicode notes from the harbour (${stamp})`,
  "The family 👩‍👩‍👧‍👦 waved two flags 🇺🇦🇯🇵 from the ferry deck.",
  "A hand-painted sign read 𝐌𝐚𝐭𝐡 𝐂𝐥𝐮𝐛 in bold letters.",
  "The menu listed 中文菜单 beside the window.",
  "An Arabic greeting مرحبا بكم and a Hebrew one שלום עליכם were painted by the gate.",
  "The owner of the cafe\u0301 spelled his name Rene\u0301e on the receipt.",
].join("\n");

/** Code-point index of `phrase` in TEXT. */
function cpIndexOf(phrase: string): number {
  const u16 = TEXT.indexOf(phrase);
  if (u16 < 0) throw new Error(`"${phrase}" is not in the text`);
  return Array.from(TEXT.slice(0, u16)).length;
}

/** Select UTF-16 range [from, from+length) of `phrase`'s occurrence through the DOM Selection API. */
async function domSelect(page: Page, phrase: string, cutUnits = 0): Promise<void> {
  await page.evaluate(
    ([p, cut]) => {
      const root = document.querySelector("[data-testid='article-text']")!;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        const i = node.data.indexOf(p);
        if (i >= 0) {
          node.parentElement?.scrollIntoView({ block: "center" });
          window.getSelection()!.setBaseAndExtent(node, i, node, i + p.length - cut);
          return;
        }
      }
      throw new Error(`"${p}" not found`);
    },
    [phrase, cutUnits] as const,
  );
  await expect(page.getByRole("toolbar", { name: "Tag the selection" })).toBeVisible();
}

test("spans over emoji, flags, math letters, CJK, Arabic, Hebrew and combining marks are stored in code points", async ({ page }) => {
  page.on("console", (m) => console.log(`[browser ${m.type()}] ${m.text()}`));
  page.on("pageerror", (e) => console.log(`[pageerror] ${e.message}`));
  await signIn(page, OWNER);
  const project = await createProjectViaApi(page.request, `Unicode editor ${stamp}`);
  const documentId = await createDocumentViaApi(page.request, project.id, "Unicode harbour notes", TEXT);
  const f = { projectId: project.id, slug: project.slug, documentId };
  await openEditor(page, f);

  const expected: string[] = [];
  // With the mouse (snap to words on).
  for (const phrase of ["family 👩‍👩‍👧‍👦", "𝐌𝐚𝐭𝐡 𝐂𝐥𝐮𝐛", "中文菜单", "Rene\u0301e"]) {
    await dragSelect(page, phrase);
    await page.keyboard.press("3");
    expected.push(phrase);
    await expect(panelGroup(page, "Entity").getByRole("button")).toHaveCount(expected.length);
  }
  // Right-to-left scripts through the Selection API.
  for (const phrase of ["مرحبا بكم", "שלום עליכם"]) {
    await domSelect(page, phrase);
    await page.keyboard.press("2");
    expected.push(phrase);
  }
  // Snapping off: a selection ending inside a grapheme is widened to the whole grapheme, never split.
  await page.getByLabel("Snap to words").uncheck();
  await domSelect(page, "🇺🇦", 2); // only the first regional indicator of the flag
  await page.keyboard.press("1");
  expected.push("🇺🇦");
  await domSelect(page, "cafe\u0301", 1); // "cafe" without its combining acute accent
  await page.keyboard.press("1");
  expected.push("cafe\u0301");

  await expectSaved(page);
  const { annotations } = await getLayer(page.request, f);
  expect(annotations.map((a) => a.quote).sort()).toEqual([...expected].sort());
  for (const phrase of expected) {
    const a = annotations.find((x) => x.quote === phrase)!;
    expect(cpSlice(TEXT, a.start, a.end), phrase).toBe(phrase);
    expect(a.start, phrase).toBe(cpIndexOf(phrase));
    expect(a.end - a.start, phrase).toBe(Array.from(phrase).length);
  }
  expect((await paintedMarks(page)).spans).toBe(expected.length);

  // And they come back painted after a reload.
  await page.reload();
  await openEditor(page, f);
  expect((await paintedMarks(page)).spans).toBe(expected.length);
});
