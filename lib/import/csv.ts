/**
 * CSV import: one article per row, with a header row naming the columns.
 *
 * - Streaming with csv-parse: bytes are decoded and newline-normalised by Spanlab (so "\r\n" / "\r"
 *   inside quoted fields become "\n" like everywhere else), then parsed record by record. The
 *   parser runs as a Node stream with small buffers (one input chunk, two records) and
 *   backpressure, so the file is never read ahead of the consumer.
 * - RFC 4180 quoting: fields may be quoted with `"`, contain delimiters and line breaks, and
 *   double `""` for a quote. A stray `"` inside an unquoted field is kept as a character.
 * - The delimiter is detected from the header row (`,` `;` tab `|`, most frequent outside quotes;
 *   `,` when none) unless given.
 * - Blank lines, and rows whose fields are all blank, are skipped. Every other row must have as many
 *   fields as the header.
 * - Records report the 1-based line on which they START (a quoted field may span lines).
 * - Meta values are the cells as strings.
 */
import { Readable, pipeline } from "node:stream";
import { parse as createCsvParser, type Options as CsvParseOptions } from "csv-parse";
import { parse as parseCsvSync } from "csv-parse/sync";
import type { ByteSource } from "./byte-source";
import { decodeUtf8Prefix, decodeUtf8Stream } from "./decode";
import { ImportError, formatCount, type RecordLocation } from "./errors";
import { assertDeclaredSize, resolveLimits, type ImportOptions } from "./limits";
import { normalizeNewlines, normalizeNewlinesStream } from "./normalize";
import { buildRecord } from "./record";
import type { ImportRecord } from "./types";

export const CSV_DELIMITER_CANDIDATES = [",", ";", "\t", "|"] as const;

export interface CsvOptions {
  /** Header name of the column holding the article text (required). */
  textColumn: string;
  /** Column holding the title; when absent or blank the title comes from the text's first line. */
  titleColumn?: string | null;
  /** Column holding the source URL (http/https). */
  sourceUrlColumn?: string | null;
  /**
   * Columns copied into `meta` (by header name). `"all-others"` (the default) copies every column
   * not used as text, title or source URL.
   */
  metaColumns?: readonly string[] | "all-others";
  /** A single character, or `"auto"` (default) to detect it from the header row. */
  delimiter?: "auto" | string;
}

export interface CsvImportOptions extends ImportOptions, CsvOptions {}

export interface CsvHeader {
  /** Header names in file order. */
  columns: string[];
  /** The delimiter used (detected or given). */
  delimiter: string;
  /** Up to `previewRows` complete data rows found in the chunk. */
  rows: string[][];
  /** A likely text column (by name, else the longest values), or null. */
  suggestedTextColumn: string | null;
  /** A likely title column (by name), or null. */
  suggestedTitleColumn: string | null;
}

/** UTF-16 indices of the "\n"s that end the first `max` records, ignoring "\n"s inside quotes. */
function recordEnds(text: string, max: number): number[] {
  const ends: number[] = [];
  let quoted = false;
  for (let i = 0; i < text.length && ends.length < max; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) quoted = !quoted;
    else if (c === 0x0a && !quoted) ends.push(i);
  }
  return ends;
}

/** The most frequent candidate delimiter outside quotes in a header row; "," when none occurs. */
export function detectCsvDelimiter(headerRow: string): string {
  const counts = new Map<string, number>(CSV_DELIMITER_CANDIDATES.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of headerRow) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best: string = ",";
  let bestCount = 0;
  for (const d of CSV_DELIMITER_CANDIDATES) {
    const n = counts.get(d) ?? 0;
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

function checkDelimiter(delimiter: string): string {
  if ([...delimiter].length !== 1 || delimiter === '"' || delimiter === "\n" || delimiter === "\r") {
    throw new ImportError(
      "csv_parse",
      `The CSV delimiter must be a single character other than a quote or a line break, got ${JSON.stringify(delimiter)}.`,
    );
  }
  return delimiter;
}

const TEXT_NAMES = ["text", "body", "content", "article", "data", "full_text", "fulltext", "story", "document"];
const TITLE_NAMES = ["title", "headline", "heading", "name", "subject"];

function suggestByName(columns: readonly string[], names: readonly string[]): string | null {
  for (const name of names) {
    const hit = columns.find((c) => c.trim().toLowerCase() === name);
    if (hit !== undefined) return hit;
  }
  return null;
}

/**
 * Reads the header (and a few rows for a preview) from the first chunk of a CSV file, so the UI
 * can offer column choices before the import. Pass a chunk that contains at least the whole header
 * row (the first 64 KB is plenty); a character cut off at the end of the chunk is ignored, and
 * when the chunk has no line break the whole chunk is taken as the header.
 */
export function readCsvHeader(
  firstChunk: Uint8Array,
  options: { delimiter?: "auto" | string; previewRows?: number } = {},
): CsvHeader {
  const text = normalizeNewlines(decodeUtf8Prefix(firstChunk));
  if (text.trim() === "") throw new ImportError("empty_file", "The CSV file is empty: it has no header row.");
  const previewRows = options.previewRows ?? 5;
  // Skip leading blank lines like the parser does.
  const body = text.replace(/^\n+/, "");
  const ends = recordEnds(body, previewRows + 1);
  const headerText = ends.length > 0 ? body.slice(0, ends[0]) : body;
  const delimiter =
    options.delimiter === undefined || options.delimiter === "auto" ? detectCsvDelimiter(headerText) : checkDelimiter(options.delimiter);
  const complete = ends.length > 0 ? body.slice(0, (ends[ends.length - 1] as number) + 1) : body;
  let rows: string[][];
  try {
    rows = parseCsvSync(complete, {
      delimiter,
      record_delimiter: "\n",
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
    });
  } catch (error) {
    throw new ImportError(
      "csv_parse",
      `The CSV header could not be read: ${error instanceof Error ? error.message : String(error)}.`,
      { line: 1 },
      { cause: error },
    );
  }
  const columns = rows[0] ?? [];
  const data = rows.slice(1, previewRows + 1);
  let suggestedTextColumn = suggestByName(columns, TEXT_NAMES);
  if (suggestedTextColumn === null && data.length > 0) {
    let bestLength = 0;
    columns.forEach((name, i) => {
      const total = data.reduce((n, row) => n + (row[i] ?? "").length, 0);
      if (total > bestLength) {
        bestLength = total;
        suggestedTextColumn = name;
      }
    });
  }
  return { columns, delimiter, rows: data, suggestedTextColumn, suggestedTitleColumn: suggestByName(columns, TITLE_NAMES) };
}

function listColumns(header: readonly string[]): string {
  if (header.length === 0) return "none";
  return header.map((c, i) => (c.trim() === "" ? `(unnamed column ${i + 1})` : JSON.stringify(c))).join(", ");
}

/** Index of `name` in the header: exact match first, else a unique case-insensitive, trimmed match. */
function findColumn(header: readonly string[], name: string): number {
  const exact = header.indexOf(name);
  if (exact !== -1) return exact;
  const key = name.trim().toLowerCase();
  const loose = header.flatMap((c, i) => (c.trim().toLowerCase() === key ? [i] : []));
  return loose.length === 1 ? (loose[0] as number) : -1;
}

function requireColumn(header: readonly string[], name: string, role: string): number {
  const i = findColumn(header, name);
  if (i === -1) {
    throw new ImportError(
      "csv_missing_column",
      `The CSV file has no column named ${JSON.stringify(name)} (${role}). Columns found: ${listColumns(header)}. ` +
        "Choose one of these columns.",
      { line: 1, column: name, columnsFound: [...header] },
    );
  }
  return i;
}

interface CsvRow {
  record: string[];
  raw: string;
  info: { lines: number };
}

function isCsvRow(value: unknown): value is CsvRow {
  if (typeof value !== "object" || value === null) return false;
  const v = value as { record?: unknown; raw?: unknown; info?: unknown };
  return (
    Array.isArray(v.record) &&
    typeof v.raw === "string" &&
    typeof v.info === "object" &&
    v.info !== null &&
    typeof (v.info as { lines?: unknown }).lines === "number"
  );
}

function isCsvParseError(error: unknown): boolean {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  return !(error instanceof ImportError) && typeof code === "string" && (code.startsWith("CSV_") || code === "INVALID_OPENING_QUOTE");
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf("\n"); i !== -1; i = s.indexOf("\n", i + 1)) n++;
  return n;
}

/** 1-based line on which a record starts, from its end line and its raw text. */
function startLine(row: CsvRow): number {
  let raw = row.raw;
  let from = 0;
  while (from < raw.length && raw.charCodeAt(from) === 0x0a) from++; // skipped blank lines
  raw = raw.slice(from, raw.endsWith("\n") ? -1 : undefined);
  return row.info.lines - countNewlines(raw);
}

function csvParseError(error: unknown, lastRecordLine: number, delimiter: string): ImportError {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  const linesValue = typeof error === "object" && error !== null ? (error as { lines?: unknown }).lines : undefined;
  const line = typeof linesValue === "number" ? linesValue : lastRecordLine + 1;
  const message = error instanceof Error ? error.message : String(error);
  const shownDelimiter = delimiter === "\t" ? "tab" : JSON.stringify(delimiter);
  switch (code) {
    case "CSV_QUOTE_NOT_CLOSED": {
      const from = lastRecordLine + 1;
      return new ImportError(
        "csv_parse",
        `The file ends inside a quoted field that starts on or after line ${formatCount(from)}: a closing " is missing. ` +
          'Check that line for a stray quote; a quote inside a quoted field must be doubled ("").',
        { line: from },
        { cause: error },
      );
    }
    case "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH": {
      const m = /expect (\d+), got (\d+)/.exec(message);
      const counts = m ? `has ${m[2]} fields but the header has ${m[1]} columns` : "has a different number of fields than the header";
      return new ImportError(
        "csv_parse",
        `Line ${formatCount(line)} ${counts}. Put values that contain the delimiter (${shownDelimiter}) in double quotes.`,
        { line },
        { cause: error },
      );
    }
    case "CSV_INVALID_CLOSING_QUOTE":
      return new ImportError(
        "csv_parse",
        `Line ${formatCount(line)}: a quoted field is followed by other characters before the next delimiter. ` +
          'A quote inside a quoted field must be doubled ("").',
        { line },
        { cause: error },
      );
    case "CSV_MAX_RECORD_SIZE":
      return new ImportError(
        "csv_parse",
        `Line ${formatCount(line)}: a field is too long. This usually means a quote is not closed or the delimiter is wrong.`,
        { line },
        { cause: error },
      );
    default:
      return new ImportError("csv_parse", `The CSV file could not be parsed at line ${formatCount(line)}: ${message}`, { line }, { cause: error });
  }
}

/**
 * Parses a CSV byte stream into records, one per data row.
 * @throws ImportError `csv_missing_column` (with the columns found), `csv_parse` (with the line),
 *   `empty_file`, and the record errors of `record.ts`.
 */
export async function* parseCsv(chunks: ByteSource, options: CsvImportOptions): AsyncGenerator<ImportRecord> {
  const limits = resolveLimits(options);
  assertDeclaredSize(options.declaredSize, limits.maxFileBytes);
  if (typeof options.textColumn !== "string" || options.textColumn === "") {
    throw new ImportError("csv_missing_column", "Choose the CSV column that holds the article text.", { column: "" });
  }
  const decoded = normalizeNewlinesStream(
    decodeUtf8Stream(chunks, { maxBytes: limits.maxFileBytes, onProgress: options.onProgress }),
  )[Symbol.asyncIterator]();

  // Read ahead just enough to see the header row, to detect the delimiter.
  let delimiter: string;
  const lookahead: string[] = [];
  if (options.delimiter === undefined || options.delimiter === "auto") {
    let seen = "";
    while (seen.length < 64 * 1024) {
      const r = await decoded.next();
      if (r.done) break;
      lookahead.push(r.value);
      seen += r.value;
      if (recordEnds(seen.replace(/^\n+/, ""), 1).length > 0) break;
    }
    const body = seen.replace(/^\n+/, "");
    const end = recordEnds(body, 1)[0];
    delimiter = detectCsvDelimiter(end === undefined ? body : body.slice(0, end));
  } else {
    delimiter = checkDelimiter(options.delimiter);
  }
  async function* pieces(): AsyncGenerator<string> {
    try {
      while (lookahead.length > 0) yield lookahead.shift() as string;
      while (true) {
        const r = await decoded.next();
        if (r.done) return;
        yield r.value;
      }
    } finally {
      await decoded.return?.(undefined);
    }
  }

  let lastRecordLine = 0;
  const parserOptions: CsvParseOptions = {
    delimiter,
    record_delimiter: "\n",
    quote: '"',
    escape: '"',
    relax_quotes: true,
    skip_empty_lines: true,
    info: true,
    raw: true,
    // A text of n code points is at most 4n UTF-8 bytes; leave room for the other fields.
    max_record_size: limits.maxTextCodePoints * 4 + limits.maxMetaBytes + 1024 * 1024,
    // Runs as each record is parsed (ahead of the consumer): remembers where the last one ended.
    on_record: (record, context) => {
      lastRecordLine = context.lines;
      return record;
    },
  };
  // Small stream buffers keep memory at about one chunk plus a couple of records.
  const parser = createCsvParser(Object.assign({}, parserOptions, { readableHighWaterMark: 2, writableHighWaterMark: 64 * 1024 }));
  const encoder = new TextEncoder();
  async function* bytes(): AsyncGenerator<Uint8Array> {
    for await (const piece of pieces()) yield encoder.encode(piece);
  }
  // Errors (ours from decoding, or csv-parse's) reach the loop below through the parser.
  pipeline(Readable.from(bytes(), { objectMode: true, highWaterMark: 1 }), parser, () => undefined);

  let header: string[] | null = null;
  let textIdx = -1;
  let titleIdx = -1;
  let urlIdx = -1;
  let metaCols: Array<{ key: string; idx: number }> = [];
  let index = 0;
  try {
    for await (const row of parser as AsyncIterable<unknown>) {
      if (!isCsvRow(row)) throw new Error("csv-parse returned an unexpected value");
      const line = startLine(row);
      const cells = row.record;
      if (header === null) {
        header = cells;
        textIdx = requireColumn(header, options.textColumn, "the article text");
        titleIdx = options.titleColumn ? requireColumn(header, options.titleColumn, "the title") : -1;
        urlIdx = options.sourceUrlColumn ? requireColumn(header, options.sourceUrlColumn, "the source URL") : -1;
        const used = new Set([textIdx, titleIdx, urlIdx]);
        const metaSpec = options.metaColumns ?? "all-others";
        const picks =
          metaSpec === "all-others"
            ? header.flatMap((_, i) => (used.has(i) ? [] : [i]))
            : metaSpec.map((name) => requireColumn(header as string[], name, "a metadata column"));
        const taken = new Map<string, number>();
        metaCols = picks.map((idx) => {
          const base = (header as string[])[idx]?.trim() || `column ${idx + 1}`;
          const n = (taken.get(base) ?? 0) + 1;
          taken.set(base, n);
          return { key: n === 1 ? base : `${base} (${n})`, idx };
        });
        continue;
      }
      if (cells.every((c) => c.trim() === "")) continue; // a row of empty cells, e.g. ",,,"
      const meta: Record<string, unknown> = {};
      for (const { key, idx } of metaCols) {
        // defineProperty: a column named "__proto__" becomes a plain key, not a prototype.
        Object.defineProperty(meta, key, { value: cells[idx] ?? "", enumerable: true, writable: true, configurable: true });
      }
      const location: RecordLocation = { kind: "line", line };
      yield buildRecord(
        {
          text: cells[textIdx] ?? "",
          title: titleIdx === -1 ? null : (cells[titleIdx] ?? null),
          meta,
          sourceUrl: urlIdx === -1 ? null : (cells[urlIdx] ?? null),
          labels: undefined,
        },
        { index, line, location, limits, textName: `the ${JSON.stringify(header[textIdx])} column` },
      );
      index++;
    }
  } catch (error) {
    if (isCsvParseError(error)) throw csvParseError(error, lastRecordLine, delimiter);
    throw error;
  } finally {
    parser.destroy();
  }
  if (header === null) throw new ImportError("empty_file", "The CSV file is empty: it has no header row.");
  if (index === 0) throw new ImportError("empty_file", "The CSV file has a header row but no data rows.");
}
