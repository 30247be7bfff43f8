import fs from "node:fs";
import { defineConfig } from "@playwright/test";

/**
 * Real Chromium against a production build (`next start`) on a fresh database made by
 * scripts/e2e-server.ts: PGlite in a temporary folder, or a fresh database on the PostgreSQL server
 * in E2E_DATABASE_URL / DATABASE_URL. Chromium comes from PLAYWRIGHT_CHROMIUM_EXECUTABLE, else
 * Debian's /usr/bin/chromium, else Playwright's own (after `npx playwright install chromium`).
 */
const PORT = Number(process.env.E2E_PORT ?? 3100);
const executablePath =
  process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE ?? (fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/e2e-results.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
      ],
    },
  },
  projects: [
    { name: "first-run", testMatch: /first-run\.spec\.ts/ },
    { name: "journeys", testMatch: /\.spec\.ts/, testIgnore: /first-run\.spec\.ts/, dependencies: ["first-run"] },
  ],
  webServer: {
    command: `npx tsx scripts/e2e-server.ts`,
    url: `http://127.0.0.1:${PORT}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: { E2E_PORT: String(PORT), NEXT_TELEMETRY_DISABLED: "1" },
    // SIGTERM, not the default SIGKILL: scripts/e2e-server.ts then drops its fresh database and folder.
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
  },
});
