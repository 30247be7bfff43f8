/**
 * The review page's model, derived from the review API's data (pure, no React): the comparison of
 * the layers switched on, whether each item is already settled (in gold, or rejected), and the
 * list filters. Offsets are code points.
 */
import { compareLayers, type CompareResult, type MergedItem } from "./compare-layers";
import { GoldIndex } from "./gold-plan";
import type { ReviewDecisionDto, ReviewLayerDto, ReviewSpanDto } from "./types";

/** An annotator span with its layer, as the comparison and the page use it. */
export interface ReviewLayerSpan extends ReviewSpanDto {
  annotator: string;
}

export type ReviewItem = MergedItem<ReviewLayerSpan>;

export function layerSpans(layers: readonly ReviewLayerDto[], enabled?: ReadonlySet<string>): ReviewLayerSpan[] {
  const out: ReviewLayerSpan[] = [];
  for (const layer of layers) {
    if (enabled && !enabled.has(layer.annotator.id)) continue;
    for (const s of layer.annotations) out.push({ ...s, annotator: layer.annotator.id });
  }
  return out;
}

/** The comparison of the enabled layers, in the layers' display order. */
export function compareEnabledLayers(layers: readonly ReviewLayerDto[], enabled: ReadonlySet<string>): CompareResult<ReviewLayerSpan> {
  const annotators = layers.map((l) => l.annotator.id).filter((id) => enabled.has(id));
  return compareLayers(layerSpans(layers, enabled), { annotators });
}

export type ItemStatus = "open" | "in_gold" | "rejected";

export function goldIndexOf(gold: readonly ReviewSpanDto[]): GoldIndex {
  return new GoldIndex(gold.map((g) => ({ id: g.id, start: g.start, end: g.end, labelId: g.labelId, sourceAnnotationId: g.sourceAnnotationId })));
}

/** Ids of annotator spans a reviewer rejected. */
export function rejectedSpanIds(decisions: readonly ReviewDecisionDto[]): Set<string> {
  const out = new Set<string>();
  for (const d of decisions) if (d.decision === "reject" && d.annotationId) out.add(d.annotationId);
  return out;
}

/** Settled when one of its spans is in gold, or every span was rejected. */
export function itemStatus(item: ReviewItem, gold: GoldIndex, rejected: ReadonlySet<string>): ItemStatus {
  if (item.spans.some((s) => gold.match(s))) return "in_gold";
  if (item.spans.length > 0 && item.spans.every((s) => rejected.has(s.id))) return "rejected";
  return "open";
}

export type ItemFilter = "all" | "open" | "disagreements" | "agreed";

export const ITEM_FILTERS: { value: ItemFilter; label: string }[] = [
  { value: "all", label: "All" },
  { value: "open", label: "Open" },
  { value: "disagreements", label: "Disagreements" },
  { value: "agreed", label: "Agreed" },
];

/** Indices of the items a filter shows, in order. */
export function filterItems(items: readonly ReviewItem[], statuses: readonly ItemStatus[], filter: ItemFilter): number[] {
  const out: number[] = [];
  items.forEach((item, i) => {
    if (filter === "open" && statuses[i] !== "open") return;
    if (filter === "disagreements" && item.kind === "agreed") return;
    if (filter === "agreed" && item.kind !== "agreed") return;
    out.push(i);
  });
  return out;
}

/** The position to move to from `current` by `delta` within `count` entries (clamped; -1 when empty). */
export function step(current: number, delta: number, count: number): number {
  if (count === 0) return -1;
  if (current < 0) return delta >= 0 ? 0 : count - 1;
  return Math.max(0, Math.min(count - 1, current + delta));
}

/** Index of the first item (in `order`, item indices sorted by start) whose start is ≥ offset. */
export function firstItemAtOrAfter(items: readonly { start: number }[], offset: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items[mid]!.start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
