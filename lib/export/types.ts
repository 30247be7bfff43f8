/**
 * Input model and report for the export writers.
 *
 * The server maps database rows into these plain objects; the writers never touch the database.
 *
 * Units: every `start` / `end` in this model is a Unicode CODE POINT offset into the exact
 * `ExportDocument.text` (Python's `text[start:end]`), never a UTF-16 index.
 */

export type ExportLabelKind = "claim" | "quote" | "entity" | "other";

/** A typed attribute spans of a label may carry. Values live in {@link ExportSpan.attributes}. */
export interface ExportAttributeDefinition {
  key: string;
  /** Human-readable name; defaults to `key`. */
  name?: string;
  type: "choice" | "boolean" | "text";
  /** Allowed values of a `choice` attribute. */
  options?: string[];
}

/** A relation that spans of the owning label may start. */
export interface ExportRelationType {
  type: string;
  /** Kinds of label the relation may point to; empty or absent = any label. */
  targetKinds?: ExportLabelKind[];
}

export interface ExportLabel {
  id: string;
  name: string;
  kind: ExportLabelKind;
  /** CSS colour, e.g. "#d97706". */
  color: string;
  entityTypes: string[];
  attributes: ExportAttributeDefinition[];
  /** Relations starting at spans of this label. */
  relationTypes?: ExportRelationType[];
}

export interface ExportProject {
  id: string;
  name: string;
  slug: string;
  labels: ExportLabel[];
}

/**
 * What every writer needs of a span. Formats that write only offsets and labels (jsonl, spacy, conll)
 * are given just this, so a large export does not read, parse and hold the rest.
 */
export interface ExportSpanCore {
  id: string;
  /** Code points into the document text. */
  start: number;
  /** Code points into the document text (exclusive). */
  end: number;
  labelId: string;
  /** Label name as shown to annotators. */
  label: string;
  /** Must equal `text[start:end]` (code points); spans where it does not are never written. */
  quote: string;
}

/** Which span fields a writer reads: `core` ({@link ExportSpanCore}) or `full` ({@link ExportSpan}). */
export type ExportSpanFields = "core" | "full";

/** A span with everything Spanlab stores of it. */
export interface ExportSpan extends ExportSpanCore {
  attributes: Record<string, string | boolean>;
  note: string | null;
  entityId: string | null;
  entityName?: string | null;
  /**
   * External identifier of the linked entity, as typed by the team: a Wikidata QID ("Q42"), a
   * Wikidata URL, or a namespaced id ("GND:118540238").
   */
  entityExternalId?: string | null;
  entityType: string | null;
  /** E-mail address of the annotator, or "gold" for the adjudicated layer. */
  annotator: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface ExportRelation {
  id: string;
  type: string;
  /** Span id. */
  fromId: string;
  /** Span id. */
  toId: string;
}

export interface ExportDocument<S extends ExportSpanCore = ExportSpan> {
  id: string;
  title: string;
  /** The exact document text; all offsets point into it. */
  text: string;
  sourceUrl: string | null;
  meta: Record<string, unknown>;
  status: string;
  spans: S[];
  relations: ExportRelation[];
  /**
   * How many of the document's spans have attributes, a note or an entity link, when `spans` are
   * {@link ExportSpanCore} and so do not show it; undefined when they are full spans.
   */
  spansWithDetails?: number;
}

export type ExportOffsetUnit = "codepoint" | "utf16";

export interface ExportOptions {
  /**
   * Unit of written offsets. `utf16` (JavaScript string indices) is honoured only by formats whose
   * registry entry has `supportsUtf16Offsets`; the others always write code points and add a note.
   */
  offsets: ExportOffsetUnit;
  /** Which annotation layer the documents carry, e.g. "gold" or "all annotators". */
  layerDescription: string;
  /** Export time (injected so output is reproducible). */
  now: Date;
  /** Public base URL of the Spanlab instance (no trailing slash needed); used for W3C ids. */
  baseUrl?: string;
  /**
   * Label names in priority order for formats that can hold only non-overlapping spans (CoNLL tag
   * column, spaCy `ents`). Listed labels beat unlisted ones; see `selectNonOverlapping`.
   */
  labelPriority?: string[];
  /** W3C: annotations per AnnotationPage (default 1000). */
  w3cPageSize?: number;
}

export interface MismatchedSpan {
  documentId: string;
  spanId: string;
  reason: string;
}

export interface MisalignedSpan {
  documentId: string;
  spanId: string;
  label: string;
  start: number;
  end: number;
  text: string;
}

export interface DroppedOverlap {
  documentId: string;
  spanId: string;
  label: string;
  start: number;
  end: number;
  /** The span kept in its place. */
  keptSpanId: string;
}

export interface DroppedRelation {
  documentId: string;
  relationId: string;
  reason: string;
}

export interface ExportReport {
  /** Documents read. */
  documents: number;
  /** Spans that passed verification (in range, `quote` matches the text). */
  spans: number;
  /** Spans not written because their offsets or quote do not match the text. */
  mismatched: MismatchedSpan[];
  /** CoNLL: spans whose start or end is not on a token boundary (not tagged). */
  misaligned: MisalignedSpan[];
  misalignedByLabel: Record<string, number>;
  /** CoNLL tag column / spaCy `ents`: spans left out because a preferred span overlaps them. */
  overlapsDropped: DroppedOverlap[];
  /** Relations not written because an end is missing, not written, or in another layer. */
  relationsDropped: DroppedRelation[];
  /** Human-readable remarks about lossy or non-obvious conversions (deduplicated). */
  notes: string[];
}

/** One chunk of output: text (to be encoded as UTF-8) or bytes (binary formats). */
export type ExportChunk = string | Uint8Array;

/**
 * A format writer. Reads documents one at a time and yields output as it goes; fills `report`
 * while running (complete once the returned iterable is exhausted).
 */
export type ExportWriter<S extends ExportSpanCore = ExportSpan> = (
  project: ExportProject,
  docs: AsyncIterable<ExportDocument<S>>,
  options: ExportOptions,
  report: ExportReport,
) => AsyncIterable<ExportChunk>;
