/**
 * `.json` import: a top-level array of record objects (the same objects as JSONL lines, see
 * `json-record.ts`). The file is parsed whole, within the byte limit. Errors name the element as
 * "record N (array index N-1)"; JSON syntax errors give the line and column.
 *
 * Lenient cases: a file holding a single object is one record; a `.json` file that is really JSON
 * Lines (objects one per line) is read as JSONL, with line numbers.
 */
import { codePointLength } from "@/lib/annotation/offsets";
import type { ByteSource } from "./byte-source";
import { decodeUtf8Stream } from "./decode";
import { ImportError, formatCount, type RecordLocation } from "./errors";
import { draftFromJsonValue } from "./json-record";
import { describeJsonError, recordsFromJsonLines } from "./jsonl";
import { assertDeclaredSize, resolveLimits, type ImportOptions } from "./limits";
import type { TextLine } from "./lines";
import { normalizeNewlinesStream } from "./normalize";
import { buildRecord } from "./record";
import type { ImportRecord } from "./types";

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < position; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: codePointLength(text.slice(lineStart, position)) + 1 };
}

function jsonFileError(error: unknown, text: string): ImportError {
  const { message, position } = describeJsonError(error, text);
  if (position === null) {
    return new ImportError("json_parse", `The file is not valid JSON: ${message}.`, {}, { cause: error });
  }
  const { line, column } = lineAndColumn(text, position);
  return new ImportError(
    "json_parse",
    `The file is not valid JSON: ${message} (line ${formatCount(line)}, column ${formatCount(column)}).`,
    { line },
    { cause: error },
  );
}

function* linesOf(text: string): Generator<TextLine> {
  let from = 0;
  let line = 1;
  while (from <= text.length) {
    const nl = text.indexOf("\n", from);
    const end = nl === -1 ? text.length : nl;
    yield { text: text.slice(from, end), line };
    if (nl === -1) return;
    from = nl + 1;
    line++;
  }
}

/**
 * Parses a `.json` byte stream (array of objects) into records.
 * @throws ImportError (see `errors.ts`).
 */
export async function* parseJson(chunks: ByteSource, options: ImportOptions = {}): AsyncGenerator<ImportRecord> {
  const limits = resolveLimits(options);
  assertDeclaredSize(options.declaredSize, limits.maxFileBytes);
  const parts: string[] = [];
  for await (const piece of normalizeNewlinesStream(
    decodeUtf8Stream(chunks, { maxBytes: limits.maxFileBytes, onProgress: options.onProgress }),
  )) {
    parts.push(piece);
  }
  const text = parts.join("");
  parts.length = 0;
  const start = text.search(/[^ \t\n]/);
  if (start === -1) throw new ImportError("empty_file", "The file contains only whitespace. Choose a file with records.");
  const first = text[start];

  if (first === "{") {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      if (error instanceof SyntaxError && /after JSON/i.test(error.message)) {
        // Several values: JSON Lines saved as .json.
        yield* recordsFromJsonLines(linesOf(text), limits);
        return;
      }
      throw jsonFileError(error, text);
    }
    const location: RecordLocation = { kind: "record", index: 0 };
    yield buildRecord(draftFromJsonValue(value, location), { index: 0, line: null, location, limits });
    return;
  }
  if (first !== "[") {
    throw new ImportError(
      "json_parse",
      'A .json file must contain an array of articles, such as [{"text": "…"}, {"text": "…"}]. ' +
        `This one starts with ${JSON.stringify(first)}.`,
      { line: lineAndColumn(text, start).line },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw jsonFileError(error, text);
  }
  if (!Array.isArray(value)) {
    throw new ImportError("json_parse", "A .json file must contain an array of articles.");
  }
  const items: unknown[] = value;
  if (items.length === 0) throw new ImportError("empty_file", "The file contains an empty array: there are no articles to import.");
  for (let i = 0; i < items.length; i++) {
    const location: RecordLocation = { kind: "record", index: i };
    const record = buildRecord(draftFromJsonValue(items[i], location), { index: i, line: null, location, limits });
    items[i] = undefined; // let the parsed element be collected once its record is built
    yield record;
  }
}
