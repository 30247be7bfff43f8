/**
 * CSV (RFC 4180: comma-separated, CRLF line ends, fields with commas, quotes or line breaks
 * quoted, quotes doubled), UTF-8 without BOM, one row per span, with a header row:
 *
 *   document_id, title, annotator, label, start, end, text, attributes, note, entity_id
 *
 * `start` / `end` are code points; `text` is the exact span text; `attributes` is a JSON object
 * (keys sorted); empty cells for a missing note / entity. Values are written as-is: no
 * spreadsheet formula escaping, which would alter the text.
 */
import { stringify } from "csv-stringify/sync";
import { sortAttributes, stringifyJson } from "./json";
import { prepareDocument } from "./prepare-document";
import { noteCodePointOnlyFormat } from "./report";
import type { ExportChunk, ExportDocument, ExportOptions, ExportProject, ExportReport } from "./types";

export const CSV_COLUMNS = [
  "document_id",
  "title",
  "annotator",
  "label",
  "start",
  "end",
  "text",
  "attributes",
  "note",
  "entity_id",
] as const;

type CsvRow = Record<(typeof CSV_COLUMNS)[number], string | number>;

function formatRows(rows: (string | number)[][]): string {
  return stringify(rows, {
    record_delimiter: "windows",
    // With a custom record delimiter csv-stringify would stop quoting fields that contain a bare
    // "\n" or "\r"; RFC 4180 readers need them quoted.
    quote_record_delimiter: true,
  });
}

/** One CSV row per verified span. */
export async function* writeCsv(
  _project: ExportProject,
  docs: AsyncIterable<ExportDocument>,
  options: ExportOptions,
  report: ExportReport,
): AsyncIterable<ExportChunk> {
  noteCodePointOnlyFormat(report, options, "CSV");
  yield formatRows([[...CSV_COLUMNS]]);
  for await (const doc of docs) {
    const prepared = prepareDocument(doc, report);
    if (prepared.spans.length === 0) continue;
    const rows = prepared.spans.map(({ span, start, end, text }) => {
      const row: CsvRow = {
        document_id: doc.id,
        title: doc.title,
        annotator: span.annotator,
        label: span.label,
        start,
        end,
        text,
        attributes: stringifyJson(sortAttributes(span.attributes)),
        note: span.note ?? "",
        entity_id: span.entityId ?? "",
      };
      return CSV_COLUMNS.map((column) => row[column]);
    });
    yield formatRows(rows);
  }
}
