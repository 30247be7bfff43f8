import AxeBuilder from "@axe-core/playwright";
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
  phrasePoints,
  paintedMarks,
  type Fixture,
  type LabelInfo,
} from "./editor-helpers";
import { OWNER, signIn } from "./helpers";

// Issue 4: the annotation editor. Spans made with the mouse and the keyboard are stored with
// code-point offsets, overlapping spans are all painted, nothing typed is ever run as HTML, relations,
// undo/redo, and nothing is lost while offline — not even across a reload.
test.describe.configure({ mode: "serial" });

const stamp = Date.now().toString(36);
let project: { id: string; slug: string; labels: Record<string, LabelInfo> } | null = null;
let docCount = 0;

/** An article written for these tests; the leading ship makes code points differ from UTF-16 units. */
function article(tag: string): string {
  return [
    `🚢 Harbour board approves the eastern pier plan (${tag})`,
    "",
    "The harbour board voted on Tuesday to rebuild the eastern pier before the winter storms. “This is the cheapest option we have, and the safest,” said Mara Lindqvist, the board’s chair.",
    "Councillor Ade Okafor claimed that the new pier will double ferry traffic by 2030. Okafor added that residents of the old quarter were not consulted at all.",
    "The ferry company declined to comment. A spokesperson for the fishing cooperative said its members would study the drawings first.",
  ].join("\n");
}

async function fixture(page: Page, tag: string): Promise<Fixture> {
  await signIn(page, OWNER);
  if (!project) project = await createProjectViaApi(page.request, `Editor journeys ${stamp}`);
  const text = article(`${tag} ${stamp} ${docCount++}`);
  const documentId = await createDocumentViaApi(page.request, project.id, `Harbour pier ${tag}`, text);
  return { projectId: project.id, slug: project.slug, documentId, text, labels: project.labels };
}

function label(f: Fixture, name: string): LabelInfo {
  const l = f.labels[name];
  if (!l) throw new Error(`no label ${name}`);
  return l;
}

test("a phrase selected with the mouse and tagged by hotkey is listed, stored in code points, and survives a reload", async ({ page }) => {
  const f = await fixture(page, "mouse");
  await openEditor(page, f);
  await expectSaved(page);

  await dragSelect(page, "eastern pier plan");
  await page.keyboard.press("1");
  await expect(panelGroup(page, "Claim").getByRole("button", { name: /eastern pier plan/ })).toBeVisible();
  await expectSaved(page);

  const { annotations } = await getLayer(page.request, f);
  expect(annotations).toHaveLength(1);
  const a = annotations[0]!;
  expect(a.labelId).toBe(label(f, "Claim").id);
  expect(a.quote).toBe("eastern pier plan");
  expect(cpSlice(f.text, a.start, a.end)).toBe("eastern pier plan");
  // Code points, not UTF-16: the ship before it is one code point but two UTF-16 units.
  expect(a.start).toBe(f.text.indexOf("eastern pier plan") - 1);
  expect(f.text.slice(a.start, a.end)).not.toBe("eastern pier plan");

  await page.reload();
  await openEditor(page, f);
  await expect(panelGroup(page, "Claim").getByRole("button", { name: /eastern pier plan/ })).toBeVisible();
  expect((await paintedMarks(page)).spans).toBe(1);
});

test("a span made with the keyboard only: caret, Ctrl+Shift+→ by words, hotkey", async ({ page }) => {
  const f = await fixture(page, "keyboard");
  await openEditor(page, f);
  const text = page.getByRole("region", { name: /Article text/ });
  await text.focus();
  await expect(page.getByTestId("caret")).toBeVisible();
  // Caret at 0; → skips the ship (one grapheme) and the space.
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Control+Shift+ArrowRight");
  await page.keyboard.press("Control+Shift+ArrowRight");
  await expect(page.getByTestId("selection-announcer")).toContainText("Harbour board");
  await page.keyboard.press("2");
  await expect(panelGroup(page, "Quote").getByRole("button", { name: /Harbour board/ })).toBeVisible();
  await expectSaved(page);
  const { annotations } = await getLayer(page.request, f);
  expect(annotations.map((a) => [a.quote, a.start, a.end, a.labelId])).toEqual([["Harbour board", 2, 15, label(f, "Quote").id]]);
});

test("overlapping and nested spans are all listed and all painted, in separate lanes; a label can be changed", async ({ page }) => {
  const f = await fixture(page, "overlap");
  await openEditor(page, f);
  await dragSelect(page, "Mara Lindqvist");
  await page.keyboard.press("3");
  await expectSaved(page);
  await dragSelect(page, "said Mara Lindqvist, the board’s chair");
  await page.keyboard.press("2");
  await dragSelect(page, "the board’s chair");
  await page.keyboard.press("1");
  await expectSaved(page);

  await expect(panelGroup(page, "Entity").getByRole("button", { name: /Mara Lindqvist/ })).toBeVisible();
  await expect(panelGroup(page, "Quote").getByRole("button", { name: /said Mara Lindqvist/ })).toBeVisible();
  await expect(panelGroup(page, "Claim").getByRole("button", { name: /the board’s chair/ })).toBeVisible();
  const marks = await paintedMarks(page);
  expect(marks.spans).toBe(3);
  // The outer quote takes lane 0; the two spans nested in it are drawn in lane 1 (underlined).
  expect(marks.lanes).toEqual({ 0: 1, 1: 2 });

  // Change the Claim into a Quote: select it in the panel, press 2.
  await panelGroup(page, "Claim").getByRole("button", { name: /the board’s chair/ }).click();
  await expect(page.getByTestId("span-details")).toContainText("Selected: Claim");
  await page.keyboard.press("2");
  await expect(page.getByTestId("span-details")).toContainText("Selected: Quote");
  await expectSaved(page);
  const { annotations } = await getLayer(page.request, f);
  const chair = annotations.find((a) => a.quote === "the board’s chair");
  expect(chair?.labelId).toBe(label(f, "Quote").id);
  // And back with the select in the panel.
  await page.getByTestId("span-details").getByLabel("Label", { exact: true }).selectOption({ label: "1 · Claim" });
  await expectSaved(page);
  expect((await getLayer(page.request, f)).annotations.find((a) => a.quote === "the board’s chair")?.labelId).toBe(label(f, "Claim").id);
});

test("the label filter hides a label's spans in the text and the panel; Show all brings them back", async ({ page }) => {
  const f = await fixture(page, "filter");
  await openEditor(page, f);
  await dragSelect(page, "Mara Lindqvist");
  await page.keyboard.press("3");
  await dragSelect(page, "eastern pier");
  await page.keyboard.press("1");
  await expectSaved(page);
  expect((await paintedMarks(page)).spans).toBe(2);

  // The menu's code loads after the editor is up; the button is there (disabled) until then.
  await page.getByRole("button", { name: "Filter labels" }).click();
  await page.getByRole("menuitemcheckbox", { name: /Entity/ }).click();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("button", { name: "Filter labels (1 hidden)" })).toBeVisible();
  await expect.poll(async () => (await paintedMarks(page)).spans).toBe(1);
  await expect(panelGroup(page, "Entity")).toContainText("hidden by the filter");

  await page.getByRole("button", { name: "Filter labels (1 hidden)" }).click();
  await page.getByRole("menuitem", { name: "Show all" }).click();
  await expect.poll(async () => (await paintedMarks(page)).spans).toBe(2);
  await expect(panelGroup(page, "Entity").getByRole("button", { name: /Mara Lindqvist/ })).toBeVisible();
});

test("a note with HTML in it stays text: the tooltip shows it literally and nothing runs", async ({ page }) => {
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const f = await fixture(page, "xss");
  await openEditor(page, f);
  await dragSelect(page, "Ade Okafor");
  await page.keyboard.press("3");
  await page.keyboard.press("n");
  const note = page.getByTestId("span-details").getByLabel(/Note/);
  await expect(note).toBeFocused();
  const payload = "<img src=x onerror=alert(1)>";
  await note.fill(payload);
  await page.keyboard.press("Control+Enter");
  await expectSaved(page);
  expect((await getLayer(page.request, f)).annotations[0]?.note).toBe(payload);

  await page.keyboard.press("Escape");
  const p = await phrasePoints(page, "Ade Okafor");
  await page.mouse.move(p.cx, p.y1);
  const tip = page.getByTestId("span-tooltip");
  await expect(tip).toBeVisible();
  await expect(tip.getByTestId("tooltip-note")).toHaveText(payload);
  await page.reload();
  await openEditor(page, f);
  const q = await phrasePoints(page, "Ade Okafor");
  await page.mouse.move(q.cx, q.y1);
  await expect(page.getByTestId("tooltip-note")).toHaveText(payload);
  expect(await page.locator("img[src='x']").count()).toBe(0);
  expect(dialogs).toEqual([]);
});

test("N puts the cursor in that span's note once: selecting the span again later keeps the keyboard in the text", async ({ page }) => {
  const f = await fixture(page, "focus");
  await openEditor(page, f);
  await dragSelect(page, "Mara Lindqvist");
  await page.keyboard.press("3");
  await page.keyboard.press("n");
  const note = page.getByTestId("span-details").getByLabel(/Note/);
  await expect(note).toBeFocused();

  // Back in the text, deselect, then select the span again with Shift+Tab (the caret is after it):
  // its details come back, and the keyboard stays in the text (the earlier N is not carried out again).
  const article = page.getByRole("region", { name: /Article text/ });
  await article.focus();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("span-details")).toHaveCount(0);
  await page.keyboard.press("Shift+Tab");
  await expect(page.getByTestId("span-details")).toContainText("Selected: Entity");
  await expect(article).toBeFocused();
  await page.keyboard.press("1");
  await expect(page.getByTestId("span-details")).toContainText("Selected: Claim");
  await expect(page.getByTestId("span-details").getByLabel(/Note/)).toHaveValue("");
});

test("a quote gets its speaker (said_by), deleting it says the relation goes too, and Undo brings both back", async ({ page }) => {
  const f = await fixture(page, "relation");
  await openEditor(page, f);
  await dragSelect(page, "Mara Lindqvist");
  await page.keyboard.press("3");
  await dragSelect(page, "This is the cheapest option we have, and the safest");
  await page.keyboard.press("2");
  await page.keyboard.press("r");
  const picker = page.getByRole("dialog", { name: /Speaker for/ });
  await expect(picker).toBeVisible();
  await picker.getByRole("button", { name: /Mara Lindqvist/ }).click();
  await expect(page.getByTestId("selected-relations")).toContainText("said_by → Mara Lindqvist");
  await expect(panelGroup(page, "Quote")).toContainText("said_by → Mara Lindqvist");
  // The selected quote's relation is drawn as an arc over the text, named, with its arrow at the speaker.
  const arcs = page.getByTestId("relation-arcs");
  await expect(arcs.locator("path.sl-arc")).toHaveCount(1);
  await expect(arcs.locator("text")).toHaveText(["said by"]);
  await expectSaved(page);
  let layer = await getLayer(page.request, f);
  const quote = layer.annotations.find((a) => a.labelId === label(f, "Quote").id)!;
  const entity = layer.annotations.find((a) => a.labelId === label(f, "Entity").id)!;
  expect(layer.relations).toEqual([expect.objectContaining({ type: "said_by", fromId: quote.id, toId: entity.id })]);

  await page.keyboard.press("Delete");
  await expect(page.getByTestId("toast")).toContainText("Deleted Quote and 1 relation");
  await expect(arcs.locator("path.sl-arc")).toHaveCount(0);
  await expectSaved(page);
  layer = await getLayer(page.request, f);
  expect(layer.annotations.map((a) => a.id)).toEqual([entity.id]);
  expect(layer.relations).toEqual([]);

  await page.getByTestId("toast").getByRole("button", { name: "Undo" }).click();
  await expect(panelGroup(page, "Quote")).toContainText("said_by → Mara Lindqvist");
  await expectSaved(page);
  layer = await getLayer(page.request, f);
  expect(layer.annotations.map((a) => a.id).sort()).toEqual([quote.id, entity.id].sort());
  expect(layer.relations.map((r) => r.type)).toEqual(["said_by"]);
});

test("undo and redo (Ctrl+Z, Ctrl+Shift+Z, Ctrl+Y) of a create and of a boundary change", async ({ page }) => {
  const f = await fixture(page, "undo");
  await openEditor(page, f);
  await dragSelect(page, "ferry traffic");
  await page.keyboard.press("1");
  await expectSaved(page);
  const created = (await getLayer(page.request, f)).annotations[0]!;

  // Move the end one word right with Shift+], then undo it.
  await page.keyboard.press("Shift+BracketRight");
  await expect(page.getByTestId("selected-quote")).toHaveText("“ferry traffic by”");
  await expectSaved(page);
  expect((await getLayer(page.request, f)).annotations[0]?.quote).toBe("ferry traffic by");
  await page.keyboard.press("Control+z");
  await expectSaved(page);
  expect((await getLayer(page.request, f)).annotations[0]?.quote).toBe("ferry traffic");

  await page.keyboard.press("Control+z");
  await expect(panelGroup(page, "Claim")).toHaveCount(0);
  await expectSaved(page);
  expect((await getLayer(page.request, f)).annotations).toEqual([]);

  await page.keyboard.press("Control+Shift+z");
  await expect(panelGroup(page, "Claim").getByRole("button", { name: /ferry traffic/ })).toBeVisible();
  await expectSaved(page);
  const back = (await getLayer(page.request, f)).annotations;
  expect(back.map((a) => [a.id, a.quote])).toEqual([[created.id, "ferry traffic"]]);

  await page.keyboard.press("Control+y");
  await expectSaved(page);
  expect((await getLayer(page.request, f)).annotations[0]?.quote).toBe("ferry traffic by");
});

test("offline: tags are queued, shown, and saved exactly once when the network returns — even across a reload", async ({ page }) => {
  test.setTimeout(150_000);
  const f = await fixture(page, "offline");
  await openEditor(page, f);
  const block = (route: { abort: () => Promise<void> }) => route.abort();
  await page.route("**/api/**/annotations**", block);

  for (const phrase of ["harbour board voted", "winter storms", "old quarter"]) {
    await dragSelect(page, phrase);
    await page.keyboard.press("1");
  }
  const status = page.getByTestId("save-status");
  await expect(status).toHaveText("Offline — 3 queued");
  await expect(panelGroup(page, "Claim").getByRole("button")).toHaveCount(3);
  expect((await getLayer(page.request, f)).annotations).toEqual([]);

  await page.unroute("**/api/**/annotations**", block);
  await expectSaved(page, 45_000);
  const first = (await getLayer(page.request, f)).annotations;
  expect(first.map((a) => a.quote).sort()).toEqual(["harbour board voted", "old quarter", "winter storms"]);
  expect(new Set(first.map((a) => a.id)).size).toBe(3);

  // Again, but reload while the ops are queued: they are stored on this device and sent after.
  await page.route("**/api/**/annotations**", block);
  for (const phrase of ["ferry company", "fishing cooperative"]) {
    await dragSelect(page, phrase);
    await page.keyboard.press("1");
  }
  await expect(status).toHaveText("Offline — 2 queued");
  const beforeUnload: string[] = [];
  page.on("dialog", (d) => {
    beforeUnload.push(d.type());
    void d.accept();
  });
  await page.reload();
  expect(beforeUnload).toContain("beforeunload");
  await openEditor(page, f);
  await expect(panelGroup(page, "Claim").getByRole("button")).toHaveCount(5);
  await expect(status).toHaveText(/queued/);
  await page.unroute("**/api/**/annotations**", block);
  await expectSaved(page, 45_000);
  const all = (await getLayer(page.request, f)).annotations;
  expect(all.map((a) => a.quote).sort()).toEqual(["ferry company", "fishing cooperative", "harbour board voted", "old quarter", "winter storms"]);
  expect(new Set(all.map((a) => a.id)).size).toBe(5);
  for (const a of all) expect(cpSlice(f.text, a.start, a.end)).toBe(a.quote);
});

test("J and K step through my queue; once an article is submitted, Next to do opens the next one", async ({ page }) => {
  await signIn(page, OWNER);
  // A project of its own: the owner's writes in the other journeys put those articles in their queue.
  const p = await createProjectViaApi(page.request, `Queue journey ${stamp}`);
  const ids: string[] = [];
  for (const n of [1, 2, 3]) ids.push(await createDocumentViaApi(page.request, p.id, `Queue article ${n}`, article(`queue ${stamp} ${n}`)));
  const session = (await (await page.request.get("/api/auth/session")).json()) as { user: { id: string } };
  const assigned = await page.request.post(`/api/projects/${p.id}/assignments`, { data: { documentIds: ids, userIds: [session.user.id] } });
  expect(assigned.ok(), await assigned.text()).toBe(true);

  const at = async (i: number, position: string) => {
    await expect(page).toHaveURL(new RegExp(`/documents/${ids[i]}$`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Queue article ${i + 1}`);
    await expect(page.getByTestId("queue-position")).toHaveText(position);
  };
  await openEditor(page, { slug: p.slug, documentId: ids[1]! });
  await at(1, "2 of 3");
  await page.keyboard.press("j");
  await at(2, "3 of 3");
  await page.keyboard.press("j");
  await expect(page.getByTestId("toast")).toContainText("This is the last article in your queue.");
  await page.keyboard.press("k");
  await at(1, "2 of 3");
  await page.getByRole("link", { name: "Previous article: Queue article 1" }).click();
  await at(0, "1 of 3");

  await page.keyboard.press("s");
  await expect(page.getByTestId("assignment-status")).toHaveText("submitted");
  await page.getByTestId("next-todo").click();
  await at(1, "2 of 3");
  await expect(page.getByTestId("next-todo")).toHaveCount(0); // not submitted: no "next to do" yet
});

test("the editor has no serious or critical accessibility violations (with a span selected)", async ({ page }) => {
  const f = await fixture(page, "axe");
  await openEditor(page, f);
  await dragSelect(page, "Mara Lindqvist");
  await page.keyboard.press("3");
  await expectSaved(page);
  await expect(page.getByTestId("span-details")).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);

  // The key map lists every key.
  await page.keyboard.press("Escape");
  await page.getByRole("region", { name: /Article text/ }).focus();
  await page.keyboard.press("?");
  const keys = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(keys).toBeVisible();
  for (const action of ["Undo", "Delete the selected span", "Next / previous span", "Submit the article", "Edit the note"]) {
    await expect(keys.getByText(action, { exact: false }).first()).toBeVisible();
  }
  const dialogResults = await new AxeBuilder({ page }).include("[role='dialog']").analyze();
  expect(dialogResults.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
});
