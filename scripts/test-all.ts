/**
 * `npm test`: every suite, in order — typecheck, lint, unit + integration (Vitest; PGlite always,
 * PostgreSQL too when TEST_DATABASE_URL is set), production build, e2e (Playwright in Chromium).
 * Runs them all even when one fails, then prints one line: `N passed, N failed`.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

process.env.NEXT_TELEMETRY_DISABLED = "1";
const bin = (p: string) => path.resolve("node_modules", p);
let passed = 0;
let failed = 0;
const lines: string[] = [];

function run(name: string, args: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  const started = Date.now();
  console.log(`\n━━ ${name} ━━`);
  const res = spawnSync(process.execPath, args, { stdio: "inherit", env });
  const ok = res.status === 0;
  lines.push(`${ok ? "✓" : "✗"} ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return ok;
}

/** A step that is one check (typecheck, lint, build): counts as one test. */
function check(name: string, args: string[]): boolean {
  const ok = run(name, args);
  if (ok) passed++;
  else failed++;
  return ok;
}

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numTotalTestSuites: number;
  numFailedTestSuites: number;
}
interface PlaywrightJson {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  errors?: unknown[];
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}

fs.mkdirSync("test-results", { recursive: true });

check("typecheck", [bin("typescript/bin/tsc"), "--noEmit"]);
check("lint", [bin("eslint/bin/eslint.js"), ".", "--max-warnings=0"]);

const vitestOut = "test-results/vitest-results.json";
fs.rmSync(vitestOut, { force: true });
const vitestOk = run("unit + integration (vitest)", [bin("vitest/vitest.mjs"), "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestOut}`]);
const vitest = readJson<VitestJson>(vitestOut);
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  // A suite that failed to load has no tests to count: count the suite.
  if (!vitestOk && vitest.numFailedTests === 0) failed += Math.max(1, vitest.numFailedTestSuites);
} else if (!vitestOk) failed++;

const buildOk = check("production build", [bin("next/dist/bin/next"), "build"]);

const e2eOut = "test-results/e2e-results.json";
fs.rmSync(e2eOut, { force: true });
if (buildOk) {
  const e2eOk = run("e2e (playwright, chromium)", [bin("@playwright/test/cli.js"), "test"]);
  const e2e = readJson<PlaywrightJson>(e2eOut);
  if (e2e) {
    passed += e2e.stats.expected + e2e.stats.flaky;
    failed += e2e.stats.unexpected + (e2e.stats.skipped ?? 0);
    if (!e2eOk && e2e.stats.unexpected === 0) failed++;
  } else if (!e2eOk) failed++;
} else {
  lines.push("✗ e2e not run: the build failed");
  failed++;
}

console.log(`\n${lines.join("\n")}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
