/**
 * Errors raised while parsing an import. Every failure is an {@link ImportError} with a stable
 * `code` (for the UI and the API) and a human-readable `message` that says where the problem is
 * and what to do about it. Location details (line, byte offset, record index, label span) are also
 * available as fields so the server can return them as structured data.
 */

export type ImportErrorCode =
  /** The file has no bytes, or no content / no records. */
  | "empty_file"
  /** NUL bytes or many control characters near the start: not a text file. */
  | "binary_file"
  /** Bytes that are not valid UTF-8; `byteOffset` is the first bad byte. */
  | "invalid_utf8"
  /** JSONL line / JSON file that the JSON parser rejected. */
  | "json_parse"
  /** A record that is not a JSON object, or has a field of the wrong type (title, meta, URL). */
  | "invalid_record"
  /** A record without a non-empty string "text" (or "data"). */
  | "missing_text"
  /** Text containing characters Spanlab cannot store (NUL, unpaired surrogates). */
  | "invalid_text"
  /** A label whose code-point offsets fall outside the text. */
  | "label_out_of_range"
  /** A label boundary inside a grapheme cluster (e.g. between a letter and its accent). */
  | "label_splits_character"
  /** A label that is not [start, end, "LABEL"] with integer offsets and start < end. */
  | "label_invalid"
  /** The chosen CSV column does not exist; `columnsFound` lists the header. */
  | "csv_missing_column"
  /** Malformed CSV (unclosed quote, wrong number of fields…). */
  | "csv_parse"
  /** The file is larger than the byte limit (declared or while streaming). */
  | "too_large"
  /** A title longer than the title limit. */
  | "title_too_long"
  /** An article text longer than the per-article limit. */
  | "text_too_long"
  /** A record's meta object is larger than the meta limit. */
  | "meta_too_large"
  /** A file type Spanlab cannot import. */
  | "unsupported_format";

/** Where a record came from, used to phrase messages. */
export type RecordLocation =
  /** A physical line of a JSONL or CSV file (1-based). */
  | { kind: "line"; line: number }
  /** An element of a top-level JSON array (0-based index). */
  | { kind: "record"; index: number }
  /** A whole single-article file. */
  | { kind: "file"; filename: string };

export interface ImportErrorDetails {
  /** 1-based line in the file (JSONL, CSV, JSON). */
  line?: number;
  /** 0-based byte offset in the file (invalid UTF-8, binary data). */
  byteOffset?: number;
  /** The offending label's [start, end], in code points as given in the file. */
  span?: [number, number];
  /** 0-based index of the record (JSON array index). */
  record?: number;
  /** 0-based index of the label inside its record. */
  labelIndex?: number;
  /** CSV column name involved. */
  column?: string;
  /** CSV header columns, for `csv_missing_column`. */
  columnsFound?: string[];
  /** The limit that was exceeded (bytes, characters…). */
  limit?: number;
  /** The measured value that exceeded the limit. */
  actual?: number;
}

/** JSON shape of an {@link ImportError} (what an API route returns). */
export interface ImportErrorJson extends ImportErrorDetails {
  code: ImportErrorCode;
  message: string;
}

export class ImportError extends Error {
  override readonly name = "ImportError";
  readonly code: ImportErrorCode;
  readonly line?: number;
  readonly byteOffset?: number;
  readonly span?: [number, number];
  readonly record?: number;
  readonly labelIndex?: number;
  readonly column?: string;
  readonly columnsFound?: string[];
  readonly limit?: number;
  readonly actual?: number;

  constructor(code: ImportErrorCode, message: string, details: ImportErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    if (details.line !== undefined) this.line = details.line;
    if (details.byteOffset !== undefined) this.byteOffset = details.byteOffset;
    if (details.span !== undefined) this.span = details.span;
    if (details.record !== undefined) this.record = details.record;
    if (details.labelIndex !== undefined) this.labelIndex = details.labelIndex;
    if (details.column !== undefined) this.column = details.column;
    if (details.columnsFound !== undefined) this.columnsFound = details.columnsFound;
    if (details.limit !== undefined) this.limit = details.limit;
    if (details.actual !== undefined) this.actual = details.actual;
  }

  toJSON(): ImportErrorJson {
    const out: ImportErrorJson = { code: this.code, message: this.message };
    if (this.line !== undefined) out.line = this.line;
    if (this.byteOffset !== undefined) out.byteOffset = this.byteOffset;
    if (this.span !== undefined) out.span = this.span;
    if (this.record !== undefined) out.record = this.record;
    if (this.labelIndex !== undefined) out.labelIndex = this.labelIndex;
    if (this.column !== undefined) out.column = this.column;
    if (this.columnsFound !== undefined) out.columnsFound = this.columnsFound;
    if (this.limit !== undefined) out.limit = this.limit;
    if (this.actual !== undefined) out.actual = this.actual;
    return out;
  }
}

export function isImportError(value: unknown): value is ImportError {
  return value instanceof ImportError;
}

/** "3,400" — thousands separators, fixed locale so messages are stable. */
export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

/** "line 12" / "record 4 (array index 3)" / "“page.html”". */
export function describeLocation(loc: RecordLocation): string {
  switch (loc.kind) {
    case "line":
      return `line ${formatCount(loc.line)}`;
    case "record":
      return `record ${formatCount(loc.index + 1)} (array index ${loc.index})`;
    case "file":
      return `“${loc.filename}”`;
  }
}

/** Preposition + location: "on line 12" / "in record 4 (array index 3)" / "in “page.html”". */
export function atLocation(loc: RecordLocation): string {
  return `${loc.kind === "line" ? "on" : "in"} ${describeLocation(loc)}`;
}

/** Location at the start of a sentence: "Line 12" / "Record 4 (array index 3)" / "“page.html”". */
export function locationSubject(loc: RecordLocation): string {
  const s = describeLocation(loc);
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The structured fields for a location. */
export function locationDetails(loc: RecordLocation): ImportErrorDetails {
  if (loc.kind === "line") return { line: loc.line };
  if (loc.kind === "record") return { record: loc.index };
  return {};
}
