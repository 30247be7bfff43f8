import { expect, test } from "@playwright/test";
import { createProject, OWNER, signIn, signOut, waitForHydration } from "./helpers";

test.describe.configure({ mode: "serial" });

test("first run: set up the owner, sign in, create a project that survives a reload, sign out", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Welcome to Spanlab" })).toBeVisible();
  await waitForHydration(page);

  // Server-side validation shows field errors.
  await page.getByLabel("Your name").fill(OWNER.name);
  await page.getByLabel("Email").fill("not an email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create owner account" }).click();
  await expect(page.getByText("Enter a valid email address")).toBeVisible();
  await expect(page.getByText("Use at least 10 characters.")).toBeVisible();

  await page.getByLabel("Email").fill(OWNER.email);
  await page.getByLabel("Password").fill(OWNER.password);
  await page.getByRole("button", { name: "Create owner account" }).click();
  await expect(page).toHaveURL(/\/projects$/);
  await expect(page.getByText("No projects yet")).toBeVisible();

  // Signing out and in again goes through the real credentials check.
  await signOut(page);
  await signIn(page, OWNER);

  const slug = await createProject(page, "Harbour claims", "Claims about the harbour redevelopment.");
  await page.goto("/projects");
  await expect(page.getByRole("link", { name: /Harbour claims/ })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("link", { name: /Harbour claims/ })).toBeVisible();

  // The project's own page lists the default labels with their hotkeys.
  await page.goto(`/projects/${slug}`);
  const labels = page.getByRole("list", { name: "Labels" });
  await expect(labels.getByText("Claim", { exact: true })).toBeVisible();
  await expect(labels.getByText("Quote", { exact: true })).toBeVisible();
  await expect(labels.getByText("Entity", { exact: true })).toBeVisible();

  await signOut(page);
  await page.goto(`/projects/${slug}`);
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
});

test("setup is closed once the owner exists: the page says so and the API answers 403", async ({ page, request }) => {
  await page.goto("/setup");
  await expect(page.getByRole("heading", { name: "Already set up" })).toBeVisible();
  const res = await request.post("/api/setup", { data: { name: "Mallory", email: "mallory@spanlab.test", password: "mallory passphrase" } });
  expect(res.status()).toBe(403);
  expect((await res.json()).error.code).toBe("setup_done");
});

test("a wrong password is refused without saying which part was wrong", async ({ page }) => {
  await page.goto("/signin");
  await waitForHydration(page);
  await page.getByLabel("Email").fill(OWNER.email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "incorrect" })).toHaveText("The email or password is incorrect.");
  await expect(page).toHaveURL(/\/signin/);
});

test("API routes answer 401 JSON without a session", async ({ request }) => {
  const res = await request.get("/api/projects");
  expect(res.status()).toBe(401);
  expect(await res.json()).toEqual({ error: { code: "unauthenticated", message: "Sign in to continue." } });
});
