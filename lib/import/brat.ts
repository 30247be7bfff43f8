/**
 * brat standoff (.txt + .ann pairs, as brat, INCEpTION and Spanlab's `brat` export write them) →
 * annotated records. Offsets in .ann files are code points (brat is Python), into the .txt file's
 * exact text.
 *
 * .ann lines read:
 *   T1<TAB>Type start end[;start end…]<TAB>text   a span. Fragments are joined back into one span from
 *                                             the first start to the last end (Spanlab splits spans at
 *                                             line breaks and joins the fragments' texts with " ");
 *                                             when a gap holds more than whitespace a warning says so.
 *   A1<TAB>Name T1 [Value]                    attribute (no value: a binary attribute, true);
 *                                             `entity_type` is the span's entity type
 *   #1<TAB>AnnotatorNotes T1<TAB>note           note
 *   N1<TAB>Reference T1 DB:ID<TAB>name          entity link
 *   R1<TAB>Type Arg1:T1 Arg2:T2                relation
 * Events (E), equivalences (*) and modifications (M) have no Spanlab equivalent: skipped with a warning.
 *
 * brat names allow letters, digits, "_" and "-" only, so exporters rename ("Public Figure" →
 * "Public_Figure"). Pass the project's names in `names` to map them back exactly.
 */
import { createOffsetIndex } from "@/lib/annotation/offsets";
import { toBratName } from "@/lib/export/names";
import { ImportError } from "./errors";
import { resolveSpanOffsets, setOwn, type AnnotatedRecord, type AnnotatedRelation, type AnnotatedSpan } from "./annotated-record";

export interface BratNameHints {
  labels?: readonly string[];
  relationTypes?: readonly string[];
  attributeKeys?: readonly string[];
  /** Attribute values and entity types. */
  values?: readonly string[];
}

export interface BratImportOptions {
  names?: BratNameHints;
}

export const BRAT_ENTITY_TYPE_ATTRIBUTE = "entity_type";
const CONFIG_FILES = new Set(["annotation.conf", "visual.conf", "tools.conf", "kb_shortcuts.conf"]);

/** Maps brat names back to the original names that produce them (unique matches only). */
function createUnrenamer(originals: readonly string[] | undefined): (name: string) => string {
  const byBrat = new Map<string, string | null>();
  for (const original of originals ?? []) {
    const brat = toBratName(original);
    const existing = byBrat.get(brat);
    byBrat.set(brat, existing === undefined || existing === original ? original : null);
  }
  return (name) => byBrat.get(name) ?? name;
}

function fail(file: string, line: number, message: string): never {
  throw new ImportError("invalid_record", `${file}, line ${line}: ${message}`, { line });
}

interface SpanDraft {
  span: AnnotatedSpan;
}

/**
 * One document: its text (the .txt file's content, exactly) and its .ann file. `name` (e.g. the file
 * stem) is used in messages and as the record id.
 */
export function parseBratDocument(text: string, ann: string, name: string, index = 0, options: BratImportOptions = {}): AnnotatedRecord {
  const offsetIndex = createOffsetIndex(text);
  const unrename = {
    label: createUnrenamer(options.names?.labels),
    relation: createUnrenamer(options.names?.relationTypes),
    attribute: createUnrenamer(options.names?.attributeKeys),
    value: createUnrenamer(options.names?.values),
  };
  const file = `${name}.ann`;
  const spans = new Map<string, SpanDraft>();
  const relations: AnnotatedRelation[] = [];
  const warnings: string[] = [];
  const pending: { line: number; fields: string[] }[] = [];

  const lines = ann.split("\n");
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.trim() === "") return;
    const fields = line.split("\t");
    const id = fields[0] ?? "";
    if (id.startsWith("T")) {
      const [type = "", ...ranges] = (fields[1] ?? "").split(" ");
      const spec = ranges.join(" ");
      if (type === "" || spec === "") fail(file, lineNo, `"${id}" needs a type and offsets, like "T1<TAB>Claim 0 5<TAB>text".`);
      const fragments = spec.split(";").map((part) => {
        const m = /^(\d+) (\d+)$/.exec(part.trim());
        if (!m) fail(file, lineNo, `"${part}" is not a "start end" offset pair.`);
        return [Number(m[1]), Number(m[2])] as [number, number];
      });
      const givenText = fields.length > 2 ? fields.slice(2).join("\t") : null;
      const where = `${file}, line ${lineNo} (${id})`;
      const parts = fragments.map(([s, e]) => resolveSpanOffsets(offsetIndex, s, e, "codepoint", null, where, { line: lineNo }));
      if (givenText !== null && parts.map((p) => p.text).join(" ") !== givenText) {
        throw new ImportError(
          "label_out_of_range",
          `${where}: the .ann text ${JSON.stringify(givenText.slice(0, 60))} does not match the .txt file at those offsets. Is the .txt file the one this .ann was made for?`,
          { line: lineNo },
        );
      }
      const start = Math.min(...parts.map((p) => p.start));
      const end = Math.max(...parts.map((p) => p.end));
      if (parts.length > 1) {
        const sorted = [...parts].sort((a, b) => a.start - b.start);
        for (let k = 1; k < sorted.length; k++) {
          const gap = offsetIndex.sliceCp(sorted[k - 1]!.end, sorted[k]!.start);
          if (/\S/u.test(gap)) {
            warnings.push(`${where}: discontinuous span joined into one; the text between its fragments (${JSON.stringify(gap.slice(0, 40))}) is now part of it.`);
            break;
          }
        }
      }
      if (spans.has(id)) fail(file, lineNo, `the id ${id} is used twice.`);
      spans.set(id, {
        span: {
          id,
          start,
          end,
          label: unrename.label(type),
          text: offsetIndex.sliceCp(start, end),
          attributes: {},
          entityType: null,
          note: null,
          entity: null,
          annotator: null,
        },
      });
    } else if (/^[AMR#N*E]/.test(id)) {
      pending.push({ line: lineNo, fields });
    } else {
      fail(file, lineNo, `unknown annotation id "${id}" (brat ids start with T, R, A, #, N, E, M or *).`);
    }
  });

  const target = (ref: string, lineNo: number): AnnotatedSpan => {
    const draft = spans.get(ref);
    if (!draft) fail(file, lineNo, `refers to ${ref}, which is not a text-bound annotation (T…) in this file.`);
    return draft.span;
  };

  for (const { line: lineNo, fields } of pending) {
    const id = fields[0] ?? "";
    const args = (fields[1] ?? "").split(" ").filter((p) => p !== "");
    if (id.startsWith("A") || id.startsWith("M")) {
      const [name = "", ref = "", value] = args;
      const span = target(ref, lineNo);
      if (name === BRAT_ENTITY_TYPE_ATTRIBUTE) {
        span.entityType = value === undefined ? null : unrename.value(value);
      } else {
        setOwn(span.attributes, unrename.attribute(name), value === undefined ? true : unrename.value(value));
      }
    } else if (id.startsWith("#")) {
      const [kind = "", ref = ""] = args;
      if (kind !== "AnnotatorNotes") {
        warnings.push(`${file}, line ${lineNo}: comment type ${kind} is read as a note.`);
      }
      const span = spans.get(ref)?.span;
      if (!span) {
        warnings.push(`${file}, line ${lineNo}: a note on ${ref}, which is not a span, was skipped.`);
        continue;
      }
      const note = fields.slice(2).join("\t");
      span.note = span.note === null ? note : `${span.note}\n${note}`;
    } else if (id.startsWith("N")) {
      const [, ref = "", reference = ""] = args;
      const span = target(ref, lineNo);
      const name = fields.length > 2 ? fields.slice(2).join("\t") : null;
      const colon = reference.indexOf(":");
      const db = colon === -1 ? "" : reference.slice(0, colon);
      const externalId = colon === -1 ? reference : reference.slice(colon + 1);
      span.entity = {
        id: db === "Spanlab" ? externalId : null,
        name,
        externalId: db === "Spanlab" ? null : db === "Wikidata" ? externalId : reference,
      };
    } else if (id.startsWith("R")) {
      const [type = "", a1 = "", a2 = ""] = args;
      const m1 = /^[^:]+:(\S+)$/.exec(a1);
      const m2 = /^[^:]+:(\S+)$/.exec(a2);
      if (!m1?.[1] || !m2?.[1]) fail(file, lineNo, `a relation needs two arguments, like "R1<TAB>said_by Arg1:T1 Arg2:T2".`);
      const from = target(m1[1], lineNo);
      const to = target(m2[1], lineNo);
      relations.push({ id, type: unrename.relation(type), fromId: from.id, toId: to.id });
    } else {
      warnings.push(`${file}, line ${lineNo}: ${id.startsWith("E") ? "events" : "equivalence sets"} have no Spanlab equivalent and were skipped.`);
    }
  }

  return {
    index,
    id: name,
    title: null,
    text,
    sourceUrl: null,
    status: null,
    meta: {},
    spans: [...spans.values()].map((d) => d.span),
    relations,
    warnings,
  };
}

/**
 * A brat collection: `files` maps paths to contents (e.g. from `unzipSync`). Every `<stem>.ann` with a
 * `<stem>.txt` beside it is one record, in path order; configuration files are ignored; a .txt without
 * .ann is a document without annotations; an .ann without .txt is an error.
 */
export function parseBratFiles(files: Record<string, Uint8Array | string>, options: BratImportOptions = {}): AnnotatedRecord[] {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const read = (path: string): string => {
    const content = files[path];
    if (content === undefined) return "";
    try {
      return typeof content === "string" ? content : decoder.decode(content);
    } catch (cause) {
      throw new ImportError("invalid_utf8", `${path} is not valid UTF-8. brat files must be UTF-8.`, {}, { cause });
    }
  };
  const stems = new Set<string>();
  for (const path of Object.keys(files)) {
    const base = path.split("/").pop() ?? path;
    if (CONFIG_FILES.has(base) || path.endsWith("/")) continue;
    if (path.endsWith(".ann") || path.endsWith(".txt")) stems.add(path.slice(0, -4));
  }
  const records: AnnotatedRecord[] = [];
  for (const stem of [...stems].sort()) {
    if (files[`${stem}.txt`] === undefined) {
      throw new ImportError("invalid_record", `${stem}.ann has no ${stem}.txt beside it; brat needs the text file to read the offsets.`);
    }
    const name = stem.split("/").pop() ?? stem;
    records.push(parseBratDocument(read(`${stem}.txt`), read(`${stem}.ann`), name, records.length, options));
  }
  if (records.length === 0) throw new ImportError("empty_file", "No brat documents found: expected <name>.txt files with <name>.ann beside them.");
  return records;
}
