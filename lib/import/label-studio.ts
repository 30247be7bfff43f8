/**
 * Label Studio task JSON (a JSON array of tasks, as Label Studio exports them and as Spanlab's
 * `label-studio` export writes them) → annotated records.
 *
 *   [{"id", "data": {"text", "title"?, "source_url"?, "status"?, …meta},
 *     "annotations": [{"spanlab_annotator"? | "completed_by"?, "ground_truth"?,
 *                      "result": [regions, per-region controls, relations]}]}]
 *
 * Results, per annotation:
 *   - `type: "labels"` with `value: {start, end, text, labels: [name]}` is a span (one span per label
 *     when a region has several; the extra ones get ids "<region id>#2", … and a warning);
 *   - results that reuse a region's `id` add to that span: `from_name: "entity_type"` (choices) → entity
 *     type; `from_name: "note"` (textarea) → note; any other choices / textarea control → an attribute
 *     named after the control (`attr_` prefix removed: Spanlab writes attribute `stance` as control
 *     `attr_stance`). Choices "true" / "false" become booleans unless `attributeTypes` says the attribute
 *     is a choice;
 *   - `type: "relation"` with `from_id`, `to_id`, `labels` and `direction` ("left" swaps the ends) is a
 *     relation (one per label; "related" when it has none).
 * The annotator is `spanlab_annotator` when present, else `completed_by` (its e-mail, or its id), else null.
 *
 * Offsets are code points unless `offsets: "utf16"` is given — Label Studio itself counts JavaScript
 * string units, so use "utf16" for files made in Label Studio and for Spanlab exports made with the
 * UTF-16 option. Each span's `value.text`, when present, must equal the text at its offsets.
 */
import { createOffsetIndex, type OffsetIndex } from "@/lib/annotation/offsets";
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

export interface LabelStudioImportOptions {
  offsets?: AnnotatedOffsetUnit;
  /** The task data key holding the text (Label Studio's `$text`); default "text". */
  textKey?: string;
  /**
   * The project's attributes by key, so that control names map back to keys exactly and a choice
   * attribute whose options are "true"/"false" stays a string.
   */
  attributeTypes?: Record<string, "choice" | "boolean" | "text">;
}

const NOTE_CONTROL = "note";
const ENTITY_TYPE_CONTROL = "entity_type";

/** The control name Spanlab's writer uses for attribute `key`. */
export function labelStudioControlName(key: string): string {
  return `attr_${key.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

type Json = Record<string, unknown>;

interface RegionDraft {
  id: string;
  labelResult: Json | null;
  extras: Json[];
}

function idOf(value: unknown): string | null {
  return typeof value === "string" || typeof value === "number" ? String(value) : null;
}

function describeAnnotator(annotation: Json): string | null {
  if (typeof annotation.spanlab_annotator === "string") return annotation.spanlab_annotator;
  const by = annotation.completed_by;
  if (isPlainObject(by)) return typeof by.email === "string" ? by.email : idOf(by.id);
  return idOf(by);
}

function firstString(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) {
    const strings = value.filter((v): v is string => typeof v === "string");
    return strings.length > 0 ? strings.join("\n") : null;
  }
  return null;
}

function attributeKey(control: string, options: LabelStudioImportOptions): string {
  for (const key of Object.keys(options.attributeTypes ?? {})) {
    if (labelStudioControlName(key) === control) return key;
  }
  return control.startsWith("attr_") ? control.slice(5) : control;
}

function buildSpans(
  regions: Map<string, RegionDraft>,
  index: OffsetIndex,
  annotator: string | null,
  where: string,
  options: LabelStudioImportOptions,
  usedIds: Set<string>,
  annotationIndex: number,
  warnings: string[],
): { spans: AnnotatedSpan[]; idMap: Map<string, string> } {
  const spans: AnnotatedSpan[] = [];
  const idMap = new Map<string, string>();
  for (const region of regions.values()) {
    if (!region.labelResult) {
      warnings.push(`${where}: region ${region.id} has no "labels" result and was skipped.`);
      continue;
    }
    const value = region.labelResult.value as Json;
    const labels = Array.isArray(value.labels) ? value.labels.filter((l): l is string => typeof l === "string" && l !== "") : [];
    if (labels.length === 0) throw new ImportError("label_invalid", `${where}, region ${region.id}: "labels" must list at least one label name.`);
    const expected = typeof value.text === "string" ? value.text : null;
    const { start, end, text } = resolveSpanOffsets(index, value.start, value.end, options.offsets ?? "codepoint", expected, `${where}, region ${region.id}`);

    const attributes: Record<string, string | boolean> = {};
    let entityType: string | null = null;
    let note: string | null = null;
    for (const extra of region.extras) {
      const control = typeof extra.from_name === "string" ? extra.from_name : "";
      const v = isPlainObject(extra.value) ? extra.value : {};
      const choice = firstString(v.choices);
      const typed = extra.type === "textarea" ? firstString(v.text) : choice;
      if (typed === null) continue;
      if (control === ENTITY_TYPE_CONTROL) entityType = typed;
      else if (control === NOTE_CONTROL) note = typed;
      else {
        const key = attributeKey(control, options);
        const declared = options.attributeTypes?.[key];
        const isBoolean = extra.type !== "textarea" && (declared === "boolean" || (declared === undefined && (typed === "true" || typed === "false")));
        setOwn(attributes, key, isBoolean ? typed === "true" : typed);
      }
    }

    labels.forEach((label, i) => {
      let id = i === 0 ? region.id : `${region.id}#${i + 1}`;
      if (i > 0) warnings.push(`${where}: region ${region.id} has ${labels.length} labels; each became its own span.`);
      if (usedIds.has(id)) id = `${annotationIndex + 1}:${id}`;
      usedIds.add(id);
      if (i === 0) idMap.set(region.id, id);
      spans.push({ id, start, end, label, text, attributes: { ...attributes }, entityType, note, entity: null, annotator });
    });
  }
  return { spans, idMap };
}

/** One Label Studio task as a record. */
export function recordFromLabelStudioTask(task: unknown, index: number, options: LabelStudioImportOptions = {}): AnnotatedRecord {
  const where = `Task ${index + 1}`;
  if (!isPlainObject(task)) throw new ImportError("invalid_record", `${where} is not a JSON object.`, { record: index });
  const data = isPlainObject(task.data) ? task.data : null;
  const textKey = options.textKey ?? "text";
  const text = data?.[textKey];
  if (typeof text !== "string") {
    throw new ImportError("missing_text", `${where} has no data.${textKey} string (the text to annotate).`, { record: index });
  }
  const meta: Record<string, unknown> = {};
  let title: string | null = null;
  let sourceUrl: string | null = null;
  let status: string | null = null;
  for (const [key, value] of Object.entries(data ?? {})) {
    if (key === textKey) continue;
    // Spanlab writes title, source_url and status into data (null when unset).
    if (key === "title" && (typeof value === "string" || value === null)) title = value;
    else if (key === "source_url" && (typeof value === "string" || value === null)) sourceUrl = value;
    else if (key === "status" && (typeof value === "string" || value === null)) status = value;
    else setOwn(meta, key, value);
  }

  const offsetIndex = createOffsetIndex(text);
  const spans: AnnotatedSpan[] = [];
  const relations: AnnotatedRelation[] = [];
  const warnings: string[] = [];
  const usedIds = new Set<string>();
  const annotations = Array.isArray(task.annotations) ? task.annotations : [];
  if (Array.isArray(task.predictions) && task.predictions.length > 0) {
    warnings.push(`${where}: predictions are not imported, only annotations.`);
  }
  annotations.forEach((annotation: unknown, a) => {
    const at = `${where}, annotation ${a + 1}`;
    if (!isPlainObject(annotation)) throw new ImportError("invalid_record", `${at} is not an object.`, { record: index });
    if (annotation.was_cancelled === true) {
      warnings.push(`${at} was cancelled (skipped) in Label Studio and is not imported.`);
      return;
    }
    const results = Array.isArray(annotation.result) ? annotation.result : [];
    const regions = new Map<string, RegionDraft>();
    const relationResults: Json[] = [];
    for (const result of results) {
      if (!isPlainObject(result)) continue;
      if (result.type === "relation") {
        relationResults.push(result);
        continue;
      }
      const id = idOf(result.id);
      if (id === null || !isPlainObject(result.value)) continue;
      let region = regions.get(id);
      if (!region) {
        region = { id, labelResult: null, extras: [] };
        regions.set(id, region);
      }
      if (result.type === "labels") region.labelResult = result;
      else region.extras.push(result);
    }
    const built = buildSpans(regions, offsetIndex, describeAnnotator(annotation), at, options, usedIds, a, warnings);
    spans.push(...built.spans);
    for (const result of relationResults) {
      const rawFrom = idOf(result.from_id);
      const rawTo = idOf(result.to_id);
      const from = rawFrom === null ? undefined : built.idMap.get(rawFrom);
      const to = rawTo === null ? undefined : built.idMap.get(rawTo);
      if (from === undefined || to === undefined) {
        throw new ImportError("invalid_record", `${at}: a relation points to region ${rawFrom ?? "?"} → ${rawTo ?? "?"}, which is not a labelled region of this annotation.`, {
          record: index,
        });
      }
      const [fromId, toId] = result.direction === "left" ? [to, from] : [from, to];
      const types = Array.isArray(result.labels) ? result.labels.filter((l): l is string => typeof l === "string" && l !== "") : [];
      for (const type of types.length > 0 ? types : ["related"]) relations.push({ id: null, type, fromId, toId });
    }
  });

  return { index, id: idOf(task.id), title, text, sourceUrl, status, meta, spans, relations, warnings };
}

/** Parses a Label Studio JSON export (an array of tasks, or a single task object). */
export function parseLabelStudioTasks(source: string | unknown, options: LabelStudioImportOptions = {}): AnnotatedRecord[] {
  let value: unknown = source;
  if (typeof source === "string") {
    const trimmed = source.replace(/^\uFEFF/, "");
    if (trimmed.trim() === "") throw new ImportError("empty_file", "The file is empty. A Label Studio export is a JSON array of tasks.");
    try {
      value = JSON.parse(trimmed);
    } catch (cause) {
      throw new ImportError("json_parse", `The file is not valid JSON: ${(cause as Error).message}.`, {}, { cause });
    }
  }
  const tasks = Array.isArray(value) ? value : [value];
  return tasks.map((task, i) => recordFromLabelStudioTask(task, i, options));
}
