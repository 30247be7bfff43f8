/**
 * Per-document verification shared by every writer.
 *
 * A span is written only when its offsets are integers in range with start < end AND the text at
 * those code-point offsets equals the span's stored `quote`. Anything else goes to
 * `report.mismatched` and is left out — an export never carries offsets we know to be wrong.
 * Relations are kept only when both ends survive.
 */
import { createOffsetIndex, type OffsetIndex } from "@/lib/annotation/offsets";
import type { ExportDocument, ExportOffsetUnit, ExportRelation, ExportReport, ExportSpan, ExportSpanCore } from "./types";

/** A verified span: `text` === document text[start:end] in code points. */
export interface PreparedSpan<S extends ExportSpanCore = ExportSpan> {
  span: S;
  /** Code points. */
  start: number;
  /** Code points (exclusive). */
  end: number;
  text: string;
}

export interface PreparedRelation<S extends ExportSpanCore = ExportSpan> {
  relation: ExportRelation;
  from: PreparedSpan<S>;
  to: PreparedSpan<S>;
}

export interface PreparedDocument<S extends ExportSpanCore = ExportSpan> {
  doc: ExportDocument<S>;
  index: OffsetIndex;
  /** Verified spans ordered by start, then longer first, then label name, then id. */
  spans: PreparedSpan<S>[];
  spanById: ReadonlyMap<string, PreparedSpan<S>>;
  /** Relations whose two ends are verified spans, in input order. */
  relations: PreparedRelation<S>[];
}

const QUOTE_PREVIEW = 40;

function preview(s: string): string {
  const cps = Array.from(s);
  return JSON.stringify(cps.length > QUOTE_PREVIEW ? `${cps.slice(0, QUOTE_PREVIEW).join("")}…` : s);
}

/** Why `span` cannot be written, or null when it is fine. */
function checkSpan(span: ExportSpanCore, index: OffsetIndex): string | null {
  const { start, end } = span;
  if (!Number.isInteger(start) || !Number.isInteger(end)) {
    return `offsets are not integers (start=${String(start)}, end=${String(end)})`;
  }
  if (start < 0 || end > index.codePointLength) {
    return `offsets [${start}, ${end}) are outside the text (${index.codePointLength} code points)`;
  }
  if (start >= end) return `empty or reversed span [${start}, ${end})`;
  const actual = index.sliceCp(start, end);
  if (actual !== span.quote) {
    return `quote mismatch at [${start}, ${end}): stored ${preview(span.quote)}, text has ${preview(actual)}`;
  }
  return null;
}

export function compareSpans(a: PreparedSpan<ExportSpanCore>, b: PreparedSpan<ExportSpanCore>): number {
  if (a.start !== b.start) return a.start - b.start;
  if (a.end !== b.end) return b.end - a.end;
  if (a.span.label !== b.span.label) return a.span.label < b.span.label ? -1 : 1;
  return a.span.id < b.span.id ? -1 : a.span.id > b.span.id ? 1 : 0;
}

/**
 * Verify a document's spans and relations, recording problems in `report` (and counting the
 * document and its verified spans). Call exactly once per document per export.
 */
export function prepareDocument<S extends ExportSpanCore>(doc: ExportDocument<S>, report: ExportReport): PreparedDocument<S> {
  const index = createOffsetIndex(doc.text);
  const spans: PreparedSpan<S>[] = [];
  const spanById = new Map<string, PreparedSpan<S>>();
  const rejected = new Set<string>();

  for (const span of doc.spans) {
    let reason = checkSpan(span, index);
    if (reason === null && spanById.has(span.id)) reason = "duplicate span id in document";
    if (reason !== null) {
      report.mismatched.push({ documentId: doc.id, spanId: span.id, reason });
      rejected.add(span.id);
      continue;
    }
    const prepared: PreparedSpan<S> = { span, start: span.start, end: span.end, text: span.quote };
    spans.push(prepared);
    spanById.set(span.id, prepared);
  }
  spans.sort(compareSpans);

  const relations: PreparedRelation<S>[] = [];
  for (const relation of doc.relations) {
    const from = spanById.get(relation.fromId);
    const to = spanById.get(relation.toId);
    if (from && to) {
      relations.push({ relation, from, to });
      continue;
    }
    const missing = !from ? relation.fromId : relation.toId;
    const end = !from ? "source" : "target";
    report.relationsDropped.push({
      documentId: doc.id,
      relationId: relation.id,
      reason: rejected.has(missing)
        ? `${end} span ${missing} was not written (see mismatched)`
        : `${end} span ${missing} is not in this document`,
    });
  }

  report.documents += 1;
  report.spans += spans.length;
  return { doc, index, spans, spanById, relations };
}

/** Converts code-point offsets of `index`'s text into the requested unit. */
export function createOffsetConverter(index: OffsetIndex, unit: ExportOffsetUnit): (cp: number) => number {
  return unit === "utf16" ? (cp) => index.toUtf16(cp) : (cp) => cp;
}
