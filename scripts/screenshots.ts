/**
 * Regenerates the README's screenshots (docs/screenshots/*.png) from a real production build:
 *
 *   NEXT_TELEMETRY_DISABLED=1 npx next build && npx tsx scripts/screenshots.ts
 *
 * Starts the server on a fresh embedded database (scripts/e2e-server.ts, port 3320), seeds THROUGH
 * THE API a project with the first demo article (db/seed/demo-articles.ts, written for Spanlab), two
 * annotators who tag it slightly differently and submit, and a reviewer's gold; then photographs the
 * editor, the review and the agreement page in headless Chromium. Not part of any test run.
 */
import fs from "node:fs";
import path from "node:path";
import { chromium, request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { CHROMIUM_ARGS, chromiumExecutable, ok, signedIn, startServer, waitForHealth } from "../bench/lib/harness";
import { DEMO_ARTICLES } from "../db/seed/demo-articles";

const PORT = 3320;
const BASE = `http://127.0.0.1:${PORT}`;
const OUT = path.resolve("docs/screenshots");
const OWNER = { name: "Noor Editor", email: "noor@ledger.example", password: "screenshot owner passphrase" };
const PEOPLE = [
  { name: "Ari Annotator", email: "ari@ledger.example", password: "screenshot ari passphrase", role: "annotator" },
  { name: "Bea Annotator", email: "bea@ledger.example", password: "screenshot bea passphrase", role: "annotator" },
];

const article = DEMO_ARTICLES[0]!;

/** Code-point range of `phrase` in the article. */
function range(phrase: string): { start: number; end: number; quote: string } {
  const u16 = article.text.indexOf(phrase);
  if (u16 < 0) throw new Error(`not in the article: ${phrase}`);
  const start = Array.from(article.text.slice(0, u16)).length;
  return { start, end: start + Array.from(phrase).length, quote: phrase };
}

async function tag(ctx: APIRequestContext, projectId: string, documentId: string, labelId: string, phrase: string, extra: Record<string, unknown> = {}) {
  return (
    await ok<{ annotation: { id: string } }>(
      await ctx.post(`/api/projects/${projectId}/documents/${documentId}/annotations`, {
        data: { labelId, ...range(phrase), ...extra },
        headers: { "Idempotency-Key": crypto.randomUUID() },
      }),
      `tag ${phrase}`,
    )
  ).annotation;
}

async function main(): Promise<void> {
  if (!fs.existsSync(".next/BUILD_ID")) throw new Error("no production build: run `NEXT_TELEMETRY_DISABLED=1 npx next build` first");
  fs.mkdirSync(OUT, { recursive: true });
  const server = startServer(PORT);
  try {
    await waitForHealth(server, BASE);
    const anon = await playwrightRequest.newContext({ baseURL: BASE });
    await ok(await anon.post("/api/setup", { data: OWNER }), "setup");
    const owner = await signedIn(BASE, OWNER);
    const { project } = await ok<{ project: { id: string; slug: string } }>(
      await owner.post("/api/projects", { data: { name: "Harbour City Ledger", description: "Claims, quotes and who said them." } }),
      "project",
    );
    const overview = await ok<{ labels: { id: string; name: string }[] }>(await owner.get(`/api/projects/${project.id}`), "overview");
    const label = (n: string) => overview.labels.find((l) => l.name === n)!.id;
    const { document } = await ok<{ document: { id: string } }>(
      await owner.post(`/api/projects/${project.id}/documents`, { data: { title: article.title, text: article.text, meta: article.meta } }),
      "document",
    );
    const people: APIRequestContext[] = [];
    for (const p of PEOPLE) {
      const invite = await ok<{ token: string }>(await owner.post(`/api/projects/${project.id}/invites`, { data: { email: p.email, role: p.role } }), "invite");
      await ok(await anon.post(`/api/invites/${invite.token}/accept`, { data: { name: p.name, password: p.password } }), "accept");
      people.push(await signedIn(BASE, p));
    }
    const users = await ok<{ members: { userId: string; email: string }[] }>(await owner.get(`/api/projects/${project.id}/members`), "members");
    await ok(
      await owner.post(`/api/projects/${project.id}/assignments`, {
        data: { documentIds: [document.id], userIds: users.members.filter((m) => m.email !== OWNER.email).map((m) => m.userId) },
      }),
      "assign",
    );

    // Two layers that mostly agree: a boundary and a label disagreement, and a span only one found.
    for (const [i, ctx] of people.entries()) {
      const mayor = await tag(ctx, project.id, document.id, label("Entity"), "Mayor Ines Calloway", { entityType: "Person" });
      await tag(ctx, project.id, document.id, label("Entity"), "Tomas Reyna", { entityType: "Person" });
      await tag(ctx, project.id, document.id, label("Entity"), i === 0 ? "Eastbank Residents' Association" : "the Eastbank Residents' Association", { entityType: "Organization" });
      const quote = await tag(ctx, project.id, document.id, label("Quote"), "every home south of Mill Street from the next hundred-year storm");
      await ok(await ctx.post(`/api/projects/${project.id}/documents/${document.id}/relations`, { data: { type: "said_by", fromId: quote.id, toId: mayor.id } }), "relation");
      await tag(ctx, project.id, document.id, label(i === 0 ? "Claim" : "Quote"), "the barrier cuts flood risk by a third, not by half");
      await tag(ctx, project.id, document.id, label("Claim"), "the remainder could be covered without raising property taxes");
      if (i === 1) await tag(ctx, project.id, document.id, label("Entity"), "Harbour Pilots' Guild", { entityType: "Organization" });
      await ok(await ctx.post(`/api/projects/${project.id}/documents/${document.id}/submit`), "submit");
    }
    await ok(await owner.post(`/api/projects/${project.id}/documents/${document.id}/review/start`), "start review");
    await ok(await owner.post(`/api/projects/${project.id}/documents/${document.id}/gold/accept-agreed`, { data: {} }), "accept agreed");

    const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
    const shoot = async (ctx: APIRequestContext, url: string, file: string, ready: string, prepare?: (page: import("@playwright/test").Page) => Promise<void>) => {
      const context = await browser.newContext({ storageState: await ctx.storageState(), viewport: { width: 1400, height: 860 }, deviceScaleFactor: 1 });
      const page = await context.newPage();
      await page.goto(`${BASE}${url}`);
      await page.locator(ready).first().waitFor({ state: "attached", timeout: 60_000 });
      await page.waitForTimeout(500);
      await prepare?.(page);
      await page.screenshot({ path: path.join(OUT, file) });
      await context.close();
      console.log(`[screenshots] ${file}`);
    };
    await shoot(people[0]!, `/projects/${project.slug}/documents/${document.id}`, "editor.png", "html[data-editor-ready='true']", async (page) => {
      await page.getByRole("complementary", { name: "Spans" }).getByRole("button", { name: /every home south/ }).first().click();
      // A click in the panel flashes the span (1.2 s): shoot it in its label's own colour, after the flash.
      await page.waitForTimeout(1_600);
    });
    await shoot(owner, `/projects/${project.slug}/review/${document.id}`, "review.png", "[data-testid='review-workspace'][data-review-ready='true']", async (page) => {
      await page.keyboard.press("j");
      await page.waitForTimeout(300);
    });
    await shoot(owner, `/projects/${project.slug}/agreement`, "agreement.png", "[data-testid='agreement-heatmap']");
    await browser.close();
  } finally {
    if (server.exitCode === null) server.kill("SIGTERM");
  }
}

main().catch((err) => {
  console.error("[screenshots] failed:", err);
  process.exitCode = 1;
});
