/**
 * `node scripts/run.mjs <script> [args…]`: runs `scripts/<script>.ts` as plain JavaScript.
 * `node scripts/run.mjs bench/export.ts [args…]`: the same for another TypeScript file of the repo.
 *
 * The command-line scripts (export, import, projects, seed-demo, migrate) are TypeScript. Run through
 * the `tsx` loader, every process carries the loader's worker thread and its transform caches: about
 * 80 MB of resident memory before the script does anything (measured: 157 MB vs 73 MB for the export
 * pipeline's modules), which is most of a streaming export's budget. So this runner bundles the
 * script and the project's own modules into one ES module with esbuild (tsconfig `paths` such as
 * `@/…` are resolved by it; packages in node_modules stay imports that Node resolves), writes it to
 * node_modules/.cache/spanlab/, and imports it in this process. Bundling takes a fraction of a
 * second, is redone on every run (nothing stale), and needs no network.
 *
 * `server-only` (a marker the app's server modules import) is replaced by an empty module: Next.js
 * resolves it that way for server code, and these scripts are server code run by the operator.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const name = process.argv[2] ?? "";
const entry = name.endsWith(".ts") ? path.resolve(name) : path.join(root, "scripts", `${name}.ts`);
const inRepo = entry.startsWith(`${root}${path.sep}`) && !path.relative(root, entry).startsWith("node_modules");
if (!/^[A-Za-z0-9_./-]+$/.test(name) || !inRepo || !fs.existsSync(entry)) {
  const available = fs
    .readdirSync(path.join(root, "scripts"))
    .filter((f) => f.endsWith(".ts"))
    .map((f) => f.slice(0, -3));
  console.error(`spanlab: usage: node scripts/run.mjs <${available.join("|")}> [arguments]`);
  process.exit(2);
}

const outfile = path.join(root, "node_modules", ".cache", "spanlab", `${path.relative(root, entry).slice(0, -3).replace(/[\\/]/g, "__")}.mjs`);
const serverOnly = {
  name: "server-only",
  setup(b) {
    b.onResolve({ filter: /^server-only$/ }, () => ({ path: "server-only", namespace: "empty" }));
    b.onLoad({ filter: /.*/, namespace: "empty" }, () => ({ contents: "", loader: "js" }));
  },
};
try {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: "linked",
    tsconfig: path.join(root, "tsconfig.json"),
    plugins: [serverOnly],
    logLevel: "error",
  });
} catch (err) {
  // esbuild has printed the errors with file and line.
  console.error(`spanlab: could not compile ${path.relative(root, entry)}: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
  process.exit(1);
}

// Stack traces point into the TypeScript sources, not the bundle.
process.setSourceMapsEnabled(true);
// The script sees the arguments after its name, and itself as the program (`import.meta.url` checks).
process.argv.splice(1, 2, outfile);
await import(pathToFileURL(outfile).href);
