/**
 * The import API contract shared by the server (lib/server/import-documents.ts, app/api/…/import)
 * and the Import page (lib/api-client/import.ts, components/import). Type-only: safe to import anywhere.
 *
 * Routes:
 *   POST /api/projects/:projectId/import?filename=…&duplicates=skip|import&createMissingLabels=true
 *        &textColumn=…&titleColumn=…&metaColumns=a,b
 *        body: the raw file (any content type; never multipart). Content-Length over the limit → 413 at once.
 *        → 200 application/x-ndjson, one ImportStreamLine per line: progress lines while reading and
 *          writing, then exactly one `done` (the report) or `error` (nothing was written).
 *        Errors found before the file is read (permission, size, file type, options) are plain JSON
 *        errors with their HTTP status (403, 413, 422), like every other route.
 *   POST /api/projects/:projectId/import/preview?filename=…&textColumn=…   body: the first ≤ 64 KB
 *        → 200 ImportPreview
 */
import type { ImportFormat } from "@/lib/import/types";

export type DuplicatePolicy = "skip" | "import";

/** Preview bytes the client sends (the first 64 KB of the file). */
export const IMPORT_PREVIEW_BYTES = 64 * 1024;
/** At most this many skipped duplicates are listed one by one in a report (the count is always exact). */
export const MAX_REPORTED_DUPLICATES = 1000;

export interface SkippedDuplicate {
  /** 1-based line of the skipped record (JSONL, CSV), or null (JSON arrays, single files). */
  line: number | null;
  /** 0-based position of the record in the file. */
  index: number;
  title: string;
  /** The article it duplicates: already in the project, or earlier in the same file. */
  duplicateOf: { documentId: string; title: string; inThisFile: boolean };
}

export interface ImportReport {
  filename: string;
  /** Detected format, or null when the file had no extension and was sniffed. */
  format: ImportFormat | null;
  /** Articles written. */
  imported: number;
  /** Skipped because the same text is already in the project or earlier in the file (first 1,000). */
  skippedDuplicates: SkippedDuplicate[];
  /** Exact number of skipped duplicates (may exceed the list's length). */
  skippedDuplicateCount: number;
  /** Duplicates imported anyway (duplicates=import). */
  duplicatesImported: number;
  /** Pre-existing span labels written as annotations of the "Imported" author. */
  annotationsImported: number;
  /** Labels created because the file used them and createMissingLabels was set. */
  createdLabels: string[];
  bytes: number;
  durationMs: number;
}

/** Why an import was refused. `code` is the parser's (lib/import/errors.ts) or `unknown_label`. */
export interface ImportProblem {
  code: string;
  message: string;
  line?: number;
  byteOffset?: number;
  span?: [number, number];
  record?: number;
  column?: string;
  columnsFound?: string[];
  limit?: number;
  actual?: number;
  /** For unknown_label: the names the project lacks, and the names it has. */
  unknownLabels?: string[];
  projectLabels?: string[];
}

export type ImportProgress =
  /** Reading and checking the file (nothing is written yet). */
  | { phase: "reading"; bytes: number; records: number }
  /** Writing, inside one transaction. */
  | { phase: "writing"; bytes: number; records: number; written: number; total: number };

export type ImportStreamLine =
  | ({ type: "progress" } & ImportProgress)
  | { type: "done"; report: ImportReport }
  | { type: "error"; error: ImportProblem };

export interface ImportPreviewRecord {
  line: number | null;
  title: string;
  /** The first 300 characters of the text as it will be stored (plain text, never HTML). */
  excerpt: string;
  length: number;
  labelCount: number;
}

export interface ImportPreview {
  format: ImportFormat;
  /** The first (up to 5) records. */
  records: ImportPreviewRecord[];
  /** For CSV: the header and suggestions. */
  csv?: { columns: string[]; suggestedTextColumn: string | null; suggestedTitleColumn: string | null; delimiter: string };
  /** Label names used by the previewed records, and those the project does not have. */
  labelNames: string[];
  unknownLabels: string[];
  /** A problem found in the previewed part (the import would be refused with it). */
  problem: ImportProblem | null;
  /** True when only the start of the file was previewed. */
  partial: boolean;
  /** Why no records are shown, when that is not a problem with the file. */
  note?: string;
}
