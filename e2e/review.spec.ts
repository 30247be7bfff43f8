import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { createDocumentViaApi, createProjectViaApi, expectSaved, getLayer, openEditor, paintedMarks, panelGroup, type LabelInfo } from "./editor-helpers";
import { acceptInvite, inviteMember, OWNER, signIn, waitForHydration } from "./helpers";

// Issue 5 (review): two annotators tag the same article differently; the reviewer sees the
// disagreement, accepts a span and every agreed span into gold, returns the article with a comment;
// the annotator reads the comment, fixes a span and resubmits; the reviewer approves. Meanwhile a
// teammate's new span appears live in another reviewer's open review.
test.describe.configure({ mode: "serial" });

const stamp = Date.now().toString(36);
const ANN = { name: "Ana Annotator", email: `ana-${stamp}@spanlab.test`, password: "ana passphrase 11" };
const BEN = { name: "Ben Annotator", email: `ben-${stamp}@spanlab.test`, password: "ben passphrase 11" };
const REV = { name: "Ria Reviewer", email: `ria-${stamp}@spanlab.test`, password: "ria passphrase 11" };

/** Written for this test. */
const TEXT = [
  "Harbour councillor Mira Vance said on Tuesday that the ferry pier will close for repairs in March.",
  "The transport office disputed the timing. Residents asked whether the night buses would run instead.",
].join("\n");

function range(phrase: string): { start: number; end: number; quote: string } {
  const start = TEXT.indexOf(phrase);
  if (start < 0) throw new Error(`not in the text: ${phrase}`);
  return { start, end: start + phrase.length, quote: phrase }; // ASCII: code points = UTF-16 units
}

async function tag(request: APIRequestContext, projectId: string, documentId: string, labelId: string, phrase: string): Promise<{ id: string; version: number }> {
  const res = await request.post(`/api/projects/${projectId}/documents/${documentId}/annotations`, {
    data: { labelId, ...range(phrase) },
    headers: { "Idempotency-Key": crypto.randomUUID() },
  });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { annotation: { id: string; version: number } }).annotation;
}

async function submit(request: APIRequestContext, projectId: string, documentId: string): Promise<void> {
  const res = await request.post(`/api/projects/${projectId}/documents/${documentId}/submit`);
  expect(res.status(), await res.text()).toBe(200);
}

async function openReview(page: Page, slug: string, documentId: string): Promise<void> {
  await page.goto(`/projects/${slug}/review/${documentId}`);
  await waitForHydration(page);
  await page.locator("[data-testid='review-workspace'][data-review-ready='true']").waitFor();
}

function items(page: Page) {
  return page.getByRole("listbox", { name: "Review items" }).getByRole("option");
}

test("review: disagreement → accept → accept agreed → return with a comment → fix and resubmit → approve", async ({ page, browser }) => {
  test.setTimeout(240_000);
  await signIn(page, OWNER);
  const project = await createProjectViaApi(page.request, `Review journey ${stamp}`);
  const label = (name: string): LabelInfo => project.labels[name] ?? (() => { throw new Error(name); })();
  const documentId = await createDocumentViaApi(page.request, project.id, "Ferry pier closure", TEXT);

  const annInvite = await inviteMember(page, project.slug, ANN.email, "annotator");
  const benInvite = await inviteMember(page, project.slug, BEN.email, "annotator");
  const revInvite = await inviteMember(page, project.slug, REV.email, "reviewer");
  const ana = await acceptInvite(browser, annInvite, ANN);
  const ben = await acceptInvite(browser, benInvite, BEN);
  const ria = await acceptInvite(browser, revInvite, REV);
  try {
    // Two annotators tag the same article differently, each in their own session.
    const anaClaim = await tag(ana.page.request, project.id, documentId, label("Claim").id, "the ferry pier will close for repairs in March");
    await tag(ana.page.request, project.id, documentId, label("Entity").id, "Mira Vance");
    await tag(ana.page.request, project.id, documentId, label("Entity").id, "transport office");
    await tag(ben.page.request, project.id, documentId, label("Claim").id, "the ferry pier will close");
    await tag(ben.page.request, project.id, documentId, label("Entity").id, "Mira Vance");
    await tag(ben.page.request, project.id, documentId, label("Entity").id, "transport office");
    await tag(ben.page.request, project.id, documentId, label("Quote").id, "Residents asked whether the night buses would run instead.");
    await tag(ben.page.request, project.id, documentId, label("Claim").id, "The transport office disputed the timing.");

    await submit(ana.page.request, project.id, documentId);
    await submit(ben.page.request, project.id, documentId);

    // The reviewer's dashboard lists the submitted article; she opens it from there.
    const rev = ria.page;
    await rev.goto(`/projects/${project.slug}/review`);
    const queueRow = rev.getByTestId("review-queue").getByRole("link", { name: "Ferry pier closure" });
    await expect(queueRow).toBeVisible();

    // The reviewer sees the disagreements, marked with icon and text, not colour alone.
    await openReview(rev, project.slug, documentId);
    await expect(rev.getByTestId("document-status")).toHaveText("submitted");
    await expect(rev.getByRole("button", { name: /Ana Annotator/ })).toHaveAttribute("aria-pressed", "true");
    await expect(rev.getByRole("button", { name: /Ben Annotator/ })).toHaveAttribute("aria-pressed", "true");
    const boundary = items(rev).filter({ hasText: "the ferry pier will close" });
    await expect(boundary).toContainText("↔");
    await expect(boundary).toContainText("boundary");
    await expect(items(rev).filter({ hasText: "night buses" })).toContainText(/∅\s*missing/);
    await expect(rev.getByTestId("disagreement-markers").locator("[data-kind='boundary']")).toHaveCount(1);

    await rev.getByRole("button", { name: "Start review" }).click();
    await expect(rev.getByTestId("document-status")).toHaveText("in review");

    // Accept Ana's (longer) claim: focus the item, move to her span, press A.
    await boundary.click();
    const detail = rev.getByTestId("item-detail");
    await expect(detail).toHaveAttribute("data-kind", "boundary");
    await rev.keyboard.press("l");
    await expect(detail.locator("li[aria-current='true']")).toContainText("for repairs in March");
    await rev.keyboard.press("a");
    await expect(detail.locator(`li[data-span-id='${anaClaim.id}']`)).toContainText("in gold");
    await expect(rev.getByRole("heading", { name: "Gold (1)" })).toBeVisible();

    // Accept every agreed span (the two entities) at once.
    await rev.keyboard.press("Shift+A");
    await expect(rev.getByRole("status").filter({ hasText: "Accepted 2 agreed spans into gold" })).toBeVisible();
    await expect(rev.getByRole("heading", { name: "Gold (3)" })).toBeVisible();

    // Return the article with a comment.
    await rev.keyboard.press("Shift+R");
    const dialog = rev.getByRole("dialog", { name: "Return to annotator" });
    await dialog.getByLabel("Reason").fill("The claim ends at 'close'; check the quote too.");
    await dialog.getByLabel("Comment (optional)").fill("Ana: the claim should stop before 'for repairs in March'.");
    await dialog.getByRole("button", { name: "Return article" }).click();
    await expect(dialog).toBeHidden();
    await expect(rev.getByTestId("document-status")).toHaveText("returned to its annotators");

    // The annotator opens the article: the returned banner shows the reviewer's reason and comment.
    const ap = ana.page;
    await openEditor(ap, { slug: project.slug, documentId });
    const banner = ap.getByTestId("returned-banner");
    await expect(banner).toContainText("The claim ends at 'close'; check the quote too.");
    await expect(banner.getByTestId("returned-comment")).toContainText("Ana: the claim should stop before 'for repairs in March'.");

    // She reads the comment (new to her) and answers, mentioning the reviewer through the suggestions.
    await ap.getByTestId("comments-button").click();
    const thread = ap.getByRole("dialog", { name: "Comments on the article" });
    await expect(thread.getByTestId("comment").filter({ hasText: "the claim should stop" })).toHaveAttribute("data-unread", "true");
    const composer = thread.getByLabel("Comment on the article");
    await composer.pressSequentially("Shortened it, @ria");
    await expect(thread.getByRole("option", { name: /Ria Reviewer/ })).toBeVisible();
    await composer.press("Enter");
    await composer.pressSequentially("thanks.");
    await thread.getByRole("button", { name: "Comment", exact: true }).click();
    await expect(thread.getByTestId("comment").filter({ hasText: "Shortened it" })).toContainText(`@ria-${stamp}`);
    await ap.keyboard.press("Escape");
    await expect(thread).toBeHidden();

    // She shortens her claim with the keyboard (its end four words left) and submits with S.
    await panelGroup(ap, "Claim").getByRole("button").first().click();
    for (let i = 0; i < 4; i++) await ap.keyboard.press("Shift+BracketLeft");
    await expectSaved(ap);
    const fixed = range("the ferry pier will close");
    const mine = (await getLayer(ap.request, { projectId: project.id, documentId })).annotations.find((a) => a.id === anaClaim.id);
    expect(mine).toMatchObject({ start: fixed.start, end: fixed.end, quote: fixed.quote });
    await ap.getByRole("region", { name: /Article text/ }).focus();
    await ap.keyboard.press("s");
    await expect(ap.getByTestId("assignment-status")).toHaveText(/submitted/i);
    await expectSaved(ap); // her submit has reached the server (the screen shows it at once)
    await submit(ben.page.request, project.id, documentId);

    // The reviewer reviews again (Ana's answer waits for her, marked as mentioning her) and approves with the keyboard.
    await openReview(rev, project.slug, documentId);
    await expect(rev.getByTestId("comments-unread")).toContainText("@you");
    await expect(rev.getByTestId("document-status")).toHaveText("submitted");
    await expect(items(rev).filter({ hasText: "the ferry pier will close" }).first()).toContainText("agreed");
    await rev.keyboard.press("s");
    await expect(rev.getByTestId("document-status")).toHaveText("in review");
    await rev.keyboard.press("Enter");
    await expect(rev.getByTestId("document-status")).toHaveText("approved");
    await expect(rev.getByRole("button", { name: "Approve", exact: true })).toBeDisabled();

    // The project's agreement: the pairwise κ heatmap, the per-label bars and the headline figures.
    await rev.goto(`/projects/${project.slug}/agreement`);
    await waitForHydration(rev);
    const heatmap = rev.getByTestId("agreement-heatmap");
    await expect(heatmap).toBeVisible();
    await expect(heatmap.locator("[data-testid='kappa-cell']:not([data-diagonal='true'])")).toHaveCount(2);
    await expect(rev.getByTestId("agreement-label-bars")).toContainText("Claim");
    await expect(rev.getByTestId("agreement-headline")).toContainText("Krippendorff");
    const csv = await rev.request.get(`/api/projects/${project.id}/agreement?download=csv`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-disposition"]).toContain(".csv");
    expect(await csv.text()).toContain("cohen_kappa");
  } finally {
    await Promise.all([ana.context.close(), ben.context.close(), ria.context.close()]);
  }
});

test("a teammate's new span appears live in an open review within 2 s", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signIn(page, OWNER);
  const project = await createProjectViaApi(page.request, `Review live ${stamp}`);
  const claim = project.labels["Claim"]!.id;
  const entity = project.labels["Entity"]!.id;
  const documentId = await createDocumentViaApi(page.request, project.id, "Live", TEXT);
  const email = `cal-live-${stamp}@spanlab.test`;
  const invite = await inviteMember(page, project.slug, email, "annotator");
  const cal = await acceptInvite(browser, invite, { name: "Cal Live", email, password: "cal passphrase 11" });
  const reviewer = await browser.newContext({ storageState: await page.context().storageState() });
  try {
    await tag(cal.page.request, project.id, documentId, entity, "Mira Vance");
    // A third browser context: the owner's review of the article, open while Cal works.
    const watch = await reviewer.newPage();
    await openReview(watch, project.slug, documentId);
    await expect(items(watch)).toHaveCount(1);
    await tag(cal.page.request, project.id, documentId, claim, "The transport office disputed the timing.");
    await expect(items(watch).filter({ hasText: "disputed the timing" })).toBeVisible({ timeout: 2000 });
    await expect(items(watch)).toHaveCount(2);
  } finally {
    await Promise.all([cal.context.close(), reviewer.close()]);
  }
});

test("in the editor, a teammate's new span appears live within 2 s once the project lets annotators see each other", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signIn(page, OWNER);
  const project = await createProjectViaApi(page.request, `Editor live ${stamp}`);
  const entity = project.labels["Entity"]!.id;
  const documentId = await createDocumentViaApi(page.request, project.id, "Editor live", TEXT);
  const deeEmail = `dee-live-${stamp}@spanlab.test`;
  const eliEmail = `eli-live-${stamp}@spanlab.test`;
  const dee = await acceptInvite(browser, await inviteMember(page, project.slug, deeEmail, "annotator"), { name: "Dee Live", email: deeEmail, password: "dee passphrase 11" });
  const eli = await acceptInvite(browser, await inviteMember(page, project.slug, eliEmail, "annotator"), { name: "Eli Live", email: eliEmail, password: "eli passphrase 11" });
  try {
    // Without the setting an annotator sees only their own layer: no switch, and the API says 403.
    await openEditor(dee.page, { slug: project.slug, documentId });
    await expect(dee.page.getByTestId("teammates-toggle")).toHaveCount(0);
    const denied = await dee.page.request.get(`/api/projects/${project.id}/documents/${documentId}/annotations?layer=all`);
    expect(denied.status()).toBe(403);

    const settings = await page.request.patch(`/api/projects/${project.id}/settings`, { data: { annotatorsSeeEachOther: true } });
    expect(settings.status(), await settings.text()).toBe(200);
    await openEditor(dee.page, { slug: project.slug, documentId });
    await dee.page.getByTestId("teammates-toggle").check();
    await expect(dee.page.getByTestId("teammates-summary")).toHaveText("(none yet)");

    // Eli tags while Dee has the article open: it is painted in Dee's editor as a teammate's span.
    await tag(eli.page.request, project.id, documentId, entity, "Mira Vance");
    await expect(dee.page.getByTestId("teammates-summary")).toHaveText("(1 by 1 person)", { timeout: 2000 });
    await expect.poll(async () => (await paintedMarks(dee.page)).teammates).toBe(1);
    // It is not Dee's: her own layer stays empty, and switching the overlay off clears it.
    expect((await paintedMarks(dee.page)).spans).toBe(0);
    await dee.page.getByTestId("teammates-toggle").uncheck();
    await expect.poll(async () => (await paintedMarks(dee.page)).teammates).toBe(0);
  } finally {
    await Promise.all([dee.context.close(), eli.context.close()]);
  }
});

test("annotators can't open the review (403 page and 403 API) unless the project lets them see each other; then it is read-only", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signIn(page, OWNER);
  const project = await createProjectViaApi(page.request, `Review access ${stamp}`);
  const documentId = await createDocumentViaApi(page.request, project.id, "Access", TEXT);
  const email = `ann-access-${stamp}@spanlab.test`;
  const invite = await inviteMember(page, project.slug, email, "annotator");
  const ann = await acceptInvite(browser, invite, { name: "Ann Access", email, password: "ann passphrase 11" });
  try {
    await ann.page.goto(`/projects/${project.slug}/review/${documentId}`);
    await expect(ann.page.getByRole("heading", { name: "You can't open this page" })).toBeVisible();
    const api = await ann.page.request.get(`/api/projects/${project.id}/documents/${documentId}/review`);
    expect(api.status()).toBe(403);
    const accept = await ann.page.request.post(`/api/projects/${project.id}/documents/${documentId}/gold/accept-agreed`, { data: {} });
    expect(accept.status()).toBe(403);

    const settings = await page.request.patch(`/api/projects/${project.id}/settings`, { data: { annotatorsSeeEachOther: true } });
    expect(settings.status(), await settings.text()).toBe(200);
    await openReview(ann.page, project.slug, documentId);
    await expect(ann.page.getByText("Read-only")).toBeVisible();
    await expect(ann.page.getByRole("button", { name: "Approve", exact: true })).toHaveCount(0);
    await expect(ann.page.getByRole("heading", { name: /^Gold/ })).toHaveCount(0);
  } finally {
    await ann.context.close();
  }
});
