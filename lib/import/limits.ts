/**
 * Import limits. Defaults are exported so the UI can show them; every parser takes overrides in
 * its options (the server reads `SPANLAB_IMPORT_MAX_BYTES` and passes it as `maxFileBytes`; this
 * layer never reads the environment).
 */
import { ImportError, formatCount } from "./errors";

/** Largest accepted file: 100 MB (binary megabytes, 100 × 1024 × 1024 bytes). */
export const DEFAULT_MAX_FILE_BYTES = 100 * 1024 * 1024;
/** Longest accepted title, in characters (Unicode code points). */
export const DEFAULT_MAX_TITLE_LENGTH = 500;
/** Longest accepted article text, in characters (Unicode code points). */
export const DEFAULT_MAX_TEXT_CODE_POINTS = 5_000_000;
/** Largest accepted `meta` object per record, as UTF-8 bytes of its JSON serialisation (64 KB). */
export const DEFAULT_MAX_META_BYTES = 64 * 1024;
/** Length of a title derived from the first line of the text, in code points. */
export const FALLBACK_TITLE_LENGTH = 120;
/** How many bytes at the start of a file are inspected to recognise binary data. */
export const BINARY_SNIFF_BYTES = 8 * 1024;

export interface ImportLimits {
  /** Maximum file size in bytes. */
  maxFileBytes: number;
  /** Maximum title length in code points. */
  maxTitleLength: number;
  /** Maximum text length per article in code points. */
  maxTextCodePoints: number;
  /** Maximum size of one record's meta (UTF-8 bytes of `JSON.stringify(meta)`). */
  maxMetaBytes: number;
}

export const DEFAULT_IMPORT_LIMITS: Readonly<ImportLimits> = Object.freeze({
  maxFileBytes: DEFAULT_MAX_FILE_BYTES,
  maxTitleLength: DEFAULT_MAX_TITLE_LENGTH,
  maxTextCodePoints: DEFAULT_MAX_TEXT_CODE_POINTS,
  maxMetaBytes: DEFAULT_MAX_META_BYTES,
});

/** Options shared by every parser. */
export interface ImportOptions extends Partial<ImportLimits> {
  /**
   * Size of the upload as declared by the client (Content-Length, File.size). When it exceeds
   * `maxFileBytes` the parser refuses before reading a single byte. The limit is enforced while
   * streaming as well, so a wrong declaration cannot get a larger file through.
   */
  declaredSize?: number | null;
  /** Called after each chunk with the number of bytes read so far. */
  onProgress?: (bytesRead: number) => void;
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new RangeError(`Import option ${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}

/** Defaults merged with overrides; throws RangeError for nonsensical overrides (a programming error). */
export function resolveLimits(options: Partial<ImportLimits> = {}): ImportLimits {
  return {
    maxFileBytes: positiveInteger("maxFileBytes", options.maxFileBytes, DEFAULT_MAX_FILE_BYTES),
    maxTitleLength: positiveInteger("maxTitleLength", options.maxTitleLength, DEFAULT_MAX_TITLE_LENGTH),
    maxTextCodePoints: positiveInteger("maxTextCodePoints", options.maxTextCodePoints, DEFAULT_MAX_TEXT_CODE_POINTS),
    maxMetaBytes: positiveInteger("maxMetaBytes", options.maxMetaBytes, DEFAULT_MAX_META_BYTES),
  };
}

/** "100 MB", "1.5 MB", "640 KB", "12 bytes" (1024-based units, as file managers show them). */
export function formatBytes(bytes: number): string {
  const units = ["KB", "MB", "GB", "TB"] as const;
  if (bytes < 1024) return `${formatCount(bytes)} ${bytes === 1 ? "byte" : "bytes"}`;
  let value = bytes;
  let unit: string = "bytes";
  for (const u of units) {
    if (value < 1024) break;
    value /= 1024;
    unit = u;
  }
  const rounded = value >= 100 ? Math.round(value) : Math.round(value * 10) / 10;
  return `${formatCount(rounded)} ${unit}`;
}

export function tooLargeError(actual: number, limit: number, exact: boolean): ImportError {
  const size = exact
    ? `The file is ${formatBytes(actual)}; the import limit is ${formatBytes(limit)}.`
    : `The file is larger than the import limit of ${formatBytes(limit)}.`;
  return new ImportError("too_large", `${size} Split it into smaller files and import them one by one.`, { limit, actual });
}

/**
 * Refuse an upload whose declared size is over the limit, before reading it. Call this from the
 * route handler as soon as the size is known; the parsers call it too.
 */
export function assertDeclaredSize(declaredSize: number | null | undefined, maxFileBytes: number = DEFAULT_MAX_FILE_BYTES): void {
  if (declaredSize === null || declaredSize === undefined) return;
  if (Number.isFinite(declaredSize) && declaredSize > maxFileBytes) {
    throw tooLargeError(declaredSize, maxFileBytes, true);
  }
}
