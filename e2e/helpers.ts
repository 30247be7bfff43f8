import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";

/** The owner the first-run journey creates; later journeys sign in as them. */
export const OWNER = { name: "Ola Owner", email: "owner@spanlab.test", password: "owner passphrase 1" };

/** Wait until React has hydrated (a click before that is lost). */
export async function waitForHydration(page: Page): Promise<void> {
  await page.locator("html[data-hydrated='true']").waitFor({ state: "attached" });
}

export async function signIn(page: Page, user: { email: string; password: string }): Promise<void> {
  await page.goto("/signin");
  await waitForHydration(page);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/projects/);
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: /Account menu/ }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
}

export async function createProject(page: Page, name: string, description = ""): Promise<string> {
  await page.goto("/projects");
  await waitForHydration(page);
  await page.getByRole("button", { name: /New project|Create your first project/ }).first().click();
  const dialog = page.getByRole("dialog", { name: "New project" });
  await dialog.getByLabel("Name").fill(name);
  if (description) await dialog.getByLabel("Description").fill(description);
  await dialog.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  return new URL(page.url()).pathname.split("/").pop()!;
}

/** A project role, as the Members page's Role select offers it. */
export type InviteRole = "owner" | "manager" | "reviewer" | "annotator";

/**
 * Drives the Members page as a signed-in owner or manager: creates an invite link for `email` with
 * `role` and returns its path ("/invite/<token>"), read from the dialog's "Invite link" field.
 */
export async function inviteMember(page: Page, projectSlug: string, email: string, role: InviteRole): Promise<string> {
  await page.goto(`/projects/${projectSlug}/members`);
  await waitForHydration(page);
  await page.getByRole("button", { name: "Invite", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Invite someone" });
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Role", { exact: true }).selectOption(role);
  await dialog.getByRole("button", { name: "Create invite link" }).click();
  const link = dialog.getByLabel("Invite link");
  await expect(link).toHaveValue(/^https?:\/\/[^/]+\/invite\/[A-Za-z0-9_-]+$/);
  const url = await link.inputValue();
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  return new URL(url).pathname;
}

/**
 * Opens the invite in a NEW browser context (nobody signed in), accepts it by creating the account
 * `user` (whose email must be the invite's), and ends signed in on the project's page.
 */
export async function acceptInvite(
  browser: Browser,
  invitePath: string,
  user: { name: string; email: string; password: string },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(invitePath);
  await waitForHydration(page);
  const escaped = user.email.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  await expect(page.getByLabel("Email")).toHaveValue(new RegExp(`^${escaped}$`, "i"));
  await page.getByLabel("Your name").fill(user.name);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Accept invite" }).click();
  await expect(page).toHaveURL(/\/projects\/[^/?#]+$/);
  await expect(page.getByRole("navigation", { name: "Project" })).toBeVisible();
  await waitForHydration(page);
  return { context, page };
}
