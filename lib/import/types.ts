/** A span label on an imported article. Offsets are Unicode CODE POINTS into `ImportRecord.text`. */
export interface ImportedLabel {
  start: number;
  end: number;
  label: string;
}

/**
 * One article ready to be written to the database.
 *
 * `text` is the article exactly as given, with only newlines normalised (see `normalize.ts`);
 * `labels` are code-point offsets into that normalised text (Python's `text[start:end]`).
 */
export interface ImportRecord {
  /** 0-based position of the record in the import (JSON: the array index). */
  index: number;
  /** 1-based line where the record starts (JSONL, CSV); null for JSON arrays and single files. */
  line: number | null;
  title: string;
  text: string;
  meta: Record<string, unknown>;
  /** An absolute http(s) URL, or null. */
  sourceUrl: string | null;
  labels: ImportedLabel[];
  /** SHA-256 hex of `text`. */
  contentHash: string;
}

export type ImportFormat = "txt" | "md" | "html" | "jsonl" | "json" | "csv";
