/**
 * spaCy-oriented JSONL, one document per line:
 *
 *   {"text", "ents": [{start, end, label}], "spans": {"sc": [{start, end, label}]},
 *    "meta": {id, title, source_url, status, …meta}}
 *
 * Offsets are code points, i.e. Python `str` indices, which is what `Doc.char_span` takes:
 *   doc.ents = [doc.char_span(e["start"], e["end"], label=e["label"]) for e in line["ents"]]
 * (`char_span` returns None when an offset falls inside a spaCy token; use
 * `alignment_mode="expand"` or "contract" if that is acceptable for your use.)
 *
 * `spans.sc` holds every verified span (overlaps allowed, the SpanCategorizer's default key).
 * `ents` cannot overlap: spans are chosen by the rule in `overlaps.ts` (label priority, then
 * longest, then earliest) and the others go to `report.overlapsDropped`.
 */
import { mergeDocumentMeta, stringifyJson } from "./json";
import { describeDroppedOverlaps, selectNonOverlapping } from "./overlaps";
import { prepareDocument, type PreparedDocument, type PreparedSpan } from "./prepare-document";
import { addReportNote, noteCodePointOnlyFormat } from "./report";
import type { ExportChunk, ExportDocument, ExportOptions, ExportProject, ExportReport, ExportSpanCore } from "./types";

function toSpacySpan(p: PreparedSpan<ExportSpanCore>): { start: number; end: number; label: string } {
  return { start: p.start, end: p.end, label: p.span.label };
}

function formatSpacyLine(prepared: PreparedDocument<ExportSpanCore>, options: ExportOptions, report: ExportReport): string {
  const { doc, spans } = prepared;
  const { kept, dropped } = selectNonOverlapping(
    spans.map((p) => ({ prepared: p, from: p.start, to: p.end })),
    options.labelPriority,
  );
  report.overlapsDropped.push(...describeDroppedOverlaps(doc, dropped));
  return stringifyJson({
    text: doc.text,
    ents: kept.map((c) => toSpacySpan(c.prepared)),
    spans: { sc: spans.map(toSpacySpan) },
    meta: mergeDocumentMeta(
      { id: doc.id, title: doc.title, source_url: doc.sourceUrl, status: doc.status },
      doc.meta,
    ),
  });
}

/** spaCy JSONL: non-overlapping `ents` plus all spans under `spans.sc`. */
export async function* writeSpacy(
  _project: ExportProject,
  docs: AsyncIterable<ExportDocument<ExportSpanCore>>,
  options: ExportOptions,
  report: ExportReport,
): AsyncIterable<ExportChunk> {
  noteCodePointOnlyFormat(report, options, "spaCy");
  for await (const doc of docs) {
    yield `${formatSpacyLine(prepareDocument(doc, report), options, report)}\n`;
  }
  if (report.overlapsDropped.length > 0) {
    addReportNote(
      report,
      `spaCy: ${report.overlapsDropped.length} overlapping span(s) are in spans.sc but not in ents (see overlapsDropped); preference: labelPriority, then longer span, then earlier start.`,
    );
  }
}
