/**
 * brat standoff, as a ZIP archive streamed with ./zip.ts (one document's files are compressed and
 * sent at a time; only the packed central directory, ~110 bytes per file, stays until the end).
 *
 * Archive contents:
 *   <stem>.txt          the exact document text (UTF-8)
 *   <stem>.ann          standoff annotations, offsets in code points (brat is Python: str indices)
 *   annotation.conf     entity / relation / attribute types (project schema + types seen in data)
 *   visual.conf         display names and label colours
 * where <stem> is an ASCII slug of the title plus the document id, unique within the archive.
 *
 * .ann lines (ids numbered per document, spans in document order):
 *   T1<TAB>Label start end<TAB>text          a span; a span containing line breaks is written as
 *                                            discontinuous fragments "s1 e1;s2 e2" split at the
 *                                            breaks, its text being the fragments joined by " "
 *   A1<TAB>attr T1 value / A1<TAB>attr T1    choice attribute / boolean attribute that is true
 *   A2<TAB>entity_type T1 person             the span's entity type
 *   #1<TAB>AnnotatorNotes T1<TAB>note        note, line breaks and tabs as spaces
 *   N1<TAB>Reference T1 Wikidata:Q42<TAB>name linked entity (Spanlab:<entity id> when it has no
 *                                            usable external id)
 *   R1<TAB>said_by Arg1:T3 Arg2:T1           relation
 * Type, attribute and value names keep letters, digits, "_" and "-"; anything else (e.g. spaces)
 * becomes "_" (noted in the report). Free-text attributes have no brat representation and are
 * left out (noted).
 */
import { strToU8 } from "fflate";
import { concatBytes } from "./bytes";
import { resolveEntityReference } from "./entity-reference";
import { listAttributes } from "./json";
import { createFileStemAllocator, createRenamer, toBratName } from "./names";
import { prepareDocument, type PreparedDocument, type PreparedSpan } from "./prepare-document";
import { addReportNote, noteCodePointOnlyFormat } from "./report";
import type {
  ExportChunk,
  ExportDocument,
  ExportLabel,
  ExportOptions,
  ExportProject,
  ExportReport,
} from "./types";
import { createZipWriter } from "./zip";

export const BRAT_ENTITY_TYPE_ATTRIBUTE = "entity_type";

/** Code-point ranges of `text` (which starts at code point `start`) between line breaks. */
export function splitAtLineBreaks(text: string, start: number): [number, number][] {
  const fragments: [number, number][] = [];
  let cp = start;
  let fragmentStart: number | null = null;
  for (const ch of text) {
    if (ch === "\n" || ch === "\r") {
      if (fragmentStart !== null) fragments.push([fragmentStart, cp]);
      fragmentStart = null;
    } else if (fragmentStart === null) {
      fragmentStart = cp;
    }
    cp += 1;
  }
  if (fragmentStart !== null) fragments.push([fragmentStart, cp]);
  return fragments;
}

function toSingleLine(value: string): string {
  return value.replace(/[\t\r\n]+/g, " ");
}

/** What the data used, so annotation.conf can declare it (small: grows with distinct names only). */
interface SchemaUsage {
  entities: Set<string>;
  /** relation type → [Arg1 types, Arg2 types] */
  relations: Map<string, [Set<string>, Set<string>]>;
  /** attribute name → {args, values (empty for binary)} */
  attributes: Map<string, { args: Set<string>; values: Set<string>; binary: boolean }>;
}

function createSchemaUsage(): SchemaUsage {
  return { entities: new Set(), relations: new Map(), attributes: new Map() };
}

function useRelation(usage: SchemaUsage, type: string, arg1: Iterable<string>, arg2: Iterable<string>): void {
  let entry = usage.relations.get(type);
  if (!entry) {
    entry = [new Set(), new Set()];
    usage.relations.set(type, entry);
  }
  for (const t of arg1) entry[0].add(t);
  for (const t of arg2) entry[1].add(t);
}

function useAttribute(usage: SchemaUsage, name: string, arg: string, value: string | null): void {
  let entry = usage.attributes.get(name);
  if (!entry) {
    entry = { args: new Set(), values: new Set(), binary: value === null };
    usage.attributes.set(name, entry);
  }
  entry.args.add(arg);
  if (value !== null) {
    entry.values.add(value);
    entry.binary = false;
  }
}

interface BratNamers {
  type: (name: string) => string;
  relation: (name: string) => string;
  attribute: (name: string) => string;
  value: (name: string) => string;
}

function declareProjectSchema(project: ExportProject, usage: SchemaUsage, names: BratNamers): void {
  for (const label of project.labels) usage.entities.add(names.type(label.name));
  const byKind = (kinds: readonly string[] | undefined): ExportLabel[] =>
    kinds && kinds.length > 0 ? project.labels.filter((l) => kinds.includes(l.kind)) : project.labels;
  for (const label of project.labels) {
    const type = names.type(label.name);
    for (const relation of label.relationTypes ?? []) {
      useRelation(
        usage,
        names.relation(relation.type),
        [type],
        byKind(relation.targetKinds).map((l) => names.type(l.name)),
      );
    }
    for (const def of label.attributes) {
      if (def.type === "text") continue;
      const name = names.attribute(def.key);
      if (def.type === "boolean") useAttribute(usage, name, type, null);
      else for (const option of def.options ?? []) useAttribute(usage, name, type, names.value(option));
      if (def.type === "choice" && (def.options ?? []).length === 0) useAttribute(usage, name, type, null);
    }
    for (const entityType of label.entityTypes) {
      useAttribute(usage, BRAT_ENTITY_TYPE_ATTRIBUTE, type, names.value(entityType));
    }
  }
}

function formatAnnotationConf(project: ExportProject, usage: SchemaUsage): string {
  const join = (s: Set<string>): string => [...s].join("|");
  const lines: string[] = [
    `# brat annotation configuration generated by Spanlab for project ${toSingleLine(project.name)} (${project.slug})`,
    "",
    "[entities]",
    ...usage.entities,
    "",
    "[relations]",
    "# Spanlab spans may overlap",
    "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>",
  ];
  for (const [type, [arg1, arg2]] of usage.relations) lines.push(`${type}\tArg1:${join(arg1)}, Arg2:${join(arg2)}`);
  lines.push("", "[events]", "", "[attributes]");
  for (const [name, { args, values, binary }] of usage.attributes) {
    lines.push(binary ? `${name}\tArg:${join(args)}` : `${name}\tArg:${join(args)}, Value:${join(values)}`);
  }
  return `${lines.join("\n")}\n`;
}

function formatVisualConf(project: ExportProject, names: BratNamers): string {
  const lines: string[] = ["[labels]"];
  for (const label of project.labels) {
    lines.push(`${names.type(label.name)} | ${toSingleLine(label.name).replace(/\|/g, "/")}`);
  }
  lines.push("", "[drawing]");
  for (const label of project.labels) {
    if (/^#[0-9a-fA-F]{3,8}$/.test(label.color)) lines.push(`${names.type(label.name)}\tbgColor:${label.color}`);
  }
  lines.push("SPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken");
  lines.push("ARC_DEFAULT\tcolor:black, arrowHead:triangle-5");
  return `${lines.join("\n")}\n`;
}

function formatAnn(
  prepared: PreparedDocument,
  usage: SchemaUsage,
  names: BratNamers,
  project: ExportProject,
  report: ExportReport,
): string {
  const { doc, index, spans, relations } = prepared;
  const labelById = new Map(project.labels.map((l) => [l.id, l]));
  const lines: string[] = [];
  const textBoundId = new Map<PreparedSpan, string>();
  let t = 0;
  let a = 0;
  let c = 0;
  let n = 0;
  let r = 0;

  for (const p of spans) {
    const { span } = p;
    const fragments = splitAtLineBreaks(p.text, p.start);
    if (fragments.length === 0) {
      addReportNote(report, `brat: span ${span.id} in document ${doc.id} contains only line breaks and was left out.`);
      continue;
    }
    const first = fragments[0];
    const last = fragments[fragments.length - 1];
    if (first?.[0] !== p.start || last?.[1] !== p.end) {
      addReportNote(
        report,
        "brat: line breaks at the very start or end of a span cannot be represented and were left out of its fragments.",
      );
    }
    const type = names.type(span.label);
    usage.entities.add(type);
    t += 1;
    const id = `T${t}`;
    textBoundId.set(p, id);
    const offsets = fragments.map(([s, e]) => `${s} ${e}`).join(";");
    const text = fragments.map(([s, e]) => index.sliceCp(s, e)).join(" ");
    lines.push(`${id}\t${type} ${offsets}\t${text}`);

    const defs = labelById.get(span.labelId)?.attributes ?? [];
    for (const [key, value] of listAttributes(span.attributes)) {
      const def = defs.find((d) => d.key === key);
      if (def?.type === "text" || (def === undefined && typeof value === "string")) {
        addReportNote(report, `brat: free-text attribute ${JSON.stringify(key)} has no brat representation and is not exported.`);
        continue;
      }
      const name = names.attribute(key);
      if (typeof value === "boolean") {
        useAttribute(usage, name, type, null);
        if (!value) continue; // binary attributes: absent means false
        a += 1;
        lines.push(`A${a}\t${name} ${id}`);
      } else {
        const v = names.value(value);
        useAttribute(usage, name, type, v);
        a += 1;
        lines.push(`A${a}\t${name} ${id} ${v}`);
      }
    }
    if (span.entityType !== null && span.entityType !== "") {
      const v = names.value(span.entityType);
      useAttribute(usage, BRAT_ENTITY_TYPE_ATTRIBUTE, type, v);
      a += 1;
      lines.push(`A${a}\t${BRAT_ENTITY_TYPE_ATTRIBUTE} ${id} ${v}`);
    }
    if (span.note !== null && span.note.trim() !== "") {
      c += 1;
      lines.push(`#${c}\tAnnotatorNotes ${id}\t${toSingleLine(span.note)}`);
    }
    const reference = resolveEntityReference(span);
    if (reference) {
      if (reference.db === "Spanlab" && (span.entityExternalId ?? "").trim() !== "") {
        addReportNote(
          report,
          "brat: some external entity ids are not a Wikidata QID/URL or DB:ID and were replaced by Spanlab:<entity id>.",
        );
      }
      n += 1;
      const refId = `${reference.db}:${reference.id}`.replace(/\s+/g, "_");
      lines.push(`N${n}\tReference ${id} ${refId}\t${toSingleLine(reference.name ?? p.text)}`);
    }
  }

  for (const { relation, from, to } of relations) {
    const fromId = textBoundId.get(from);
    const toId = textBoundId.get(to);
    if (fromId === undefined || toId === undefined) {
      report.relationsDropped.push({
        documentId: doc.id,
        relationId: relation.id,
        reason: "brat: an end consists only of line breaks and was not written",
      });
      continue;
    }
    const type = names.relation(relation.type);
    useRelation(usage, type, [names.type(from.span.label)], [names.type(to.span.label)]);
    r += 1;
    lines.push(`R${r}\t${type} Arg1:${fromId} Arg2:${toId}`);
  }
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
}

/** brat standoff files (.txt + .ann per document, plus configuration) in a streamed ZIP. */
export async function* writeBrat(
  project: ExportProject,
  docs: AsyncIterable<ExportDocument>,
  options: ExportOptions,
  report: ExportReport,
): AsyncIterable<ExportChunk> {
  noteCodePointOnlyFormat(report, options, "brat");
  const names: BratNamers = {
    type: createRenamer(report, "label", "brat", toBratName),
    relation: createRenamer(report, "relation type", "brat", toBratName),
    attribute: createRenamer(report, "attribute", "brat", toBratName),
    value: createRenamer(report, "attribute value", "brat", toBratName),
  };
  const usage = createSchemaUsage();
  declareProjectSchema(project, usage, names);
  const allocateStem = createFileStemAllocator();

  const zip = createZipWriter({ mtime: options.now });
  const file = (name: string, content: string): Uint8Array => zip.addFile(name, strToU8(content));
  for await (const doc of docs) {
    const prepared = prepareDocument(doc, report);
    const stem = allocateStem(doc.title, doc.id);
    // One chunk per document: its .txt and .ann entries.
    yield concatBytes([file(`${stem}.txt`, doc.text), file(`${stem}.ann`, formatAnn(prepared, usage, names, project, report))]);
  }
  yield concatBytes([file("annotation.conf", formatAnnotationConf(project, usage)), file("visual.conf", formatVisualConf(project, names))]);
  yield zip.finish();
}
