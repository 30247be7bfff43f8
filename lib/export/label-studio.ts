/**
 * Label Studio task JSON (import format), streamed as one JSON array:
 *
 *   [{"id": <document id>,
 *     "data": {"text", "title", "source_url", "status", …meta},
 *     "annotations": [{"spanlab_annotator", "ground_truth", "created_at", "updated_at",
 *                      "result": [regions…, per-region attributes…, relations…]}]}, …]
 *
 * One annotation per annotator present in the document (the gold layer has `ground_truth: true`).
 * `completed_by` is left out: Label Studio expects one of its own numeric user ids there; the
 * Spanlab annotator is kept in `spanlab_annotator`.
 *
 * Results (control names match {@link createLabelStudioConfig}):
 *   - region:   {id, from_name: "label", to_name: "text", type: "labels",
 *                value: {start, end, text, labels: [name]}}
 *   - per-region attributes reuse the region id (Label Studio's convention):
 *       choice / boolean attribute → type "choices", from_name "attr_<key>",
 *                                    value {start, end, text, choices: [value]} ("true"/"false")
 *       text attribute             → type "textarea", from_name "attr_<key>",
 *                                    value {start, end, text: [value]}
 *       entity type                → type "choices", from_name "entity_type"
 *       note                       → type "textarea", from_name "note"
 *   - relation: {type: "relation", from_id, to_id, direction: "right", labels: [type]}
 *     (only between spans of the same annotator; others are reported).
 *
 * Offsets are code points unless `options.offsets` is "utf16".
 */
import { mergeDocumentMeta, listAttributes, stringifyJson } from "./json";
import { createOffsetConverter, prepareDocument, type PreparedDocument, type PreparedSpan } from "./prepare-document";
import { addReportNote } from "./report";
import type {
  ExportChunk,
  ExportDocument,
  ExportLabel,
  ExportOptions,
  ExportProject,
  ExportReport,
} from "./types";

const LABELS_CONTROL = "label";
const TEXT_OBJECT = "text";
const NOTE_CONTROL = "note";
const ENTITY_TYPE_CONTROL = "entity_type";

type ControlKind = "choice" | "boolean" | "text";

interface AttributeControl {
  name: string;
  /** Header shown above the control: the attribute's display name. */
  title: string;
  kind: ControlKind;
  /** Choice values in schema order (boolean: "true", "false"). */
  options: string[];
}

interface ControlPlan {
  attributes: Map<string, AttributeControl>;
  entityTypes: string[];
  /** Attribute keys defined with different types on different labels. */
  conflicts: string[];
}

/** Control name for attribute `key`: "attr_" + key with characters outside [A-Za-z0-9_-] as "_". */
function toControlName(key: string): string {
  return `attr_${key.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

function planControls(project: ExportProject): ControlPlan {
  const attributes = new Map<string, AttributeControl>();
  const entityTypes: string[] = [];
  const conflicts: string[] = [];
  for (const label of project.labels) {
    for (const type of label.entityTypes) if (!entityTypes.includes(type)) entityTypes.push(type);
    for (const def of label.attributes) {
      const options = def.type === "boolean" ? ["true", "false"] : def.type === "choice" ? (def.options ?? []) : [];
      const existing = attributes.get(def.key);
      if (!existing) {
        attributes.set(def.key, {
          name: toControlName(def.key),
          title: def.name ?? def.key,
          kind: def.type,
          options: [...options],
        });
        continue;
      }
      if (existing.kind !== def.type) {
        if (!conflicts.includes(def.key)) conflicts.push(def.key);
        continue;
      }
      for (const option of options) if (!existing.options.includes(option)) existing.options.push(option);
    }
  }
  return { attributes, entityTypes, conflicts };
}

function escapeXml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

function collectRelationTypes(labels: readonly ExportLabel[]): string[] {
  const types: string[] = [];
  for (const label of labels) {
    for (const relation of label.relationTypes ?? []) if (!types.includes(relation.type)) types.push(relation.type);
  }
  return types;
}

/**
 * A Label Studio labelling configuration (XML) matching the results this writer produces: paste it
 * into the project's Labeling Interface before importing the tasks.
 */
export function createLabelStudioConfig(project: ExportProject): string {
  const plan = planControls(project);
  const lines: string[] = ["<View>", "  <Style>.htx-text { white-space: pre-wrap; }</Style>"];
  lines.push(`  <Labels name="${LABELS_CONTROL}" toName="${TEXT_OBJECT}">`);
  for (const label of project.labels) {
    lines.push(`    <Label value="${escapeXml(label.name)}" background="${escapeXml(label.color)}"/>`);
  }
  lines.push("  </Labels>", `  <Text name="${TEXT_OBJECT}" value="$text"/>`);
  const relationTypes = collectRelationTypes(project.labels);
  if (relationTypes.length > 0) {
    lines.push("  <Relations>");
    for (const type of relationTypes) lines.push(`    <Relation value="${escapeXml(type)}"/>`);
    lines.push("  </Relations>");
  }
  lines.push('  <View visibleWhen="region-selected">');
  const choices = (name: string, title: string, options: readonly string[]): void => {
    lines.push(`    <Header value="${escapeXml(title)}"/>`);
    lines.push(`    <Choices name="${name}" toName="${TEXT_OBJECT}" perRegion="true" choice="single">`);
    for (const option of options) lines.push(`      <Choice value="${escapeXml(option)}"/>`);
    lines.push("    </Choices>");
  };
  const textArea = (name: string, title: string): void => {
    lines.push(`    <Header value="${escapeXml(title)}"/>`);
    lines.push(`    <TextArea name="${name}" toName="${TEXT_OBJECT}" perRegion="true" editable="true"/>`);
  };
  if (plan.entityTypes.length > 0) choices(ENTITY_TYPE_CONTROL, "Entity type", plan.entityTypes);
  for (const control of plan.attributes.values()) {
    if (control.kind === "text") textArea(control.name, control.title);
    else choices(control.name, control.title, control.options);
  }
  textArea(NOTE_CONTROL, "Note");
  lines.push("  </View>", "</View>");
  return `${lines.join("\n")}\n`;
}

type Json = Record<string, unknown>;

function buildRegionResults(
  prepared: PreparedSpan,
  offset: (cp: number) => number,
  plan: ControlPlan,
  report: ExportReport,
): Json[] {
  const { span } = prepared;
  const start = offset(prepared.start);
  const end = offset(prepared.end);
  const region = (fromName: string, type: string, value: Json): Json => ({
    id: span.id,
    from_name: fromName,
    to_name: TEXT_OBJECT,
    type,
    value: { start, end, ...value },
  });
  const results: Json[] = [region(LABELS_CONTROL, "labels", { text: prepared.text, labels: [span.label] })];
  if (span.entityType !== null) {
    results.push(region(ENTITY_TYPE_CONTROL, "choices", { text: prepared.text, choices: [span.entityType] }));
  }
  for (const [key, value] of listAttributes(span.attributes)) {
    const control = plan.attributes.get(key);
    const kind: ControlKind = control?.kind ?? (typeof value === "boolean" ? "boolean" : "text");
    const name = control?.name ?? toControlName(key);
    if (!control) {
      addReportNote(
        report,
        `Label Studio: attribute ${JSON.stringify(key)} is not in the project schema; it is exported as ${name} but createLabelStudioConfig does not declare it.`,
      );
    }
    if (kind === "text") results.push(region(name, "textarea", { text: [String(value)] }));
    else results.push(region(name, "choices", { text: prepared.text, choices: [String(value)] }));
  }
  if (span.note !== null && span.note !== "") results.push(region(NOTE_CONTROL, "textarea", { text: [span.note] }));
  if (span.entityId !== null) {
    addReportNote(report, "Label Studio: entity links (entity_id) have no standard place and are not exported.");
  }
  return results;
}

function latest(dates: readonly Date[]): Date | undefined {
  let best: Date | undefined;
  for (const d of dates) if (best === undefined || d.getTime() > best.getTime()) best = d;
  return best;
}

function earliest(dates: readonly Date[]): Date | undefined {
  let best: Date | undefined;
  for (const d of dates) if (best === undefined || d.getTime() < best.getTime()) best = d;
  return best;
}

function buildTask(prepared: PreparedDocument, plan: ControlPlan, options: ExportOptions, report: ExportReport): Json {
  const { doc, index, spans, relations } = prepared;
  const offset = createOffsetConverter(index, options.offsets);
  const byAnnotator = new Map<string, PreparedSpan[]>();
  for (const p of spans) {
    const list = byAnnotator.get(p.span.annotator);
    if (list) list.push(p);
    else byAnnotator.set(p.span.annotator, [p]);
  }
  const annotators = [...byAnnotator.keys()].sort();

  for (const { relation, from, to } of relations) {
    if (from.span.annotator !== to.span.annotator) {
      report.relationsDropped.push({
        documentId: doc.id,
        relationId: relation.id,
        reason: `Label Studio: ends belong to different annotators (${from.span.annotator}, ${to.span.annotator})`,
      });
    }
  }

  const annotations = annotators.map((annotator) => {
    const own = byAnnotator.get(annotator) ?? [];
    const result: Json[] = [];
    for (const p of own) result.push(...buildRegionResults(p, offset, plan, report));
    for (const { relation, from, to } of relations) {
      if (from.span.annotator !== annotator || to.span.annotator !== annotator) continue;
      result.push({
        type: "relation",
        from_id: relation.fromId,
        to_id: relation.toId,
        direction: "right",
        labels: [relation.type],
      });
    }
    return {
      spanlab_annotator: annotator,
      ground_truth: annotator === "gold",
      created_at: earliest(own.map((p) => p.span.createdAt))?.toISOString() ?? null,
      updated_at: latest(own.map((p) => p.span.updatedAt))?.toISOString() ?? null,
      result,
    };
  });

  return {
    id: doc.id,
    data: mergeDocumentMeta(
      { text: doc.text, title: doc.title, source_url: doc.sourceUrl, status: doc.status },
      doc.meta,
    ),
    annotations,
  };
}

/** Label Studio tasks as a JSON array, one task per document. */
export async function* writeLabelStudio(
  project: ExportProject,
  docs: AsyncIterable<ExportDocument>,
  options: ExportOptions,
  report: ExportReport,
): AsyncIterable<ExportChunk> {
  const plan = planControls(project);
  for (const key of plan.conflicts) {
    addReportNote(
      report,
      `Label Studio: attribute ${JSON.stringify(key)} has different types on different labels; the first definition decides its control.`,
    );
  }
  addReportNote(
    report,
    options.offsets === "utf16"
      ? "Label Studio offsets are UTF-16 code units (JavaScript string indices), as requested."
      : "Label Studio offsets are Unicode code points; choose utf16 for Label Studio versions that count JavaScript string units.",
  );
  yield "[";
  let count = 0;
  for await (const doc of docs) {
    const task = buildTask(prepareDocument(doc, report), plan, options, report);
    yield `${count === 0 ? "\n" : ",\n"}${stringifyJson(task)}`;
    count += 1;
  }
  yield count === 0 ? "]\n" : "\n]\n";
}
