/**
 * Turning free-form names (labels, attribute keys, titles) into the restricted identifiers some
 * formats need. Every change is explained once in the report's notes.
 */
import { addReportNote } from "./report";
import type { ExportReport } from "./types";

/** CoNLL tags / spaCy-free formats: whitespace runs become "_" (tags are split on whitespace). */
export function replaceWhitespace(name: string): string {
  return name.replace(/\s+/gu, "_");
}

/**
 * brat type, attribute and value names: letters, digits, "_" and "-" only ("Public Figure" →
 * "Public_Figure"); brat's configuration and standoff syntax reserve spaces and `:,|=<>!#`.
 */
export function toBratName(name: string): string {
  const cleaned = name.replace(/\s+/gu, "_").replace(/[^\p{L}\p{N}_-]/gu, "_");
  return cleaned === "" ? "_" : cleaned;
}

/**
 * A memoised renamer for one export: applies `rename`, and notes in `report` (once per name) when a
 * name changes or when two different names collapse into the same identifier.
 */
export function createRenamer(
  report: ExportReport,
  what: string,
  format: string,
  rename: (name: string) => string,
): (name: string) => string {
  const cache = new Map<string, string>();
  const owners = new Map<string, string>();
  return (name) => {
    const hit = cache.get(name);
    if (hit !== undefined) return hit;
    const renamed = rename(name);
    cache.set(name, renamed);
    if (renamed !== name) {
      addReportNote(report, `${format}: ${what} ${JSON.stringify(name)} is written as ${JSON.stringify(renamed)}.`);
    }
    const owner = owners.get(renamed);
    if (owner === undefined) owners.set(renamed, name);
    else if (owner !== name) {
      addReportNote(
        report,
        `${format}: ${what}s ${JSON.stringify(owner)} and ${JSON.stringify(name)} are both written as ${JSON.stringify(renamed)} and cannot be told apart.`,
      );
    }
    return renamed;
  };
}

const MAX_FILE_STEM = 60;

/** ASCII-only file-name stem: accents stripped, other characters become "-", trimmed to 60 chars. */
export function toFileStem(value: string): string {
  return value
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "")
    .slice(0, MAX_FILE_STEM)
    .replace(/[-.]+$/g, "");
}

/**
 * Hands out unique file stems "<title>--<id>" (or just "<id>" / "document" when the title has no
 * ASCII letters). Remembers the stems it gave out — one short string per document.
 */
export function createFileStemAllocator(): (title: string, id: string) => string {
  const used = new Set<string>();
  return (title, id) => {
    const idStem = toFileStem(id);
    const titleStem = toFileStem(title);
    const base = [titleStem, idStem].filter((s) => s !== "").join("--") || "document";
    let stem = base;
    for (let n = 2; used.has(stem.toLowerCase()); n++) stem = `${base}-${n}`;
    used.add(stem.toLowerCase());
    return stem;
  };
}
