/**
 * `npm start`: migrate, build if there is no build yet, then serve on PORT (default 3000).
 * With no DATABASE_URL the app runs on the embedded PGlite database in ./.data/pglite.
 *
 * Plain Node on purpose: this process only waits for the server, so it stays small (~40 MB). The
 * migration runs in its own short-lived process (scripts/migrate.ts through scripts/run.mjs) — opening PGlite in-process would
 * keep its WebAssembly heap (~800 MB RSS) alive beside the server for as long as the app runs.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

process.env.NEXT_TELEMETRY_DISABLED = "1";
const port = process.env.PORT ?? "3000";
process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;

const nextBin = path.resolve("node_modules/next/dist/bin/next");

/** Runs a step to completion; exits with its status (its own output already says why) when it fails. */
function step(command, args, failure) {
  const result = spawnSync(command, args, { stdio: "inherit", env: process.env });
  if (result.error) {
    console.error(`spanlab: could not run ${path.basename(command)} ${args.join(" ")}: ${result.error.message}`);
    process.exit(1);
  }
  if (result.status !== 0) {
    if (failure) console.error(`spanlab: ${failure}; see the output above.`);
    process.exit(result.status ?? 1);
  }
}

// migrate.ts prints its own one-line reason (unreachable database, bad URL) and exits 1.
step(process.execPath, [path.resolve("scripts/run.mjs"), "migrate"], null);

if (!fs.existsSync(path.resolve(".next/BUILD_ID"))) {
  console.log("[start] no production build yet: running `next build` (about a minute)…");
  step(process.execPath, [nextBin, "build"], "the build failed");
}

console.log(`[start] serving on http://localhost:${port} (${process.env.DATABASE_URL ? "PostgreSQL" : "embedded PGlite"})`);
const server = spawn(process.execPath, [nextBin, "start", "-p", port], { stdio: "inherit", env: process.env });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
