/**
 * `npm start`: migrate, build if there is no build yet, then serve on PORT (default 3000).
 * With no DATABASE_URL the app runs on the embedded PGlite database in ./.data/pglite.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { runMigrations } from "./migrate";

process.env.NEXT_TELEMETRY_DISABLED = "1";
const port = process.env.PORT ?? "3000";
process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;

await runMigrations();

const nextBin = path.resolve("node_modules/next/dist/bin/next");
if (!fs.existsSync(path.resolve(".next/BUILD_ID"))) {
  console.log("[start] no production build yet: running `next build` (about a minute)…");
  const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env: process.env });
  if (build.status !== 0) {
    console.error("spanlab: the build failed; see the output above.");
    process.exit(build.status ?? 1);
  }
}

console.log(`[start] serving on http://localhost:${port} (${process.env.DATABASE_URL ? "PostgreSQL" : "embedded PGlite"})`);
const server = spawn(process.execPath, [nextBin, "start", "-p", port], { stdio: "inherit", env: process.env });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
