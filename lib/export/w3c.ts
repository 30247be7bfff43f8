/**
 * W3C Web Annotation (JSON-LD), one AnnotationCollection document, streamed.
 *
 * Shape (chosen so it can be written front to back without knowing the total in advance, and so
 * that the nesting depth stays constant however many pages there are):
 *
 *   {"@context": "http://www.w3.org/ns/anno.jsonld",
 *    "id": <collection>, "type": "AnnotationCollection", "label": "<project> — <layer>",
 *    "first": {"id": <page 1>, "type": "AnnotationPage", "partOf": <collection>, "startIndex": 0,
 *              "items": [Annotation…], "next": <page 2>},
 *    "@included": [{"id": <page 2>, "type": "AnnotationPage", "partOf", "startIndex", "prev",
 *                   "items": […], "next": <page 3>}, …],
 *    "last": <last page>, "total": <number of annotations>}
 *
 * Pages hold `w3cPageSize` annotations (default 1000). Page 1 is embedded as `first`; later pages
 * are further nodes of the same document under JSON-LD 1.1 `@included` (absent when there is
 * one page); `last` and `total` come at the end of the object. To read every annotation:
 * `[doc.first, ...(doc["@included"] ?? [])].flatMap(p => p.items)`.
 *
 * Each span becomes
 *   {"id", "type": "Annotation", "motivation": "tagging", "created", "modified", "creator",
 *    "body": [{TextualBody label, purpose "tagging"},
 *             {TextualBody note, purpose "commenting"}            (when there is a note)
 *             {TextualBody "<key>: <value>", purpose "describing"} (one per attribute)
 *             {TextualBody entity type, purpose "classifying"}   (when set)
 *             {SpecificResource entity IRI, purpose "identifying"} (when linked)],
 *    "target": {"source": <document IRI>, "scope": <source URL>?,
 *               "selector": [{TextQuoteSelector exact, prefix, suffix (32 code points each)},
 *                            {TextPositionSelector start, end (code points)}]}}
 * and each relation an Annotation with motivation "linking" whose target is the source span's
 * annotation and whose body is the target span's annotation plus the relation type (tagging).
 *
 * Identifiers: with `options.baseUrl` — <base>/projects/<slug>/annotations (collection, pages
 * "?page=N"), <base>/annotations/<span id>, <base>/relations/<id>, <base>/projects/<slug>/
 * documents/<id>, <base>/projects/<slug>/entities/<id>; without — urn:spanlab:… equivalents.
 * Linked entities with a Wikidata QID use the Wikidata concept URI.
 */
import { resolveEntityReference } from "./entity-reference";
import { listAttributes, stringifyJson } from "./json";
import { prepareDocument, type PreparedDocument, type PreparedSpan } from "./prepare-document";
import { addReportNote, noteCodePointOnlyFormat } from "./report";
import type { ExportChunk, ExportDocument, ExportOptions, ExportProject, ExportReport } from "./types";

export const W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld";
export const DEFAULT_W3C_PAGE_SIZE = 1000;
/** Code points of context kept on each side in TextQuoteSelector prefix / suffix. */
export const QUOTE_CONTEXT_LENGTH = 32;

interface W3cIds {
  collection: string;
  page: (n: number) => string;
  annotation: (spanId: string) => string;
  relation: (relationId: string) => string;
  document: (documentId: string) => string;
  entity: (entityId: string) => string;
}

function createIds(project: ExportProject, baseUrl: string | undefined): W3cIds {
  const e = encodeURIComponent;
  const base = baseUrl?.replace(/\/+$/, "");
  if (base) {
    const projectBase = `${base}/projects/${e(project.slug)}`;
    const collection = `${projectBase}/annotations`;
    return {
      collection,
      page: (n) => `${collection}?page=${n}`,
      annotation: (id) => `${base}/annotations/${e(id)}`,
      relation: (id) => `${base}/relations/${e(id)}`,
      document: (id) => `${projectBase}/documents/${e(id)}`,
      entity: (id) => `${projectBase}/entities/${e(id)}`,
    };
  }
  const collection = `urn:spanlab:project:${e(project.id)}:annotations`;
  return {
    collection,
    page: (n) => `${collection}:page:${n}`,
    annotation: (id) => `urn:spanlab:annotation:${e(id)}`,
    relation: (id) => `urn:spanlab:relation:${e(id)}`,
    document: (id) => `urn:spanlab:document:${e(id)}`,
    entity: (id) => `urn:spanlab:entity:${e(id)}`,
  };
}

type Json = Record<string, unknown>;

function describeCreator(annotator: string): Json {
  return annotator === "gold"
    ? { type: "Software", name: "Spanlab gold layer" }
    : { type: "Person", name: annotator };
}

function textualBody(value: string, purpose: string): Json {
  return { type: "TextualBody", value, format: "text/plain", purpose };
}

function buildSpanAnnotation(p: PreparedSpan, prepared: PreparedDocument, ids: W3cIds): Json {
  const { span } = p;
  const { index, doc } = prepared;
  const body: Json[] = [textualBody(span.label, "tagging")];
  if (span.note !== null && span.note !== "") body.push(textualBody(span.note, "commenting"));
  for (const [key, value] of listAttributes(span.attributes)) {
    body.push(textualBody(`${key}: ${String(value)}`, "describing"));
  }
  if (span.entityType !== null && span.entityType !== "") body.push(textualBody(span.entityType, "classifying"));
  const reference = resolveEntityReference(span);
  if (reference && span.entityId !== null) {
    body.push({ type: "SpecificResource", source: reference.iri ?? ids.entity(span.entityId), purpose: "identifying" });
  }

  const quote: Json = { type: "TextQuoteSelector", exact: p.text };
  const prefix = index.sliceCp(Math.max(0, p.start - QUOTE_CONTEXT_LENGTH), p.start);
  const suffix = index.sliceCp(p.end, Math.min(index.codePointLength, p.end + QUOTE_CONTEXT_LENGTH));
  if (prefix !== "") quote.prefix = prefix;
  if (suffix !== "") quote.suffix = suffix;

  const target: Json = { source: ids.document(doc.id) };
  if (doc.sourceUrl) target.scope = doc.sourceUrl;
  target.selector = [quote, { type: "TextPositionSelector", start: p.start, end: p.end }];

  return {
    id: ids.annotation(span.id),
    type: "Annotation",
    motivation: "tagging",
    created: span.createdAt.toISOString(),
    modified: span.updatedAt.toISOString(),
    creator: describeCreator(span.annotator),
    body,
    target,
  };
}

function* buildAnnotations(prepared: PreparedDocument, ids: W3cIds): Generator<Json> {
  for (const p of prepared.spans) yield buildSpanAnnotation(p, prepared, ids);
  for (const { relation, from, to } of prepared.relations) {
    yield {
      id: ids.relation(relation.id),
      type: "Annotation",
      motivation: "linking",
      creator: describeCreator(from.span.annotator),
      body: [ids.annotation(to.span.id), textualBody(relation.type, "tagging")],
      target: ids.annotation(from.span.id),
    };
  }
}

function resolvePageSize(options: ExportOptions, report: ExportReport): number {
  const size = options.w3cPageSize;
  if (size === undefined) return DEFAULT_W3C_PAGE_SIZE;
  if (Number.isInteger(size) && size >= 1) return size;
  addReportNote(report, `W3C: page size ${String(size)} is not a positive integer; ${DEFAULT_W3C_PAGE_SIZE} was used.`);
  return DEFAULT_W3C_PAGE_SIZE;
}

/** W3C Web Annotation AnnotationCollection (JSON-LD), paged as documented above. */
export async function* writeW3c(
  project: ExportProject,
  docs: AsyncIterable<ExportDocument>,
  options: ExportOptions,
  report: ExportReport,
): AsyncIterable<ExportChunk> {
  noteCodePointOnlyFormat(report, options, "W3C Web Annotation (TextPositionSelector counts code points)");
  const pageSize = resolvePageSize(options, report);
  const ids = createIds(project, options.baseUrl);
  const j = stringifyJson;
  const openPage = (n: number, startIndex: number): string =>
    `{"id":${j(ids.page(n))},"type":"AnnotationPage","partOf":${j(ids.collection)},"startIndex":${startIndex}` +
    `${n > 1 ? `,"prev":${j(ids.page(n - 1))}` : ""},"items":[`;

  yield `{"@context":${j(W3C_CONTEXT)},"id":${j(ids.collection)},"type":"AnnotationCollection",` +
    `"label":${j(`${project.name} — ${options.layerDescription}`)},\n"first":${openPage(1, 0)}`;
  let page = 1;
  let inPage = 0;
  let total = 0;
  for await (const doc of docs) {
    const parts: string[] = [];
    for (const annotation of buildAnnotations(prepareDocument(doc, report), ids)) {
      if (inPage === pageSize) {
        parts.push(`\n],"next":${j(ids.page(page + 1))}}`, page === 1 ? `,\n"@included":[\n` : ",\n");
        page += 1;
        inPage = 0;
        parts.push(openPage(page, total));
      }
      parts.push(`${inPage === 0 ? "" : ","}\n${j(annotation)}`);
      inPage += 1;
      total += 1;
    }
    if (parts.length > 0) yield parts.join("");
  }
  yield `${inPage === 0 ? "" : "\n"}]}${page > 1 ? "\n]" : ""},\n"last":${j(ids.page(page))},"total":${total}}\n`;
}
