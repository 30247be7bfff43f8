/**
 * `npm run import -- --project <id or slug> [--duplicates skip|import] [--text-column c]
 *  [--title-column c] [--create-missing-labels] <file>`
 *
 * Imports one file into a project of the database the app uses (DATABASE_URL, else the embedded
 * PGlite folder — stop the app first then: one process per PGlite folder), through the same use-case
 * as the Import page: all articles or none. It acts as the project's first owner (the audit log
 * names them). Prints what it imported and skipped; on bad input prints the parser's one-line
 * message (with the line or byte offset) and exits 1.
 *
 * Runs through scripts/run.mjs, which resolves the "server-only" marker in lib/server to an empty
 * module outside Next.js.
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { getFirstOwnerId } from "../db/queries/imports";
import { getProjectByIdOrSlug } from "../db/queries/projects";
import { getUserById } from "../db/queries/users";
import { importDocuments, importProblemOf } from "../lib/server/import-documents";
import { isAppError } from "../lib/server/errors";
import { fail, openCliConnection } from "./lib/db-cli";

const USAGE =
  "usage: npm run import -- --project <id or slug> [--duplicates skip|import] [--text-column <column>] [--title-column <column>] [--create-missing-labels] <file>";

let args;
try {
  args = parseArgs({
    allowPositionals: true,
    options: {
      project: { type: "string", short: "p" },
      duplicates: { type: "string", default: "skip" },
      "text-column": { type: "string" },
      "title-column": { type: "string" },
      "create-missing-labels": { type: "boolean", default: false },
      help: { type: "boolean", short: "h" },
    },
  });
} catch (err) {
  fail(`${(err as Error).message}\n${USAGE}`);
}
if (args.values.help) {
  console.log(USAGE);
  process.exit(0);
}
const file = args.positionals[0];
if (!args.values.project || !file || args.positionals.length > 1) fail(USAGE);
const duplicates = args.values.duplicates;
if (duplicates !== "skip" && duplicates !== "import") fail(`--duplicates must be "skip" or "import", got "${duplicates}".`);
let size: number;
try {
  const stat = fs.statSync(file);
  if (!stat.isFile()) fail(`${file} is not a file.`);
  size = stat.size;
} catch (err) {
  fail(`Cannot read ${file}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message}.`);
}

const conn = await openCliConnection();
let exitCode = 0;
try {
  const project = await getProjectByIdOrSlug(conn.db, args.values.project);
  if (!project) fail(`No project "${args.values.project}". List them with \`npm run projects\`.`);
  const ownerId = await getFirstOwnerId(conn.db, project.id);
  const owner = ownerId ? await getUserById(conn.db, ownerId) : undefined;
  if (!owner) fail(`Project "${project.slug}" has no owner to act as; add one in the app first.`);
  const textColumn = args.values["text-column"];
  const showProgress = process.stderr.isTTY;
  const report = await importDocuments(conn.db, { userId: owner.id, email: owner.email, name: owner.name }, project.id, {
    filename: path.basename(file),
    declaredSize: size,
    chunks: fs.createReadStream(file, { highWaterMark: 256 * 1024 }),
    options: {
      duplicates,
      createMissingLabels: args.values["create-missing-labels"],
      csv: textColumn ? { textColumn, titleColumn: args.values["title-column"] ?? null } : undefined,
    },
    onProgress: showProgress
      ? (p) => {
          const what = p.phase === "reading" ? `reading ${Math.round((p.bytes / Math.max(1, size)) * 100)}% · ${p.records} records` : `writing ${p.written}/${p.total}`;
          process.stderr.write(`\r${what}`.padEnd(60));
        }
      : undefined,
  });
  if (showProgress) process.stderr.write("\r".padEnd(61) + "\r");
  console.log(
    `Imported ${report.imported} article${report.imported === 1 ? "" : "s"} into "${project.name}" (${project.slug}) as ${owner.email}` +
      (report.annotationsImported ? `, with ${report.annotationsImported} labelled span${report.annotationsImported === 1 ? "" : "s"}` : "") +
      ` in ${(report.durationMs / 1000).toFixed(1)} s.`,
  );
  if (report.duplicatesImported) console.log(`${report.duplicatesImported} of them duplicate text already present (imported anyway).`);
  if (report.createdLabels.length) console.log(`Created labels: ${report.createdLabels.join(", ")}.`);
  if (report.skippedDuplicateCount) {
    console.log(`Skipped ${report.skippedDuplicateCount} duplicate${report.skippedDuplicateCount === 1 ? "" : "s"}:`);
    for (const d of report.skippedDuplicates) {
      const where = d.line !== null ? `line ${d.line}` : `record ${d.index + 1}`;
      console.log(`  ${where}: "${d.title}" — same text as "${d.duplicateOf.title}"${d.duplicateOf.inThisFile ? " (earlier in this file)" : ""}`);
    }
    if (report.skippedDuplicateCount > report.skippedDuplicates.length) console.log(`  … and ${report.skippedDuplicateCount - report.skippedDuplicates.length} more.`);
  }
} catch (err) {
  if (process.stderr.isTTY) process.stderr.write("\r".padEnd(61) + "\r");
  const problem = importProblemOf(err);
  if (problem) {
    console.error(`spanlab: ${file}: ${problem.message} Nothing was imported.`);
  } else if (isAppError(err)) {
    console.error(`spanlab: ${err.message}`);
  } else {
    console.error(`spanlab: import failed: ${(err as Error).stack ?? String(err)}`);
  }
  exitCode = 1;
} finally {
  await conn.close();
}
process.exit(exitCode);
