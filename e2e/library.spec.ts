import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { acceptInvite, createProject, inviteMember, OWNER, signIn, waitForHydration } from "./helpers";

test.describe.configure({ mode: "serial" });

const stamp = Date.now().toString(36);
const ANN1 = { name: "Alma Annotator", email: `alma-${stamp}@spanlab.test`, password: "alma passphrase 1" };
const ANN2 = { name: "Bo Annotator", email: `bo-${stamp}@spanlab.test`, password: "bo passphrase 12" };
const REV = { name: "Rita Reviewer", email: `rita-${stamp}@spanlab.test`, password: "rita passphrase 1" };

const TXT = "Harbour pier reopens\n\nThe pier reopened on Monday after two years of repairs.\n";
const HTML = `<!doctype html><html><head><title>Quay works begin</title><script>alert("stolen")</script></head>
<body onload="steal()"><h1>Quay works begin</h1><p onclick="evil()">Crews started on the <b>north quay</b> today.</p>
<img src="x" onerror="alert(1)"><script>document.cookie</script></body></html>`;
const JSONL = [
  { title: "Ferry strike ends", text: "The ferry strike ended after the union accepted the offer.", label: [[4, 16, "Claim"], [33, 38, "Entity"]] },
  { title: "Council budget vote", text: "“We will not raise fares,” the mayor said.", label: [[0, 26, "Quote"]] },
  { title: "Pier copy", text: TXT },
]
  .map((r) => JSON.stringify(r))
  .join("\n");

interface LibraryItem {
  id: string;
  title: string;
  assignees: { userId: string; name: string; status: string }[];
}

async function uploadFile(page: Page, name: string, mimeType: string, content: string): Promise<void> {
  await page.getByRole("tab", { name: "Upload file" }).click();
  await page.getByLabel("Choose a file").setInputFiles({ name, mimeType, buffer: Buffer.from(content, "utf8") });
  await expect(page.getByRole("list", { name: "Preview of the first records" })).toBeVisible();
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Import finished" })).toBeVisible();
}

test("library: invite a team, import txt/html/JSONL through the UI, assign with overlap 2, everyone sees exactly their queue; annotators can't import", async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  await signIn(page, OWNER);
  const slug = await createProject(page, `Library ${stamp}`);

  // An empty library says what to do next.
  await expect(page.getByText("No articles yet")).toBeVisible();
  await expect(page.getByRole("link", { name: "Import articles" })).toBeVisible();

  // The team joins through invite links.
  const contexts: BrowserContext[] = [];
  const pages: Record<string, Page> = {};
  try {
    for (const [person, role] of [
      [ANN1, "annotator"],
      [ANN2, "annotator"],
      [REV, "reviewer"],
    ] as const) {
      const path = await inviteMember(page, slug, person.email, role);
      const joined = await acceptInvite(browser, path, person);
      contexts.push(joined.context);
      pages[person.email] = joined.page;
    }

    // Import three files through the Import page.
    await page.goto(`/projects/${slug}/import`);
    await waitForHydration(page);
    await uploadFile(page, "pier.txt", "text/plain", TXT);
    await expect(page.getByText("“pier.txt”: 1 article imported")).toBeVisible();
    await page.getByRole("button", { name: "Import another file" }).click();

    await uploadFile(page, "quay.html", "text/html", HTML);
    await expect(page.getByText("“quay.html”: 1 article imported")).toBeVisible();
    await page.getByRole("button", { name: "Import another file" }).click();

    await uploadFile(page, "wire.jsonl", "application/x-ndjson", JSONL);
    await expect(page.getByText("“wire.jsonl”: 2 articles imported")).toBeVisible();
    const skipped = page.getByRole("table", { name: "Skipped duplicates" });
    await expect(skipped).toContainText("Line 3");
    await expect(skipped).toContainText("Pier copy");
    await expect(skipped).toContainText("Harbour pier reopens");
    const report = page.getByRole("status").filter({ hasText: "Labelled spans" });
    await expect(report).toContainText("Labelled spans3");

    // The HTML article was stored as plain text: no script, no handler.
    const project = (await (await page.request.get(`/api/projects/${slug}`)).json()) as { project: { id: string } };
    const projectId = project.project.id;
    const listRes = await page.request.get(`/api/projects/${projectId}/documents`);
    expect(listRes.status()).toBe(200);
    const list = (await listRes.json()) as { items: LibraryItem[]; total: number };
    expect(list.total).toBe(4);
    const quay = list.items.find((i) => i.title === "Quay works begin");
    expect(quay).toBeDefined();
    const quayDoc = (await (await page.request.get(`/api/projects/${projectId}/documents/${quay!.id}`)).json()) as { document: { text: string } };
    expect(quayDoc.document.text).toBe("Quay works begin\nCrews started on the north quay today.");

    // The library lists the four articles; select all and assign each to 2 of the 3 people.
    await page.goto(`/projects/${slug}`);
    await waitForHydration(page);
    const table = page.getByRole("table", { name: "Articles" });
    await expect(table.getByRole("link")).toHaveText(["Harbour pier reopens", "Quay works begin", "Ferry strike ends", "Council budget vote"]);
    await page.getByLabel("Select all articles on this page").check();
    await page.getByRole("button", { name: "Assign…", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Assign articles" });
    await dialog.getByLabel(ANN1.name).check();
    await dialog.getByLabel(ANN2.name).check();
    await dialog.getByLabel(REV.name).check();
    await dialog.getByLabel("People per article").fill("2");
    await dialog.getByRole("button", { name: "Assign", exact: true }).click();
    await expect(dialog.getByText("Created 8 assignments on 4 articles.")).toBeVisible();
    await dialog.getByRole("button", { name: "Done" }).click();

    // Overlap 2 and balance, as the server stored it.
    const after = (await (await page.request.get(`/api/projects/${projectId}/documents`)).json()) as { items: LibraryItem[] };
    for (const item of after.items) expect(item.assignees, item.title).toHaveLength(2);
    const share = (name: string) => after.items.filter((i) => i.assignees.some((a) => a.name === name)).map((i) => i.title);
    const shares = [ANN1, ANN2, REV].map((p) => share(p.name).length);
    expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
    // The table shows the assignees with their status.
    await expect(table.getByText(`${ANN1.name}: assigned`).first()).toBeAttached();
    await expect(page.getByRole("list", { name: "Progress by person" })).toContainText(ANN1.name);

    // Each person's queue holds exactly their articles.
    for (const person of [ANN1, ANN2, REV]) {
      const p = pages[person.email]!;
      await p.goto(`/projects/${slug}/queue`);
      await waitForHydration(p);
      const queue = p.getByRole("list", { name: "Your queue" });
      const titles = (await queue.getByRole("listitem").locator("span.block.truncate").allTextContents()).sort();
      expect(titles, person.name).toEqual(share(person.name).sort());
      await expect(p.getByText(`0 of ${share(person.name).length} done`)).toBeVisible();
    }

    // An annotator has no Import tab, gets the 403 page, and the API refuses the upload.
    const ann = pages[ANN1.email]!;
    await ann.goto(`/projects/${slug}`);
    await expect(ann.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Import" })).toHaveCount(0);
    await ann.goto(`/projects/${slug}/import`);
    await expect(ann.getByRole("heading", { name: "You can't open this page" })).toBeVisible();
    const refused = await ann.request.post(`/api/projects/${projectId}/import?filename=sneaky.txt`, {
      data: Buffer.from("Sneaky article."),
      headers: { "Content-Type": "application/octet-stream" },
    });
    expect(refused.status()).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("forbidden");
    const assignRefused = await ann.request.post(`/api/projects/${projectId}/assignments`, { data: { documentIds: [quay!.id], userIds: [] } });
    expect(assignRefused.status()).toBe(403);
    expect(((await (await page.request.get(`/api/projects/${projectId}/documents`)).json()) as { total: number }).total).toBe(4);
  } finally {
    for (const c of contexts) await c.close();
  }
});

test("import: a bad file is refused with its line number and nothing is written", async ({ page }) => {
  await signIn(page, OWNER);
  const slug = await createProject(page, `Refused ${stamp}`);
  await page.goto(`/projects/${slug}/import`);
  await waitForHydration(page);
  await page.getByRole("tab", { name: "Upload file" }).click();
  const bad = `${JSON.stringify({ text: "Fine." })}\n${JSON.stringify({ text: "Also fine." })}\n{"text": "broken,\n`;
  await page.getByLabel("Choose a file").setInputFiles({ name: "bad.jsonl", mimeType: "application/x-ndjson", buffer: Buffer.from(bad) });
  await expect(page.getByRole("alert").filter({ hasText: "line 3" })).toContainText("Line 3 is not valid JSON");
  await expect(page.getByRole("button", { name: "Import", exact: true })).toBeDisabled();

  // Paste works, and a pasted duplicate asks first.
  await page.getByRole("tab", { name: "Paste" }).click();
  await page.getByLabel("Title", { exact: true }).fill("Pasted note");
  await page.getByLabel("Text", { exact: true }).fill("A short pasted article.");
  await page.getByRole("button", { name: "Add article" }).click();
  await expect(page.getByText("Added “Pasted note”.")).toBeVisible();
  await page.getByLabel("Title", { exact: true }).fill("Pasted again");
  await page.getByLabel("Text", { exact: true }).fill("A short pasted article.");
  await page.getByRole("button", { name: "Add article" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "already in the project" })).toBeVisible();
  await page.goto(`/projects/${slug}`);
  await expect(page.getByRole("table", { name: "Articles" }).getByRole("link")).toHaveText(["Pasted note"]);
});
