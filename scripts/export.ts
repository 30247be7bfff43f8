/**
 * `npm run export -- --project <id or slug> --format <format> [--layer gold|all|<annotator e-mail>]
 *                   [--out <file>|-] [--offsets utf16] [--status approved,...] [--label Claim,...]
 *                   [--from 2025-01-01] [--to 2025-03-31]`
 *
 * Exports a project from the database the app uses (DATABASE_URL, else the embedded PGlite folder),
 * streaming: documents are read in batches and written as they go, so memory does not grow with the
 * project. Prints the report summary and the output path.
 *
 * It runs WITHOUT a user session, as the machine's operator: project membership is not checked,
 * because whoever can run this already has direct access to the database. The download is recorded
 * in the project's audit log with no actor and `via: "cli"`. With PGlite, stop the app first (one
 * process per PGlite folder).
 */
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { insertAuditEvent } from "../db/queries/audit";
import { listLabels } from "../db/queries/labels";
import { getProjectByIdOrSlug } from "../db/queries/projects";
import { EXPORT_FORMAT_IDS, isExportFormat } from "../lib/export";
import { encodeChunks, planExport, runExport, unknownFormatMessage } from "../lib/server/export-pipeline";
import { isAppError } from "../lib/server/errors";
import { fail, openCliConnection } from "./lib/db-cli";

const USAGE = `Usage: npm run export -- --project <id or slug> --format <${EXPORT_FORMAT_IDS.join("|")}>
         [--layer gold|all|<annotator e-mail>] [--out <file> | --out -] [--offsets codepoint|utf16]
         [--status approved,in_review,...] [--label <label name or id>,...] [--from YYYY-MM-DD] [--to YYYY-MM-DD]`;

let args: ReturnType<typeof parseOptions>;
function parseOptions() {
  return parseArgs({
    options: {
      project: { type: "string" },
      format: { type: "string" },
      layer: { type: "string" },
      out: { type: "string" },
      offsets: { type: "string" },
      status: { type: "string", multiple: true },
      label: { type: "string", multiple: true },
      from: { type: "string" },
      to: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  }).values;
}
try {
  args = parseOptions();
} catch (err) {
  fail(`${(err as Error).message}\n${USAGE}`);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!args.project) fail(`--project is required (an id or slug; \`npm run projects\` lists them).\n${USAGE}`);
const format = args.format?.trim() ?? "";
if (!isExportFormat(format)) fail(unknownFormatMessage(format));

const split = (values: string[] | undefined): string[] => (values ?? []).flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);

const conn = await openCliConnection();
try {
  const project = await getProjectByIdOrSlug(conn.db, args.project);
  if (!project) fail(`No project "${args.project}". Run \`npm run projects\` to list ids and slugs.`);

  // Labels may be given by name (case-insensitive) or id.
  const labels = await listLabels(conn.db, project.id, { includeArchived: true });
  const labelIds = split(args.label).map((given) => {
    const match = labels.find((l) => l.id === given || l.name.toLowerCase() === given.toLowerCase());
    if (!match) fail(`No label "${given}" in ${project.slug}. Its labels: ${labels.map((l) => l.name).join(", ")}.`);
    return match.id;
  });

  const plan = await planExport(
    conn.db,
    project,
    {
      format,
      layer: args.layer,
      status: split(args.status),
      label: labelIds,
      from: args.from,
      to: args.to,
      offsets: args.offsets,
    },
    { baseUrl: process.env.SPANLAB_BASE_URL ?? process.env.NEXTAUTH_URL },
  );
  const toStdout = args.out === "-";
  const out = toStdout ? null : path.resolve(args.out ?? plan.filename);
  const log = (line: string) => (toStdout ? console.error(line) : console.log(line));

  const started = performance.now();
  const run = runExport(conn.db, plan);
  const bytes = Readable.from(encodeChunks(run.chunks));
  if (out) {
    // Written next to the target and renamed at the end, so a failed export leaves no half file.
    const partial = `${out}.partial`;
    try {
      await pipeline(bytes, fs.createWriteStream(partial));
      fs.renameSync(partial, out);
    } catch (err) {
      fs.rmSync(partial, { force: true });
      throw err;
    }
  } else {
    await pipeline(bytes, process.stdout);
  }
  const seconds = (performance.now() - started) / 1000;
  await insertAuditEvent(conn.db, {
    projectId: project.id,
    actorId: null,
    action: "export.download",
    entityType: "project",
    entityId: project.id,
    after: { format, layer: plan.layer.value, filters: plan.filters, documents: run.report.documents, spans: run.report.spans, via: "cli" },
  });

  const r = run.report;
  log(`Exported ${project.slug} (${plan.layer.description}) as ${plan.format.label} in ${seconds.toFixed(1)} s`);
  log(`  documents   ${r.documents}`);
  log(`  spans       ${r.spans}`);
  log(`  mismatched  ${r.mismatched.length}${r.mismatched.length > 0 ? "  (not written: their offsets or quote do not match the text)" : ""}`);
  log(`  misaligned  ${r.misaligned.length}${r.misaligned.length > 0 ? "  (CoNLL: not on token boundaries, not tagged)" : ""}`);
  log(`  dropped     ${r.overlapsDropped.length} overlapping span(s), ${r.relationsDropped.length} relation(s)`);
  for (const m of r.mismatched.slice(0, 10)) log(`    mismatched ${m.spanId} in ${m.documentId}: ${m.reason}`);
  if (r.mismatched.length > 10) log(`    … and ${r.mismatched.length - 10} more`);
  for (const note of r.notes) log(`  note: ${note}`);
  log(out ? `Wrote ${out}` : "Wrote to standard output");
} catch (err) {
  if (isAppError(err)) {
    const fields = err.fields ? ` ${Object.entries(err.fields).map(([k, v]) => `${k}: ${v.join(" ")}`).join("; ")}` : "";
    await conn.close().catch(() => undefined);
    fail(`${err.message}${fields}`);
  }
  throw err;
} finally {
  await conn.close().catch(() => undefined);
}
