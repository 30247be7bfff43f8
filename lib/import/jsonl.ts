/**
 * JSON Lines import: one JSON object per line (see `json-record.ts` for the keys).
 *
 * Streaming: bytes are decoded incrementally and split into lines; only the current line is held,
 * so a large file is never in memory whole. Blank lines are skipped. Line numbers are 1-based
 * physical lines ("\n", "\r\n" and lone "\r" all end a line).
 */
import { codePointLength } from "@/lib/annotation/offsets";
import type { ByteSource } from "./byte-source";
import { decodeUtf8Stream } from "./decode";
import { ImportError, formatCount } from "./errors";
import { draftFromJsonValue } from "./json-record";
import { assertDeclaredSize, resolveLimits, type ImportLimits, type ImportOptions } from "./limits";
import { splitLines, type TextLine } from "./lines";
import { normalizeNewlinesStream } from "./normalize";
import { buildRecord } from "./record";
import type { ImportRecord } from "./types";

/** The JSON parser's message, shortened, with a column when the message has a position. */
export function describeJsonError(error: unknown, source: string): { message: string; position: number | null } {
  const raw = error instanceof Error ? error.message : String(error);
  const message = raw.length > 240 ? `${raw.slice(0, 237)}…` : raw;
  const m = /at position (\d+)/.exec(raw);
  const position = m ? Number(m[1]) : null;
  return { message, position: position !== null && position <= source.length ? position : null };
}

function jsonLineError(error: unknown, line: number, text: string): ImportError {
  const { message, position } = describeJsonError(error, text);
  const column = position === null ? "" : ` (column ${formatCount(codePointLength(text.slice(0, position)) + 1)})`;
  let hint = " Each line must hold one complete JSON object.";
  if (text.startsWith("\uFEFF")) hint = " The line starts with a byte-order mark (U+FEFF); were two files joined together? Remove it.";
  else if (/^\s*[[{]\s*$/.test(text)) hint = " The object seems to span several lines; for a pretty-printed JSON array use a .json file.";
  return new ImportError("json_parse", `Line ${formatCount(line)} is not valid JSON: ${message}${column}.${hint}`, { line }, { cause: error });
}

/** Builds records from JSONL lines (shared by `.jsonl` and by `.json` files holding JSON Lines). */
export async function* recordsFromJsonLines(
  lines: AsyncIterable<TextLine> | Iterable<TextLine>,
  limits: ImportLimits,
): AsyncGenerator<ImportRecord> {
  let index = 0;
  for await (const { text, line } of lines) {
    if (text.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw jsonLineError(error, line, text);
    }
    const location = { kind: "line", line } as const;
    yield buildRecord(draftFromJsonValue(value, location), { index, line, location, limits });
    index++;
  }
  if (index === 0) {
    throw new ImportError("empty_file", "The file contains no records: every line is blank. Each line should hold one JSON object.");
  }
}

/**
 * Parses a JSONL byte stream into records, one at a time.
 * @throws ImportError (see `errors.ts`), on the first problem, with its line number.
 */
export async function* parseJsonl(chunks: ByteSource, options: ImportOptions = {}): AsyncGenerator<ImportRecord> {
  const limits = resolveLimits(options);
  assertDeclaredSize(options.declaredSize, limits.maxFileBytes);
  const decoded = decodeUtf8Stream(chunks, { maxBytes: limits.maxFileBytes, onProgress: options.onProgress });
  yield* recordsFromJsonLines(splitLines(normalizeNewlinesStream(decoded)), limits);
}
