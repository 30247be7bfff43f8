/**
 * JSON Lines, one document per line.
 *
 * `jsonl` (doccano sequence-labelling import):
 *   {"id", "text", "label": [[start, end, "Label"], …], "meta": {title, source_url, status, …meta}}
 *
 * `jsonl-rich` (doccano's entity/relation layout plus everything Spanlab knows):
 *   {"id", "text",
 *    "entities": [{id, start_offset, end_offset, label, attributes, entity_id, entity_name,
 *                  entity_external_id, entity_type, note, annotator, created_at, updated_at}],
 *    "relations": [{id, from_id, to_id, type}],
 *    "annotators": [sorted distinct annotators of the written spans],
 *    "meta": {…}}
 *
 * Offsets are code points unless `options.offsets` is "utf16" (JavaScript string indices).
 */
import { mergeDocumentMeta, sortAttributes, stringifyJson } from "./json";
import { createOffsetConverter, prepareDocument, type PreparedDocument } from "./prepare-document";
import { addReportNote } from "./report";
import type { ExportChunk, ExportDocument, ExportOptions, ExportProject, ExportReport, ExportSpan, ExportSpanCore } from "./types";

function describeMeta(doc: ExportDocument<ExportSpanCore>): Record<string, unknown> {
  return mergeDocumentMeta({ title: doc.title, source_url: doc.sourceUrl, status: doc.status }, doc.meta);
}

function formatDoccanoLine(prepared: PreparedDocument<ExportSpanCore>, options: ExportOptions): string {
  const { doc, index, spans } = prepared;
  const offset = createOffsetConverter(index, options.offsets);
  return stringifyJson({
    id: doc.id,
    text: doc.text,
    label: spans.map((p) => [offset(p.start), offset(p.end), p.span.label]),
    meta: describeMeta(doc),
  });
}

function formatRichLine(prepared: PreparedDocument, options: ExportOptions): string {
  const { doc, index, spans, relations } = prepared;
  const offset = createOffsetConverter(index, options.offsets);
  const annotators = [...new Set(spans.map((p) => p.span.annotator))].sort();
  return stringifyJson({
    id: doc.id,
    text: doc.text,
    entities: spans.map(({ span, start, end }) => ({
      id: span.id,
      start_offset: offset(start),
      end_offset: offset(end),
      label: span.label,
      attributes: sortAttributes(span.attributes),
      entity_id: span.entityId,
      entity_name: span.entityName ?? null,
      entity_external_id: span.entityExternalId ?? null,
      entity_type: span.entityType,
      note: span.note,
      annotator: span.annotator,
      created_at: span.createdAt.toISOString(),
      updated_at: span.updatedAt.toISOString(),
    })),
    relations: relations.map(({ relation }) => ({
      id: relation.id,
      from_id: relation.fromId,
      to_id: relation.toId,
      type: relation.type,
    })),
    annotators,
    meta: describeMeta(doc),
  });
}

function noteOffsetUnit(report: ExportReport, options: ExportOptions): void {
  addReportNote(
    report,
    options.offsets === "utf16"
      ? "Offsets are UTF-16 code units (JavaScript string indices), as requested."
      : "Offsets are Unicode code points (Python str indices).",
  );
}

/** The document's spans with attributes, a note or an entity link (see `spansWithDetails`). */
function countSpansWithDetails(doc: ExportDocument<ExportSpanCore>): number {
  if (doc.spansWithDetails !== undefined) return doc.spansWithDetails;
  const full = doc.spans as Partial<Pick<ExportSpan, "attributes" | "note" | "entityId">>[];
  return full.filter((s) => (s.attributes && Object.keys(s.attributes).length > 0) || (s.note ?? null) !== null || (s.entityId ?? null) !== null).length;
}

/** doccano-compatible JSONL (`label` triples). Relations and span details need `jsonl-rich`. */
export async function* writeJsonl(
  _project: ExportProject,
  docs: AsyncIterable<ExportDocument<ExportSpanCore>>,
  options: ExportOptions,
  report: ExportReport,
): AsyncIterable<ExportChunk> {
  noteOffsetUnit(report, options);
  for await (const doc of docs) {
    const prepared = prepareDocument(doc, report);
    if (countSpansWithDetails(doc) > 0 || prepared.relations.length > 0) {
      addReportNote(
        report,
        "jsonl carries labels only; relations, attributes, notes, entity links and annotators are in jsonl-rich.",
      );
    }
    yield `${formatDoccanoLine(prepared, options)}\n`;
  }
}

/** JSONL with entities, relations, attributes, notes, entity links and annotators. */
export async function* writeJsonlRich(
  _project: ExportProject,
  docs: AsyncIterable<ExportDocument>,
  options: ExportOptions,
  report: ExportReport,
): AsyncIterable<ExportChunk> {
  noteOffsetUnit(report, options);
  for await (const doc of docs) {
    yield `${formatRichLine(prepareDocument(doc, report), options)}\n`;
  }
}
