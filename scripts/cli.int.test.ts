/**
 * The command-line scripts as an operator runs them: `node scripts/run.mjs <script>` (what the npm
 * scripts call) in a child process, against an embedded PGlite folder of the test's own.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spanlab-cli-"));
const env: NodeJS.ProcessEnv = { ...process.env, PGLITE_DIR: path.join(dir, "pglite") };
delete env.DATABASE_URL;

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [path.join(root, "scripts", "run.mjs"), ...args], { cwd: root, env, encoding: "utf8", timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const TEXT = "Chef 👩🏽‍🍳 Zoë met 東京 officials; the café\u0301 stays open.";
const cp = (s: string) => [...s].length;

describe("command-line scripts through scripts/run.mjs (PGlite folder)", () => {
  let slug = "";
  beforeAll(() => {
    const migrated = run("migrate");
    expect(migrated.stderr).toBe("");
    expect(migrated.stdout).toMatch(/schema up to date/);
    const seeded = run("seed-demo");
    expect(seeded.status).toBe(0);
    slug = /\(([a-z0-9-]+)\) with/.exec(seeded.stdout)?.[1] ?? "";
    expect(slug).not.toBe("");
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("imports a JSONL file with a span after an emoji and exports it with the same code-point offsets", () => {
    const start = cp("Chef 👩🏽‍🍳 ");
    const file = path.join(dir, "in.jsonl");
    const record = { text: TEXT, title: "CLI article", entities: [{ id: "e1", start_offset: start, end_offset: start + 3, label: "Entity" }], relations: [] };
    fs.writeFileSync(file, `${JSON.stringify(record)}\n`);
    const imported = run("import", "--project", slug, file);
    expect(imported.stderr).toBe("");
    expect(imported.stdout).toMatch(/Imported 1 article/);

    const out = path.join(dir, "out.jsonl");
    const exported = run("export", "--project", slug, "--format", "jsonl", "--layer", "all", "--out", out);
    expect(exported.status).toBe(0);
    expect(exported.stdout).toMatch(/spans\s+1\n/);
    const line = fs
      .readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { text: string; label: [number, number, string][] })
      .find((d) => d.text === TEXT);
    expect(line?.label).toEqual([[start, start + 3, "Entity"]]);
    expect([...TEXT].slice(start, start + 3).join("")).toBe("Zoë");
  });

  it("writes a brat ZIP that a reader opens", () => {
    const out = path.join(dir, "out.zip");
    expect(run("export", "--project", slug, "--format", "brat", "--out", out).status).toBe(0);
    const files = unzipSync(new Uint8Array(fs.readFileSync(out)));
    const ann = Object.entries(files).find(([name, bytes]) => name.endsWith(".ann") && strFromU8(bytes).includes("Zoë"));
    expect(ann?.[1] && strFromU8(ann[1])).toMatch(/^T1\tEntity \d+ \d+\tZoë$/m);
    expect(Object.keys(files)).toContain("annotation.conf");
  });

  it("refuses an unknown format or project with one line and exit status 1, writing nothing", () => {
    const out = path.join(dir, "never.jsonl");
    const badFormat = run("export", "--project", slug, "--format", "xml", "--out", out);
    expect(badFormat.status).toBe(1);
    expect(badFormat.stderr.trim()).toBe('spanlab: Unknown export format "xml". Choose one of: jsonl, jsonl-rich, label-studio, conll, spacy, brat, w3c, csv.');
    const badProject = run("export", "--project", "no-such-project", "--format", "jsonl", "--out", out);
    expect(badProject.status).toBe(1);
    expect(badProject.stderr).toMatch(/No project "no-such-project"/);
    expect(fs.existsSync(out)).toBe(false);
  });

  it("names the scripts it can run when given an unknown one", () => {
    const result = run("nope");
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/usage: node scripts\/run\.mjs <.*export.*import.*>/);
  });
});
