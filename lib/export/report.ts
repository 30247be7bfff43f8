import type { ExportOptions, ExportReport } from "./types";

/** A report with nothing counted yet; pass it to a writer, read it once the output is consumed. */
export function createEmptyReport(): ExportReport {
  return {
    documents: 0,
    spans: 0,
    mismatched: [],
    misaligned: [],
    misalignedByLabel: {},
    overlapsDropped: [],
    relationsDropped: [],
    notes: [],
  };
}

/** Add a human-readable note once (notes are deduplicated, so writers may call this per document). */
export function addReportNote(report: ExportReport, note: string): void {
  if (!report.notes.includes(note)) report.notes.push(note);
}

/** For formats that always write code points: say so when the caller asked for UTF-16. */
export function noteCodePointOnlyFormat(report: ExportReport, options: ExportOptions, formatLabel: string): void {
  if (options.offsets === "utf16") {
    addReportNote(
      report,
      `${formatLabel} always uses Unicode code-point offsets; the "utf16" offsets option was ignored.`,
    );
  }
}
