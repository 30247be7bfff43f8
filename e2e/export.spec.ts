import fs from "node:fs";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { readExportFile } from "../test/export-output";
import { OWNER, signIn, waitForHydration } from "./helpers";

/** Written for this test: emoji (ZWJ, flag, skin tone), CJK and a decomposed accent. */
const TEXT = [
  "Harbour council 🚢 says the ferry returns in May.",
  "Mayor Zoë Ø told 東京新聞: “The pier 👩🏽‍🍳 café reopens first.”",
  "Cafe\u0301 owners 🇫🇷 and 港湾局 staff 👨‍👩‍👧 were unconvinced.",
].join("\n");

function codePoints(text: string, needle: string): { start: number; end: number } {
  const at = text.indexOf(needle);
  if (at === -1) throw new Error(`${needle} not in the text`);
  return { start: [...text.slice(0, at)].length, end: [...text.slice(0, at)].length + [...needle].length };
}

async function postJson<T>(request: APIRequestContext, url: string, data: unknown): Promise<T> {
  const res = await request.post(url, { data });
  expect(res.status(), `${url}: ${await res.text()}`).toBeLessThan(300);
  return (await res.json()) as T;
}

const FORMATS = [
  { id: "jsonl", label: "JSONL (doccano)" },
  { id: "jsonl-rich", label: "JSONL (rich)" },
  { id: "label-studio", label: "Label Studio JSON" },
  { id: "conll", label: "CoNLL (IOB2)" },
  { id: "spacy", label: "spaCy JSONL" },
  { id: "brat", label: "brat standoff (ZIP)" },
  { id: "w3c", label: "W3C Web Annotation" },
  { id: "csv", label: "CSV" },
] as const;

test("export every format from the Export page; each exported span's text is the code-point slice of the exported text", async ({ page }) => {
  await signIn(page, OWNER);
  const { project } = await postJson<{ project: { id: string; slug: string } }>(page.request, "/api/projects", { name: "Export journey" });
  const overview = (await (await page.request.get(`/api/projects/${project.id}`)).json()) as { labels: { id: string; name: string }[] };
  const label = (name: string) => overview.labels.find((l) => l.name === name)!.id;
  const { document } = await postJson<{ document: { id: string; text: string } }>(page.request, `/api/projects/${project.id}/documents`, {
    title: "Harbour 🚢 東京",
    text: TEXT,
  });
  expect(document.text).toBe(TEXT);

  const spans = [
    { needle: "Zoë Ø", label: "Entity", layer: "gold" },
    { needle: "東京新聞", label: "Entity", layer: "gold" },
    { needle: "“The pier 👩🏽‍🍳 café reopens first.”", label: "Quote", layer: "gold" },
    { needle: "Cafe\u0301 owners 🇫🇷 and 港湾局 staff 👨‍👩‍👧 were unconvinced", label: "Claim", layer: "gold" },
    { needle: "Harbour council 🚢 says the ferry returns in May", label: "Claim", layer: "annotator" },
  ];
  const created: Record<string, string> = {};
  for (const s of spans) {
    const { start, end } = codePoints(TEXT, s.needle);
    const { annotation } = await postJson<{ annotation: { id: string; start: number; end: number; quote: string } }>(
      page.request,
      `/api/projects/${project.id}/documents/${document.id}/annotations`,
      { labelId: label(s.label), start, end, quote: s.needle, layer: s.layer },
    );
    expect(annotation.quote).toBe(s.needle);
    created[s.needle] = annotation.id;
  }
  await postJson(page.request, `/api/projects/${project.id}/documents/${document.id}/relations`, {
    type: "said_by",
    fromId: created["“The pier 👩🏽‍🍳 café reopens first.”"],
    toId: created["Zoë Ø"],
  });
  const goldQuotes = spans.filter((s) => s.layer === "gold").map((s) => s.needle).sort();
  const goldSpans = spans.filter((s) => s.layer === "gold").map((s) => ({ label: s.label, ...codePoints(TEXT, s.needle) }));

  // The API refuses an unknown format with a message listing the formats.
  const bad = await page.request.get(`/api/projects/${project.id}/export?format=xlsx`);
  expect(bad.status()).toBe(400);
  const badBody = (await bad.json()) as { error: { message: string } };
  for (const f of FORMATS) expect(badBody.error.message).toContain(f.id);

  await page.goto(`/projects/${project.slug}/export`);
  await waitForHydration(page);
  await expect(page.getByRole("heading", { name: "Export annotations" })).toBeVisible();
  // Gold exists, so the gold layer is the default.
  await expect(page.getByLabel("Layer")).toHaveValue("gold");
  await expect(page.getByText("1 document · 4 spans selected")).toBeVisible();

  for (const format of FORMATS) {
    await page.getByRole("radio", { name: format.label, exact: true }).check();
    const downloadPromise = page.waitForEvent("download");
    await page.getByRole("button", { name: `Download ${format.label}` }).click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toMatch(new RegExp(`^${project.slug}-gold-\\d{8}\\.`));
    const bytes = new Uint8Array(fs.readFileSync(await download.path()));
    const file = await readExportFile(format.id, bytes, new Map([[document.id, TEXT]]));

    for (const text of file.texts.values()) expect(text, `${format.id}: exported text`).toBe(TEXT);
    for (const span of file.spans) {
      const original = format.id === "brat" || format.id === "conll" ? TEXT : (file.texts.get(span.document) ?? TEXT);
      expect(span.slice, `${format.id}: [${span.start}, ${span.end})`).toBe([...original].slice(span.start, span.end).join(""));
      if (span.stated !== null) expect(span.slice, `${format.id}: stated text`).toBe(span.stated);
    }
    const sliced = file.spans.map((s) => s.slice).sort();
    if (format.id === "conll") {
      // Tokens, one tag column: every tagged run lies inside a gold span of its label (a span that runs
      // over a sentence break is re-opened with B- in the next sentence).
      expect(file.spans.length).toBeGreaterThan(0);
      for (const run of file.spans) {
        const inside = goldSpans.some((g) => g.label === run.label && g.start <= run.start && run.end <= g.end);
        expect(inside, `CoNLL run ${run.label} [${run.start}, ${run.end}) ${run.slice}`).toBe(true);
      }
    } else {
      expect(sliced, format.id).toEqual(goldQuotes);
    }

    const report = page.getByRole("group", { name: "Export report" });
    await expect(report).toBeVisible();
    await expect(report.getByRole("region", { name: "Mismatched spans" })).toContainText("None — every span matched its text");
    await expect(page.getByText(/Saved .*— 1 document/)).toBeVisible();
  }
});
