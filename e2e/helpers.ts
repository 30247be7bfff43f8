import { expect, type Page } from "@playwright/test";

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
