import { expect, test, type APIRequestContext } from "@playwright/test";
import { acceptInvite, createProject, inviteMember, OWNER, signIn } from "./helpers";

// Issue 2 + 3 acceptance: membership is the only way in. An annotator invited to project B can't see
// project A at all (page 404, API 403), and inside B can't open or call what their role doesn't allow.
test.describe.configure({ mode: "serial" });

const stamp = Date.now().toString(36);
const X = { name: "Xia Annotator", email: `xia-${stamp}@spanlab.test`, password: "xia passphrase 1" };

async function projectId(request: APIRequestContext, slug: string): Promise<string> {
  const res = await request.get(`/api/projects/${slug}`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { project: { id: string } }).project.id;
}

test("an annotator of project B can't see project A, and inside B can't open or call manager-only pages and APIs", async ({ page, browser }) => {
  // Many pages and two accounts (argon2 hashing) on a shared 2-core machine: more room than the default.
  test.setTimeout(180_000);
  await signIn(page, OWNER);
  const nameA = `Access A ${stamp}`;
  const nameB = `Access B ${stamp}`;
  const slugA = await createProject(page, nameA, "Only the owner is a member.");
  const slugB = await createProject(page, nameB, "X is invited here as annotator.");
  const idA = await projectId(page.request, slugA);
  const idB = await projectId(page.request, slugB);

  const invitePath = await inviteMember(page, slugB, X.email, "annotator");
  const { context, page: x } = await acceptInvite(browser, invitePath, X);
  try {
    await expect(x).toHaveURL(new RegExp(`/projects/${slugB}$`));

    // My projects: B, never A.
    await x.goto("/projects");
    await expect(x.getByRole("link", { name: new RegExp(nameB) })).toBeVisible();
    await expect(x.getByRole("link", { name: new RegExp(nameA) })).toHaveCount(0);

    // Project A: the not-found page (no hint that it exists) and 403 from its API, by id and by slug.
    await x.goto(`/projects/${slugA}`);
    await expect(x.getByRole("heading", { name: "Not found" })).toBeVisible();
    await expect(x.getByText(nameA)).toHaveCount(0);
    for (const key of [idA, slugA]) {
      const res = await x.request.get(`/api/projects/${key}`);
      expect(res.status(), `GET /api/projects/${key}`).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("forbidden");
    }
    const sneaky = await x.request.post(`/api/projects/${idA}/documents`, { data: { title: "Sneaky", text: "This article must not land in project A." } });
    expect(sneaky.status()).toBe(403);
    expect((await x.request.get(`/api/projects/${idA}/members`)).status()).toBe(403);
    expect((await x.request.get(`/api/projects/${idA}/labels`)).status()).toBe(403);
    // An article of A: its spans, review, comments, live events and export are all refused.
    const docA = await page.request.post(`/api/projects/${idA}/documents`, { data: { title: "Only for A", text: "An article the outsider must never read." } });
    expect(docA.status()).toBe(201);
    const docAId = ((await docA.json()) as { document: { id: string } }).document.id;
    for (const path of [
      `documents/${docAId}/annotations?layer=mine`,
      `documents/${docAId}/review`,
      `documents/${docAId}/comments`,
      `documents/${docAId}/events`,
      `agreement`,
      `export?format=jsonl&layer=all`,
    ]) {
      expect((await x.request.get(`/api/projects/${idA}/${path}`)).status(), `GET ${path}`).toBe(403);
    }

    // Project B as annotator: the manager tabs are not offered…
    await x.goto(`/projects/${slugB}`);
    const tabs = x.getByRole("navigation", { name: "Project" });
    await expect(tabs.getByRole("link", { name: "Library" })).toBeVisible();
    for (const tab of ["Members", "Labels", "Import"]) await expect(tabs.getByRole("link", { name: tab })).toHaveCount(0);

    // …their pages answer with the 403 page…
    for (const path of ["members", "labels", "import"]) {
      await x.goto(`/projects/${slugB}/${path}`);
      await expect(x.getByRole("heading", { name: "You can't open this page" }), `/${path}`).toBeVisible();
    }

    // …and their APIs with 403.
    const writes: [string, Promise<{ status(): number }>][] = [
      ["POST invites", x.request.post(`/api/projects/${idB}/invites`, { data: { email: `friend-${stamp}@spanlab.test`, role: "annotator" } })],
      ["POST labels", x.request.post(`/api/projects/${idB}/labels`, { data: { name: "Mine", kind: "other", color: "#64748b", hotkey: "9" } })],
      ["POST documents", x.request.post(`/api/projects/${idB}/documents`, { data: { title: "Not mine to add", text: "Annotators don't import." } })],
      ["PATCH settings", x.request.patch(`/api/projects/${idB}/settings`, { data: { openDocuments: true } })],
    ];
    for (const [what, pending] of writes) expect((await pending).status(), what).toBe(403);
    const labels = (await (await x.request.get(`/api/projects/${idB}/labels`)).json()) as { labels: { id: string; name: string }[] };
    const quote = labels.labels.find((l) => l.name === "Quote")!;
    expect((await x.request.patch(`/api/projects/${idB}/labels/${quote.id}`, { data: { name: "Mine now" } })).status()).toBe(403);
    expect((await x.request.delete(`/api/projects/${idB}/labels/${quote.id}`)).status()).toBe(403);

    // Nothing changed: B still has its three labels, no invites, and A still has only its owner.
    const after = (await (await page.request.get(`/api/projects/${idB}/labels`)).json()) as { labels: { name: string }[] };
    expect(after.labels.map((l) => l.name)).toEqual(["Claim", "Quote", "Entity"]);
    const membersB = (await (await page.request.get(`/api/projects/${idB}/members`)).json()) as { invites: unknown[]; members: { email: string; role: string }[] };
    expect(membersB.invites).toEqual([]);
    expect(membersB.members.map((m) => [m.email, m.role])).toEqual([
      [OWNER.email, "owner"],
      [X.email, "annotator"],
    ]);
    const membersA = (await (await page.request.get(`/api/projects/${idA}/members`)).json()) as { members: { email: string }[] };
    expect(membersA.members.map((m) => m.email)).toEqual([OWNER.email]);
  } finally {
    await context.close();
  }
});
