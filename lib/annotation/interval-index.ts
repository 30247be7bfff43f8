/**
 * Interval index over spans, for painting thousands of highlights, and lane stacking.
 *
 * Units: `start` / `end` are half-open code-point offsets (any consistent integer unit works).
 * Overlap semantics match {@link spansOverlap}: `[a, b)` and `[c, d)` overlap iff `a < d && c < b`.
 *
 * Structure (static, rebuilt lazily):
 * - a centered interval tree (each node keeps the intervals containing its centre, sorted by start
 *   and by end) answers "which spans contain point p" in O(log n + k);
 * - an array sorted by start answers "which spans start inside (qs, qe)" in O(log n + k).
 * A range query `[qs, qe)` is the disjoint union of the two (spans containing `qs`, plus spans
 * starting strictly inside the range), so it is O(log n + k) too.
 *
 * Building is O(n log n). `insert` / `remove` are O(1) and mark the index dirty; the next query
 * rebuilds (O(n log n), well under a millisecond for 5,000 spans). Batch edits therefore cost one
 * rebuild. Results come in no particular order — use `sortSpans` if you need one.
 */
import { compareSpans, type IdentifiedInterval } from "./spans";

interface TreeNode<T> {
  center: number;
  byStart: T[]; // start ascending
  byEnd: T[]; // end descending
  left: TreeNode<T> | null;
  right: TreeNode<T> | null;
}

/** Build a centered tree from non-empty intervals sorted by start. */
function buildTree<T extends IdentifiedInterval<unknown>>(sorted: T[]): TreeNode<T> | null {
  if (sorted.length === 0) return null;
  // Centre = start of the median interval. Intervals entirely left of it start before it (≤ half),
  // intervals entirely right start after it (≤ half), so the depth is O(log n).
  const center = (sorted[sorted.length >>> 1] as T).start;
  const left: T[] = [];
  const mid: T[] = [];
  const right: T[] = [];
  for (const iv of sorted) {
    if (iv.end <= center) left.push(iv);
    else if (iv.start > center) right.push(iv);
    else mid.push(iv);
  }
  return {
    center,
    byStart: mid,
    byEnd: [...mid].sort((a, b) => b.end - a.end),
    left: buildTree(left),
    right: buildTree(right),
  };
}

/** Index of the first element of `sorted` (by start) whose start is > x. */
function upperBoundByStart(sorted: readonly IdentifiedInterval<unknown>[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as IdentifiedInterval<unknown>).start <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A set of intervals keyed by `id`, with fast overlap and stabbing queries.
 * Intervals with `end <= start` are kept but, per the overlap rule, only match range queries that
 * strictly contain their position, and never match {@link IntervalIndex.at}.
 */
export class IntervalIndex<T extends IdentifiedInterval<unknown>> {
  private readonly items = new Map<T["id"], T>();
  private sorted: T[] = [];
  private tree: TreeNode<T> | null = null;
  private dirty = true;

  /** Build from `items` (later duplicates of an id replace earlier ones). O(n log n). */
  constructor(items: Iterable<T> = []) {
    for (const item of items) this.items.set(item.id, item);
  }

  /** Number of intervals. */
  get size(): number {
    return this.items.size;
  }

  /** Add an interval, replacing any interval with the same id. */
  insert(item: T): void {
    this.items.set(item.id, item);
    this.dirty = true;
  }

  /** Remove the interval with `id`; returns whether it was present. */
  remove(id: T["id"]): boolean {
    const removed = this.items.delete(id);
    if (removed) this.dirty = true;
    return removed;
  }

  has(id: T["id"]): boolean {
    return this.items.has(id);
  }

  get(id: T["id"]): T | undefined {
    return this.items.get(id);
  }

  /** All intervals sorted by start, longer first, then id. */
  all(): T[] {
    this.ensureBuilt();
    return [...this.sorted];
  }

  /**
   * All intervals overlapping `[start, end)` (`iv.start < end && start < iv.end`). A collapsed
   * query (`start === end`) returns the intervals strictly containing that position; an inverted
   * one (`start > end`) returns nothing. O(log n + k).
   */
  query(start: number, end: number): T[] {
    this.ensureBuilt();
    const out: T[] = [];
    if (start > end) return out;
    if (start === end) {
      // A collapsed range overlaps intervals strictly containing it.
      this.stab(start, (iv) => {
        if (iv.start < start) out.push(iv);
      });
      return out;
    }
    this.stab(start, (iv) => out.push(iv)); // intervals with iv.start <= start < iv.end
    for (let i = upperBoundByStart(this.sorted, start); i < this.sorted.length; i++) {
      const iv = this.sorted[i] as T;
      if (iv.start >= end) break;
      out.push(iv); // start < iv.start < end, so it overlaps (even if empty)
    }
    return out;
  }

  /** All intervals containing `point` (`iv.start <= point < iv.end`). O(log n + k). */
  at(point: number): T[] {
    this.ensureBuilt();
    const out: T[] = [];
    this.stab(point, (iv) => out.push(iv));
    return out;
  }

  private stab(p: number, report: (iv: T) => void): void {
    let node = this.tree;
    while (node) {
      if (p < node.center) {
        for (const iv of node.byStart) {
          if (iv.start > p) break;
          report(iv);
        }
        node = node.left;
      } else {
        for (const iv of node.byEnd) {
          if (iv.end <= p) break;
          report(iv);
        }
        node = node.right;
      }
    }
  }

  private ensureBuilt(): void {
    if (!this.dirty) return;
    this.sorted = [...this.items.values()].sort(compareSpans);
    this.tree = buildTree(this.sorted.filter((iv) => iv.start < iv.end));
    this.dirty = false;
  }
}

/** Build an {@link IntervalIndex}. O(n log n). */
export function createIntervalIndex<T extends IdentifiedInterval<unknown>>(items: Iterable<T>): IntervalIndex<T> {
  return new IntervalIndex(items);
}


/**
 * Assign each span a lane (stacking depth, 0 = closest to the text) so that overlapping spans
 * never share a lane — for drawing nested/overlapping spans as stacked underlines.
 *
 * Greedy: spans are visited by start, longer first (then id); each takes the lowest lane not held
 * by an already-placed span that overlaps it. Because of that order, a span sharing its start
 * with a longer one sits above it, and the number of lanes used equals the maximum number of
 * spans covering any single point (optimal). Touching spans (`a.end === b.start`) may share a
 * lane. Empty spans (`end <= start`) overlap nothing and get lane 0. O(n log n).
 */
export function computeStacking<T extends IdentifiedInterval<unknown>>(spans: readonly T[]): Map<T["id"], number> {
  const lanes = new Map<T["id"], number>();
  const order = [...spans].sort(compareSpans);
  stackSorted(order, (span, lane) => lanes.set(span.id, lane));
  return lanes;
}

/**
 * The lane of each span of `order`, which must already be sorted by {@link compareSpans}, by the
 * same greedy rule as {@link computeStacking}: each span takes the lowest lane whose last span has
 * ended by its start. O(n·k) for k lanes (the most spans covering one point, a handful in practice),
 * with no sort, no map and no allocation per span — for callers that keep their spans sorted as
 * they change (the editor's painter re-runs it on every tag).
 */
export function stackSorted<T extends { start: number; end: number }>(order: readonly T[], onLane: (span: T, lane: number) => void): void {
  const laneEnds: number[] = [];
  for (const span of order) {
    if (span.end <= span.start) {
      onLane(span, 0);
      continue;
    }
    let lane = 0;
    while (lane < laneEnds.length && (laneEnds[lane] as number) > span.start) lane++;
    laneEnds[lane] = span.end;
    onLane(span, lane);
  }
}
