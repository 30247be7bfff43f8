/**
 * Article import parsing: everything before the database. Pure TypeScript (node:crypto for
 * hashing; csv-parse, htmlparser2 and sanitize-html), no React, Next.js or DB imports.
 *
 * Offsets are Unicode CODE POINTS into the exact (newline-normalised) text.
 */
export { ImportError, isImportError, type ImportErrorCode, type ImportErrorDetails, type ImportErrorJson, type RecordLocation } from "./errors";
export type { ImportFormat, ImportRecord, ImportedLabel } from "./types";
export {
  BINARY_SNIFF_BYTES,
  DEFAULT_IMPORT_LIMITS,
  DEFAULT_MAX_FILE_BYTES,
  DEFAULT_MAX_META_BYTES,
  DEFAULT_MAX_TEXT_CODE_POINTS,
  DEFAULT_MAX_TITLE_LENGTH,
  FALLBACK_TITLE_LENGTH,
  assertDeclaredSize,
  formatBytes,
  resolveLimits,
  type ImportLimits,
  type ImportOptions,
} from "./limits";
export { createNewlineNormalizer, createNewlineOffsetMap, normalizeNewlines, normalizeNewlinesStream } from "./normalize";
export { contentHash } from "./hash";
export type { ByteSource } from "./byte-source";
export { Utf8Decoder, decodeUtf8Bytes, decodeUtf8Prefix, decodeUtf8Stream, findInvalidUtf8, type DecodeOptions } from "./decode";
export { splitLines, type TextLine } from "./lines";
export { MAX_LABEL_NAME_LENGTH, validateLabels } from "./labels";
export { MAX_SOURCE_URL_LENGTH, buildRecord, fallbackTitle, type RecordContext, type RecordDraft } from "./record";
export { parseJsonl } from "./jsonl";
export { parseJson } from "./json";
export {
  CSV_DELIMITER_CANDIDATES,
  detectCsvDelimiter,
  parseCsv,
  readCsvHeader,
  type CsvHeader,
  type CsvImportOptions,
  type CsvOptions,
} from "./csv";
export { parseTextFile } from "./text";
export { extractHtmlText, parseHtmlFile, type ExtractedHtml } from "./html";
export { sanitizeHtmlForPreview } from "./sanitize";
export { IMPORT_EXTENSIONS, detectFormat, fileExtension } from "./detect";
export { parseImportStream, readAllBytes, type ParseImportOptions } from "./parse-import-stream";
