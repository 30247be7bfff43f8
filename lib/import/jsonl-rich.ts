/**
 * Spanlab's rich JSONL (the `jsonl-rich` export; doccano's entity/relation layout plus details),
 * one document per line:
 *
 *   {"id", "text",
 *    "entities": [{"id", "start_offset", "end_offset", "label", "attributes", "entity_id", "entity_name",
 *                  "entity_external_id", "entity_type", "note", "annotator", …}],
 *    "relations": [{"id", "from_id", "to_id", "type"}],
 *    "meta": {"title", "source_url", "status", …other metadata}}
 *
 * Only `text` is required; doccano's own entity/relation JSONL (entities with integer ids, no
 * attributes) reads too. Offsets are code points unless `offsets: "utf16"` is given (the export's
 * UTF-16 option). Lines are read one at a time; blank lines are skipped.
 */
import { createOffsetIndex } from "@/lib/annotation/offsets";
import type { ByteSource } from "./byte-source";
import { decodeUtf8Stream } from "./decode";
import { ImportError } from "./errors";
import {
  isPlainObject,
  resolveSpanOffsets,
  setOwn,
  type AnnotatedOffsetUnit,
  type AnnotatedRecord,
  type AnnotatedRelation,
  type AnnotatedSpan,
} from "./annotated-record";

export interface JsonlRichOptions {
  offsets?: AnnotatedOffsetUnit;
}

function optionalString(value: unknown, what: string, where: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw new ImportError("invalid_record", `${where}: "${what}" must be a string or null.`);
  return value;
}

function idOf(value: unknown): string | null {
  return typeof value === "string" || typeof value === "number" ? String(value) : null;
}

function readAttributes(value: unknown, where: string): Record<string, string | boolean> {
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) throw new ImportError("invalid_record", `${where}: "attributes" must be an object of strings and booleans.`);
  const out: Record<string, string | boolean> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== "string" && typeof v !== "boolean") {
      throw new ImportError("invalid_record", `${where}: attribute "${key}" must be a string or a boolean, got ${JSON.stringify(v)}.`);
    }
    setOwn(out, key, v);
  }
  return out;
}

/** One parsed JSON line as a record. `line` is 1-based, for messages. */
export function recordFromJsonlRich(value: unknown, index: number, line: number, options: JsonlRichOptions = {}): AnnotatedRecord {
  const at = `Line ${line}`;
  const details = { line };
  if (!isPlainObject(value)) throw new ImportError("invalid_record", `${at} is not a JSON object.`, details);
  if (typeof value.text !== "string") {
    throw new ImportError("missing_text", `${at} has no "text" string (the document text).`, details);
  }
  const text = value.text;
  const index16 = createOffsetIndex(text);
  const unit = options.offsets ?? "codepoint";

  const meta: Record<string, unknown> = {};
  if (value.meta !== undefined && value.meta !== null) {
    if (!isPlainObject(value.meta)) throw new ImportError("invalid_record", `${at}: "meta" must be an object.`, details);
    for (const [k, v] of Object.entries(value.meta)) setOwn(meta, k, v);
  }
  const take = (key: string): string | null => {
    // Spanlab writes these three into meta (null when unset); they are the record's own fields.
    const v = meta[key];
    if (typeof v !== "string" && v !== null) return null;
    delete meta[key];
    return v;
  };
  const title = optionalString(value.title, "title", at) ?? take("title");
  const sourceUrl = optionalString(value.source_url, "source_url", at) ?? take("source_url");
  const status = take("status");

  const rawEntities = value.entities ?? [];
  if (!Array.isArray(rawEntities)) throw new ImportError("invalid_record", `${at}: "entities" must be a list.`, details);
  const spans: AnnotatedSpan[] = rawEntities.map((raw: unknown, i): AnnotatedSpan => {
    const where = `${at}, entity ${i + 1}`;
    if (!isPlainObject(raw)) throw new ImportError("label_invalid", `${where} is not an object.`, { ...details, labelIndex: i });
    if (typeof raw.label !== "string" || raw.label === "") {
      throw new ImportError("label_invalid", `${where}: "label" must be a non-empty string.`, { ...details, labelIndex: i });
    }
    const { start, end, text: spanText } = resolveSpanOffsets(index16, raw.start_offset, raw.end_offset, unit, null, where, { ...details, labelIndex: i });
    const entityId = idOf(raw.entity_id);
    const entityName = optionalString(raw.entity_name, "entity_name", where);
    const externalId = optionalString(raw.entity_external_id, "entity_external_id", where);
    return {
      id: idOf(raw.id) ?? `entity-${i + 1}`,
      start,
      end,
      label: raw.label,
      text: spanText,
      attributes: readAttributes(raw.attributes, where),
      entityType: optionalString(raw.entity_type, "entity_type", where),
      note: optionalString(raw.note, "note", where),
      entity: entityId !== null || entityName !== null || externalId !== null ? { id: entityId, name: entityName, externalId } : null,
      annotator: optionalString(raw.annotator, "annotator", where),
    };
  });
  const spanIds = new Set(spans.map((s) => s.id));
  if (spanIds.size !== spans.length) throw new ImportError("label_invalid", `${at}: two entities have the same "id".`, details);

  const rawRelations = value.relations ?? [];
  if (!Array.isArray(rawRelations)) throw new ImportError("invalid_record", `${at}: "relations" must be a list.`, details);
  const relations: AnnotatedRelation[] = rawRelations.map((raw: unknown, i): AnnotatedRelation => {
    const where = `${at}, relation ${i + 1}`;
    if (!isPlainObject(raw)) throw new ImportError("invalid_record", `${where} is not an object.`, details);
    const fromId = idOf(raw.from_id);
    const toId = idOf(raw.to_id);
    if (fromId === null || toId === null || !spanIds.has(fromId) || !spanIds.has(toId)) {
      throw new ImportError("invalid_record", `${where}: "from_id" and "to_id" must be ids of entities on the same line.`, details);
    }
    if (typeof raw.type !== "string" || raw.type === "") throw new ImportError("invalid_record", `${where}: "type" must be a non-empty string.`, details);
    return { id: idOf(raw.id), type: raw.type, fromId, toId };
  });

  return { index, id: idOf(value.id), title, text, sourceUrl, status, meta, spans, relations, warnings: [] };
}

async function* textPieces(source: string | ByteSource): AsyncGenerator<string> {
  if (typeof source === "string") yield source;
  else yield* decodeUtf8Stream(source);
}

/** Parses rich JSONL (a string or a byte stream) into records, one line at a time. */
export async function* parseJsonlRich(source: string | ByteSource, options: JsonlRichOptions = {}): AsyncGenerator<AnnotatedRecord> {
  let partial: string[] = [];
  let line = 0;
  let index = 0;
  const handle = (raw: string): AnnotatedRecord | null => {
    line += 1;
    const text = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (text.trim() === "") return null;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (cause) {
      throw new ImportError("json_parse", `Line ${line} is not valid JSON: ${(cause as Error).message}. Each line must hold one JSON object.`, { line }, { cause });
    }
    return recordFromJsonlRich(value, index++, line, options);
  };
  // Only the current line is held (pieces of it until its "\n" arrives).
  for await (const piece of textPieces(source)) {
    let from = 0;
    for (let nl = piece.indexOf("\n"); nl !== -1; nl = piece.indexOf("\n", from)) {
      partial.push(piece.slice(from, nl));
      const record = handle(partial.join(""));
      partial = [];
      from = nl + 1;
      if (record) yield record;
    }
    if (from < piece.length) partial.push(piece.slice(from));
  }
  if (partial.length > 0) {
    const record = handle(partial.join(""));
    if (record) yield record;
  }
}
