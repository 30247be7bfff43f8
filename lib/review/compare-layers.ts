/**
 * Compares annotators' layers of one document and merges them into review items: spans everyone
 * agrees on, and disagreements classified so a reviewer can adjudicate them one by one.
 *
 * Pure TypeScript (no React, Next or database). Offsets are Unicode code points, half-open
 * (`[start, end)`), as everywhere in Spanlab. The result does not depend on the order of the input.
 *
 * How spans are grouped (each span ends up in exactly one item):
 * 1. **agreed** — every annotator has a span with these exact boundaries and this label.
 * 2. **label** — spans (of at least two annotators) with the same boundaries but different labels.
 * 3. **boundary** — the rest, per label: spans of one label that overlap (transitively) form one
 *    item; when every annotator has a span in it, it is a boundary disagreement.
 * Any item of step 2 or 3 in which some annotator has nothing is **missing**: that annotator has no
 * span of the item's label overlapping it and none with its exact boundaries, other than spans
 * already accounted for by another item. Spans of different labels are compared only when their
 * boundaries are identical, so an entity nested in a quote is never mistaken for a label
 * disagreement with the quote. `differences` lists every way the spans of an item differ (e.g. a
 * missing item whose spans also differ in boundaries).
 */

/** The minimal span the comparison needs; extra fields are carried through untouched. */
export interface LayerSpan {
  readonly id: string;
  /** Whose layer the span is in (a user id). */
  readonly annotator: string;
  readonly start: number;
  readonly end: number;
  readonly labelId: string;
}

export type DisagreementKind = "boundary" | "label" | "missing";
export type MergedItemKind = "agreed" | DisagreementKind;

export interface AnnotatorSpans<T extends LayerSpan> {
  annotator: string;
  /** This annotator's spans in the item (empty when they have none there). */
  spans: T[];
}

export interface MergedItem<T extends LayerSpan = LayerSpan> {
  /** Stable identity: the smallest span id in the item (a span is in one item only). */
  key: string;
  kind: MergedItemKind;
  /** Every way the spans differ (empty for agreed items), in the order boundary, label, missing. */
  differences: DisagreementKind[];
  /** Envelope of the item's spans. */
  start: number;
  end: number;
  /** Distinct labels of the item's spans, sorted. */
  labelIds: string[];
  /** One entry per compared annotator, in the order of the annotator list. */
  annotators: AnnotatorSpans<T>[];
  /** Annotators with no span in the item. */
  missing: string[];
  /** All spans of the item in canonical order (start, end, label, annotator, id). */
  spans: T[];
}

export interface CompareResult<T extends LayerSpan = LayerSpan> {
  /** The annotators compared, in order. */
  annotators: string[];
  /** Items ordered by start, then end, then key. */
  items: MergedItem<T>[];
  counts: Record<MergedItemKind, number> & { total: number; disagreements: number };
}

export interface CompareOptions {
  /**
   * The annotators who annotated the document (default: everyone with a span, sorted). An annotator
   * listed here with no spans makes every other span "missing". Spans of annotators not listed are
   * ignored (used to compare only the layers switched on).
   */
  annotators?: readonly string[];
}

function compareCanonical(a: LayerSpan, b: LayerSpan): number {
  if (a.start !== b.start) return a.start - b.start;
  if (a.end !== b.end) return a.end - b.end;
  if (a.labelId !== b.labelId) return a.labelId < b.labelId ? -1 : 1;
  if (a.annotator !== b.annotator) return a.annotator < b.annotator ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

const DIFFERENCE_ORDER: readonly DisagreementKind[] = ["boundary", "label", "missing"];

function buildItem<T extends LayerSpan>(spans: T[], annotators: readonly string[], agreed: boolean): MergedItem<T> {
  // `spans` arrive in canonical order.
  const byAnnotator = groupBy(spans, (s) => s.annotator);
  const missing = annotators.filter((a) => !byAnnotator.has(a));
  const labelIds = [...new Set(spans.map((s) => s.labelId))].sort();
  const boundaries = new Set(spans.map((s) => `${s.start}:${s.end}`));
  let start = Infinity;
  let end = -Infinity;
  let key: string | undefined;
  for (const s of spans) {
    if (s.start < start) start = s.start;
    if (s.end > end) end = s.end;
    if (key === undefined || s.id < key) key = s.id;
  }
  const differences: DisagreementKind[] = [];
  if (!agreed) {
    const found = new Set<DisagreementKind>();
    if (boundaries.size > 1) found.add("boundary");
    if (labelIds.length > 1) found.add("label");
    if (missing.length > 0) found.add("missing");
    for (const d of DIFFERENCE_ORDER) if (found.has(d)) differences.push(d);
  }
  let kind: MergedItemKind;
  if (agreed) kind = "agreed";
  else if (missing.length > 0) kind = "missing";
  else if (labelIds.length > 1) kind = "label";
  else kind = "boundary";
  return {
    key: key ?? "",
    kind,
    differences,
    start,
    end,
    labelIds,
    annotators: annotators.map((a) => ({ annotator: a, spans: byAnnotator.get(a) ?? [] })),
    missing,
    spans,
  };
}

/** Compares the layers; see the module comment for the rules. O(n log n) in the number of spans. */
export function compareLayers<T extends LayerSpan>(spans: readonly T[], options: CompareOptions = {}): CompareResult<T> {
  const annotators = options.annotators ? [...new Set(options.annotators)] : [...new Set(spans.map((s) => s.annotator))].sort();
  const included = new Set(annotators);
  const sorted = spans.filter((s) => included.has(s.annotator)).sort(compareCanonical);
  const items: MergedItem<T>[] = [];
  const everyone = (group: readonly T[]) => new Set(group.map((s) => s.annotator)).size === annotators.length;

  // 1. agreed: same boundaries and label in every layer.
  let rest: T[] = [];
  for (const group of groupBy(sorted, (s) => `${s.start}:${s.end}:${s.labelId}`).values()) {
    if (everyone(group)) items.push(buildItem(group, annotators, true));
    else rest.push(...group);
  }

  // 2. label: same boundaries, different labels, at least two annotators.
  const afterLabel: T[] = [];
  for (const group of groupBy(rest, (s) => `${s.start}:${s.end}`).values()) {
    const labels = new Set(group.map((s) => s.labelId));
    const people = new Set(group.map((s) => s.annotator));
    if (labels.size > 1 && people.size > 1) items.push(buildItem(group, annotators, false));
    else afterLabel.push(...group);
  }
  rest = afterLabel;

  // 3. boundary / missing: per label, spans that overlap (transitively) form one item.
  for (const group of groupBy(rest, (s) => s.labelId).values()) {
    const byStart = [...group].sort(compareCanonical);
    let component: T[] = [];
    let componentEnd = -Infinity;
    for (const span of byStart) {
      if (component.length > 0 && span.start >= componentEnd) {
        items.push(buildItem(component.sort(compareCanonical), annotators, false));
        component = [];
        componentEnd = -Infinity;
      }
      component.push(span);
      if (span.end > componentEnd) componentEnd = span.end;
    }
    if (component.length > 0) items.push(buildItem(component.sort(compareCanonical), annotators, false));
  }

  items.sort((a, b) => a.start - b.start || a.end - b.end || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const counts = { agreed: 0, boundary: 0, label: 0, missing: 0, total: items.length, disagreements: 0 };
  for (const item of items) counts[item.kind] += 1;
  counts.disagreements = counts.total - counts.agreed;
  return { annotators, items, counts };
}

/** span id → index of its item in `items`. */
export function indexItemsBySpan(items: readonly MergedItem[]): Map<string, number> {
  const out = new Map<string, number>();
  items.forEach((item, i) => {
    for (const s of item.spans) out.set(s.id, i);
  });
  return out;
}

/** Short human description of a disagreement kind, with its marker (never colour alone). */
export const DIFFERENCE_MARKERS: Record<MergedItemKind, { icon: string; text: string; description: string }> = {
  agreed: { icon: "✓", text: "agreed", description: "Every annotator tagged the same text with the same label." },
  boundary: { icon: "↔", text: "boundary", description: "Same label, but the annotators' spans start or end at different places." },
  label: { icon: "≠", text: "label", description: "Same text, but the annotators chose different labels." },
  missing: { icon: "∅", text: "missing", description: "Some annotators have no span here." },
};
