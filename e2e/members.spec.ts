import { expect, test } from "@playwright/test";
import { acceptInvite, createProject, inviteMember, OWNER, signIn, waitForHydration } from "./helpers";

test.describe.configure({ mode: "serial" });

const stamp = Date.now().toString(36);
const REVIEWER = { name: "Rosa Reviewer", email: `rosa-${stamp}@spanlab.test`, password: "rosa passphrase 1" };
const PENDING_EMAIL = `pat-${stamp}@spanlab.test`;

test("members: invite a reviewer, accept in a second browser, change the role, revoke a pending invite, reuse is refused", async ({ page, browser, request }) => {
  test.setTimeout(180_000);
  await signIn(page, OWNER);
  const slug = await createProject(page, `Members ${stamp}`);

  const invitePath = await inviteMember(page, slug, REVIEWER.email, "reviewer");
  const invites = page.getByRole("list", { name: "Pending invites" });
  await expect(invites.getByText(REVIEWER.email)).toBeVisible();

  // The public preview API (no session needed) describes the invite.
  const token = invitePath.split("/").pop()!;
  const preview = await request.get(`/api/invites/${token}`);
  expect(preview.status()).toBe(200);
  expect(await preview.json()).toMatchObject({ projectName: `Members ${stamp}`, role: "reviewer", email: REVIEWER.email, accountExists: false });

  const { context, page: rosa } = await acceptInvite(browser, invitePath, REVIEWER);
  try {
    await expect(rosa.getByRole("heading", { level: 1, name: `Members ${stamp}` })).toBeVisible();
    await expect(rosa.getByText("reviewer", { exact: true })).toBeVisible();

    // The owner sees Rosa as a reviewer, and no pending invite any more.
    await page.reload();
    await waitForHydration(page);
    const rosaRole = page.getByLabel(`Role of ${REVIEWER.name}`);
    await expect(rosaRole).toHaveValue("reviewer");
    await expect(page.getByText("No pending invites")).toBeVisible();

    // Change her role; it sticks across a reload and Rosa's own view follows.
    await rosaRole.selectOption("annotator");
    await expect(page.getByText(`${REVIEWER.name} is now annotator.`)).toBeAttached();
    await page.reload();
    await expect(page.getByLabel(`Role of ${REVIEWER.name}`)).toHaveValue("annotator");
    await rosa.reload();
    await expect(rosa.getByText("annotator", { exact: true })).toBeVisible();

    // The used link says so, even to the person who used it.
    await rosa.goto(invitePath);
    await expect(rosa.getByText("This invite was already used")).toBeVisible();
    const reused = await rosa.request.post(`/api/invites/${token}/accept`, { data: { name: "Second Go", password: "second passphrase" } });
    expect(reused.status()).toBe(410);
    expect(((await reused.json()) as { error: { message: string } }).error.message).toContain("This invite was already used");
    expect((await rosa.request.get(`/api/invites/${token}`)).status()).toBe(410);
    expect((await rosa.request.get(`/api/invites/${"x".repeat(43)}`)).status()).toBe(404);
  } finally {
    await context.close();
  }

  // The last owner can't demote themselves: the server's message is shown and the role stays.
  await waitForHydration(page);
  await page.getByLabel(`Role of ${OWNER.name}`).selectOption("manager");
  await expect(page.getByRole("alert").filter({ hasText: "last owner" })).toBeVisible();
  await expect(page.getByLabel(`Role of ${OWNER.name}`)).toHaveValue("owner");

  // A pending invite can be revoked; its link then says so.
  const pendingPath = await inviteMember(page, slug, PENDING_EMAIL, "annotator");
  await expect(invites.getByText(PENDING_EMAIL)).toBeVisible();
  await page.getByRole("button", { name: `Revoke invite for ${PENDING_EMAIL}` }).click();
  await expect(invites.getByText(PENDING_EMAIL)).toHaveCount(0);
  await expect(page.getByText("No pending invites")).toBeVisible();
  const anon = await browser.newContext();
  try {
    const p = await anon.newPage();
    await p.goto(pendingPath);
    await expect(p.getByText("This invite was revoked")).toBeVisible();
    await expect(p.getByRole("button", { name: "Accept invite" })).toHaveCount(0);
  } finally {
    await anon.close();
  }

  // Removing a member asks first, then takes them off the list.
  await page.getByRole("button", { name: `Remove ${REVIEWER.name}` }).click();
  const confirm = page.getByRole("dialog", { name: `Remove ${REVIEWER.name}?` });
  await expect(confirm).toContainText("loses access to this project at once");
  await confirm.getByRole("button", { name: "Remove member" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByLabel(`Role of ${REVIEWER.name}`)).toHaveCount(0);
});

test("label editor: add a label with a hotkey, a clash is refused naming the label, rename, reorder, delete an unused label", async ({ page }) => {
  await signIn(page, OWNER);
  const slug = await createProject(page, `Labels ${stamp}`);
  await page.goto(`/projects/${slug}/labels`);
  await waitForHydration(page);
  const list = page.getByRole("list", { name: "Labels" });
  await expect(list.getByRole("listitem")).toHaveCount(3);

  // Add "Hedge" on key 4 with a choice attribute.
  await page.getByRole("button", { name: "Add label" }).click();
  await page.getByLabel("Label name").fill("Hedge");
  await page.getByLabel("Kind").selectOption("other");
  await page.getByLabel("Hotkey").selectOption("4");
  await page.getByRole("button", { name: "Violet" }).click();
  await page.getByRole("button", { name: "Add attribute" }).click();
  await page.getByLabel("Attribute name").fill("Strength");
  await expect(page.getByLabel("Attribute key")).toHaveValue("strength");
  await page.getByLabel("Options").fill("weak, strong");
  await page.getByRole("button", { name: "Create label" }).click();
  await expect(list.getByRole("listitem")).toHaveCount(4);
  await expect(list.getByRole("listitem").nth(3)).toContainText("Hedge");
  await expect(list.getByRole("listitem").nth(3)).toContainText("4");

  // A second label on key 4 is refused with a message naming Hedge.
  await page.getByRole("button", { name: "Add label" }).click();
  await page.getByLabel("Label name").fill("Doubt");
  await page.getByLabel("Hotkey").selectOption("4");
  await page.getByRole("button", { name: "Create label" }).click();
  await expect(page.getByRole("alert").filter({ hasText: 'Hotkey 4 is already used by "Hedge"' }).first()).toBeVisible();
  await expect(list.getByRole("listitem")).toHaveCount(4);
  await page.getByLabel("Hotkey").selectOption("5");
  await page.getByRole("button", { name: "Create label" }).click();
  await expect(list.getByRole("listitem")).toHaveCount(5);

  // Rename Hedge; move it up one place; both survive a reload.
  await page.getByRole("button", { name: "Edit Hedge" }).click();
  await page.getByLabel("Label name").fill("Hedging");
  await page.getByRole("button", { name: "Save label" }).click();
  await expect(list.getByRole("listitem").nth(3)).toContainText("Hedging");
  await page.getByRole("button", { name: "Move Hedging up" }).click();
  await expect(list.getByRole("listitem").nth(2)).toContainText("Hedging");
  // And by keyboard: Alt+ArrowDown on the row puts it back.
  await page.getByRole("button", { name: "Move Hedging up" }).focus();
  await page.keyboard.press("Alt+ArrowDown");
  await expect(list.getByRole("listitem").nth(3)).toContainText("Hedging");
  await page.getByRole("button", { name: "Move Hedging up" }).click();
  await expect(list.getByRole("listitem").nth(2)).toContainText("Hedging");
  await page.reload();
  await expect(list.getByRole("listitem").nth(2)).toContainText("Hedging");

  // An unused label is deleted (after a confirmation that says no annotation uses it).
  await waitForHydration(page);
  await page.getByRole("button", { name: "Remove Doubt" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("No annotations use Doubt. Delete it?");
  await dialog.getByRole("button", { name: "Delete label" }).click();
  await expect(dialog).toBeHidden();
  await expect(list.getByText("Doubt")).toHaveCount(0);
  await expect(page.getByRole("list", { name: "Archived labels" })).toHaveCount(0);

  // The library shows the schema in its new order.
  await page.goto(`/projects/${slug}`);
  const libraryLabels = page.getByRole("list", { name: "Labels" });
  await expect(libraryLabels.getByRole("listitem")).toHaveText([/Claim/, /Quote/, /Hedging/, /Entity/]);
});
