/**
 * One entry point for every import format: detects the format from the file name (and first
 * bytes), then streams records from the matching parser. Single-file formats (.txt, .md, .html)
 * yield exactly one record; they are read into memory, within the byte limit.
 */
import { concatBytes, iterateBytes, peekBytes, type ByteSource } from "./byte-source";
import { parseCsv, type CsvOptions } from "./csv";
import { detectFormat, fileExtension } from "./detect";
import { parseHtmlFile } from "./html";
import { parseJson } from "./json";
import { parseJsonl } from "./jsonl";
import { assertDeclaredSize, resolveLimits, tooLargeError, type ImportOptions } from "./limits";
import { parseTextFile } from "./text";
import type { ImportFormat, ImportRecord } from "./types";

export interface ParseImportOptions extends ImportOptions {
  /** Skip detection and use this format. */
  format?: ImportFormat;
  /**
   * CSV column choices. `textColumn` defaults to "text" (a missing column fails with
   * `csv_missing_column`, listing the columns found). `.tsv` files default to a tab delimiter.
   */
  csv?: Partial<CsvOptions>;
}

/** How many bytes are peeked for format detection. */
const DETECT_BYTES = 1024;

/** Reads a whole byte source into memory, enforcing the byte limit while reading. */
export async function readAllBytes(source: ByteSource, maxBytes: number, onProgress?: (n: number) => void): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of iterateBytes(source)) {
    if (chunk.length === 0) continue;
    size += chunk.length;
    if (size > maxBytes) throw tooLargeError(size, maxBytes, false);
    onProgress?.(size);
    parts.push(chunk);
  }
  return concatBytes(parts, size);
}

/**
 * Parses an uploaded file into records.
 * @param filename the uploaded file's name (its extension picks the format)
 * @param chunks the file's bytes
 * @throws ImportError on the first problem (see `errors.ts`); `too_large` before reading anything
 *   when `options.declaredSize` is over the limit.
 */
export async function* parseImportStream(
  filename: string,
  chunks: ByteSource,
  options: ParseImportOptions = {},
): AsyncGenerator<ImportRecord> {
  const limits = resolveLimits(options);
  assertDeclaredSize(options.declaredSize, limits.maxFileBytes);
  let format = options.format;
  let source: ByteSource = chunks;
  if (format === undefined) {
    if (fileExtension(filename) === "") {
      const peeked = await peekBytes(chunks, DETECT_BYTES);
      try {
        format = detectFormat(filename, peeked.head);
      } catch (error) {
        await peeked.close();
        throw error;
      }
      source = peeked.chunks;
    } else {
      format = detectFormat(filename);
    }
  }
  const common: ImportOptions = { ...limits, declaredSize: options.declaredSize ?? null, onProgress: options.onProgress };
  switch (format) {
    case "jsonl":
      yield* parseJsonl(source, common);
      return;
    case "json":
      yield* parseJson(source, common);
      return;
    case "csv": {
      const csv = options.csv ?? {};
      const delimiter = csv.delimiter ?? (fileExtension(filename) === "tsv" ? "\t" : "auto");
      yield* parseCsv(source, { ...common, ...csv, textColumn: csv.textColumn ?? "text", delimiter });
      return;
    }
    case "txt":
    case "md": {
      const bytes = await readAllBytes(source, limits.maxFileBytes, options.onProgress);
      yield parseTextFile(bytes, filename, { ...limits, declaredSize: null, markdown: format === "md" });
      return;
    }
    case "html": {
      const bytes = await readAllBytes(source, limits.maxFileBytes, options.onProgress);
      yield parseHtmlFile(bytes, filename, { ...limits, declaredSize: null });
      return;
    }
  }
}
