/**
 * Export formats: registry, writer lookup and report factory.
 *
 * Usage (server side):
 *   const report = createEmptyReport();
 *   for await (const chunk of getExportWriter("conll")(project, docs, options, report)) send(chunk);
 *   // report is complete once the loop ends
 *
 * Every writer reads documents one at a time and yields output as it goes; memory does not grow
 * with the number of documents. Offsets are Unicode code points unless the format supports UTF-16
 * and `options.offsets` is "utf16". Spans whose text does not match their offsets are never
 * written (see `report.mismatched`).
 */
import { writeBrat } from "./brat";
import { writeConll } from "./conll";
import { writeCsv } from "./csv";
import { writeJsonl, writeJsonlRich } from "./jsonl";
import { writeLabelStudio } from "./label-studio";
import { writeSpacy } from "./spacy";
import type { ExportSpanCore, ExportSpanFields, ExportWriter } from "./types";
import { writeW3c } from "./w3c";

export * from "./types";
export { createEmptyReport } from "./report";
export { createLabelStudioConfig } from "./label-studio";

export const EXPORT_FORMAT_IDS = [
  "jsonl",
  "jsonl-rich",
  "label-studio",
  "conll",
  "spacy",
  "brat",
  "w3c",
  "csv",
] as const;

export type ExportFormat = (typeof EXPORT_FORMAT_IDS)[number];

export interface ExportFormatInfo {
  id: ExportFormat;
  label: string;
  /** What the format is for and which tools read it. */
  description: string;
  /** File extension without the dot. */
  extension: string;
  mimeType: string;
  /** Whether `options.offsets: "utf16"` is honoured (otherwise offsets are always code points). */
  supportsUtf16Offsets: boolean;
  /** True when the output is bytes (a ZIP) rather than UTF-8 text. */
  binary?: boolean;
}

export const EXPORT_FORMATS: readonly ExportFormatInfo[] = [
  {
    id: "jsonl",
    label: "JSONL (doccano)",
    description:
      "One JSON object per document with [start, end, label] triples — imports into doccano sequence-labelling projects and is easy to load anywhere.",
    extension: "jsonl",
    mimeType: "application/jsonl",
    supportsUtf16Offsets: true,
  },
  {
    id: "jsonl-rich",
    label: "JSONL (rich)",
    description:
      "One JSON object per document with entities (attributes, notes, entity links, annotators), relations and metadata — doccano's entity/relation layout, for your own scripts and archiving.",
    extension: "jsonl",
    mimeType: "application/jsonl",
    supportsUtf16Offsets: true,
  },
  {
    id: "label-studio",
    label: "Label Studio JSON",
    description:
      "Label Studio tasks with one annotation per annotator, relations and per-region attributes; pair with the generated labelling config.",
    extension: "json",
    mimeType: "application/json",
    supportsUtf16Offsets: true,
  },
  {
    id: "conll",
    label: "CoNLL (IOB2)",
    description:
      "Token-per-line IOB2 tags in CoNLL-2003 style for sequence-labelling trainers (Hugging Face, flair, spaCy convert); overlapping and off-token spans are reported.",
    extension: "conll",
    mimeType: "text/plain",
    supportsUtf16Offsets: false,
  },
  {
    id: "spacy",
    label: "spaCy JSONL",
    description:
      "Text with character offsets for Doc.char_span: non-overlapping ents for NER plus all spans under spans['sc'] for the SpanCategorizer.",
    extension: "jsonl",
    mimeType: "application/jsonl",
    supportsUtf16Offsets: false,
  },
  {
    id: "brat",
    label: "brat standoff (ZIP)",
    description:
      "ZIP of .txt/.ann pairs with annotation.conf — opens in brat and INCEpTION, and is read by many NLP corpus tools.",
    extension: "zip",
    mimeType: "application/zip",
    supportsUtf16Offsets: false,
    binary: true,
  },
  {
    id: "w3c",
    label: "W3C Web Annotation",
    description:
      "JSON-LD AnnotationCollection with TextQuote and TextPosition selectors — for Hypothesis-style tools, linked-data stores and long-term interchange.",
    extension: "jsonld",
    mimeType: "application/ld+json",
    supportsUtf16Offsets: false,
  },
  {
    id: "csv",
    label: "CSV",
    description: "One row per span (document, annotator, label, offsets, text, attributes, note) for spreadsheets and pandas.",
    extension: "csv",
    mimeType: "text/csv",
    supportsUtf16Offsets: false,
  },
];

/** A format's writer with the span fields it reads (the database reads only those). */
export type ExportWriterEntry =
  | { spans: Extract<ExportSpanFields, "core">; write: ExportWriter<ExportSpanCore> }
  | { spans: Extract<ExportSpanFields, "full">; write: ExportWriter };

const WRITERS: Record<ExportFormat, ExportWriterEntry> = {
  jsonl: { spans: "core", write: writeJsonl },
  "jsonl-rich": { spans: "full", write: writeJsonlRich },
  "label-studio": { spans: "full", write: writeLabelStudio },
  conll: { spans: "core", write: writeConll },
  spacy: { spans: "core", write: writeSpacy },
  brat: { spans: "full", write: writeBrat },
  w3c: { spans: "full", write: writeW3c },
  csv: { spans: "full", write: writeCsv },
};

export function isExportFormat(value: unknown): value is ExportFormat {
  return typeof value === "string" && (EXPORT_FORMAT_IDS as readonly string[]).includes(value);
}

/** The writer of `format`, for documents with full spans (every writer takes those). */
export function getExportWriter(format: ExportFormat): ExportWriter {
  return WRITERS[format].write;
}

/** The writer of `format` and the span fields it needs. */
export function getExportWriterEntry(format: ExportFormat): ExportWriterEntry {
  return WRITERS[format];
}

export function getExportFormatInfo(format: ExportFormat): ExportFormatInfo {
  const info = EXPORT_FORMATS.find((f) => f.id === format);
  if (!info) throw new Error(`Unknown export format ${format}`);
  return info;
}
