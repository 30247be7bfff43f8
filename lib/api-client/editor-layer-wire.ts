/**
 * The editor's layer on the wire from the server page to the browser, compact.
 *
 * A layer of 5,000 spans is ~3 MB as AnnotationDto JSON: every row repeats its keys, the document
 * id, the owner's name, ISO timestamps, and its quote, prefix and suffix — text the browser already
 * has. Embedded in the page (React's payload, the HTML, gzip, the parse in the browser) that size is
 * most of the time to an interactive editor on a long article. Here each span is one array with
 * labels and owners as indexes, times as epoch milliseconds, and no text: `decodeEditorLayer`
 * rebuilds quote, prefix and suffix from the document's text (the server guarantees
 * `text[start:end] == quote` for every stored span, and stores the 32-code-point context the same
 * way, lib/annotation/selectors.ts). Relations, entities and the assignment are few and go as is.
 */
import { buildQuoteSelector } from "@/lib/annotation/selectors";
import type { AnnotationDto, AnnotationLayerName, AssignmentDto, EntityDto, RelationDto } from "@/lib/server/annotation-dto";
import type { EditorLayer } from "./annotations";

/** [id, label index, owner index, start, end, version, createdAt ms, updatedAt ms, creator index (-1: none), note, entityId, entityType, attributes (null when empty)] */
export type WireSpan = [
  string,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  string | null,
  string | null,
  string | null,
  Record<string, string | boolean> | null,
];

export interface EditorLayerWire {
  v: 1;
  documentId: string;
  labels: string[];
  owners: { id: string | null; name: string | null; layer: AnnotationLayerName }[];
  creators: string[];
  spans: WireSpan[];
  relations: RelationDto[];
  entities: EntityDto[];
  assignment: AssignmentDto | null;
}

function indexer<K>(list: K[], key: (k: K) => string): (k: K) => number {
  const at = new Map<string, number>();
  return (k) => {
    const id = key(k);
    let i = at.get(id);
    if (i === undefined) {
      i = list.length;
      list.push(k);
      at.set(id, i);
    }
    return i;
  };
}

/** The live spans of `layer` in wire form (deleted rows are not the editor's business). */
export function encodeEditorLayer(layer: EditorLayer, documentId: string): EditorLayerWire {
  const labels: string[] = [];
  const owners: EditorLayerWire["owners"] = [];
  const creators: string[] = [];
  const label = indexer(labels, (l) => l);
  const owner = indexer(owners, (o) => `${o.layer}:${o.id ?? ""}`);
  const creator = indexer(creators, (c) => c);
  const spans: WireSpan[] = [];
  for (const a of layer.annotations) {
    if (a.deletedAt !== null) continue;
    const hasAttributes = Object.keys(a.attributes).length > 0;
    spans.push([
      a.id,
      label(a.labelId),
      owner({ id: a.ownerId, name: a.ownerName, layer: a.layer }),
      a.start,
      a.end,
      a.version,
      Date.parse(a.createdAt),
      Date.parse(a.updatedAt),
      a.createdBy === null ? -1 : creator(a.createdBy),
      a.note,
      a.entityId,
      a.entityType,
      hasAttributes ? a.attributes : null,
    ]);
  }
  return {
    v: 1,
    documentId,
    labels,
    owners,
    creators,
    spans,
    relations: layer.relations.filter((r) => r.deletedAt === null),
    entities: layer.entities,
    assignment: layer.assignment,
  };
}

/** The layer back as the editor keeps it, quotes and context cut from `text` (code points). */
export function decodeEditorLayer(wire: EditorLayerWire, text: string): EditorLayer {
  const annotations: AnnotationDto[] = wire.spans.map((s) => {
    const [id, labelIdx, ownerIdx, start, end, version, createdMs, updatedMs, creatorIdx, note, entityId, entityType, attributes] = s;
    const owner = wire.owners[ownerIdx]!;
    const q = buildQuoteSelector(text, start, end);
    return {
      id,
      documentId: wire.documentId,
      layer: owner.layer,
      ownerId: owner.id,
      ownerName: owner.name,
      labelId: wire.labels[labelIdx]!,
      start,
      end,
      quote: q.exact,
      prefix: q.prefix,
      suffix: q.suffix,
      attributes: attributes ?? {},
      note,
      entityId,
      entityType,
      version,
      createdBy: creatorIdx < 0 ? null : wire.creators[creatorIdx]!,
      createdAt: new Date(createdMs).toISOString(),
      updatedAt: new Date(updatedMs).toISOString(),
      deletedAt: null,
    };
  });
  return { annotations, relations: wire.relations, entities: wire.entities, assignment: wire.assignment };
}
