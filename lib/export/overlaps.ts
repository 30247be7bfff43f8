/**
 * Choosing non-overlapping spans for formats with a single layer (CoNLL tag column, spaCy `ents`).
 *
 * Rule (greedy, deterministic):
 *   1. labels listed in `labelPriority` first, in list order; unlisted labels after them;
 *   2. then the longer span (in code points);
 *   3. then the earlier start;
 *   4. then label name, then span id (code-unit order).
 * Candidates are taken in that order; one that overlaps an already chosen span is dropped and
 * reported together with the chosen span that blocked it.
 */
import type { PreparedSpan } from "./prepare-document";
import type { DroppedOverlap, ExportDocument, ExportSpanCore } from "./types";

export interface OverlapCandidate {
  prepared: PreparedSpan<ExportSpanCore>;
  /** Collision range start (code points for spaCy, token index for CoNLL). */
  from: number;
  /** Collision range end, exclusive. */
  to: number;
}

export interface OverlapSelection<T extends OverlapCandidate> {
  /** Chosen candidates, ordered by `from`. */
  kept: T[];
  dropped: { candidate: T; keptBy: T }[];
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function selectNonOverlapping<T extends OverlapCandidate>(
  candidates: readonly T[],
  labelPriority: readonly string[] = [],
): OverlapSelection<T> {
  const rank = new Map<string, number>();
  labelPriority.forEach((label, i) => {
    if (!rank.has(label)) rank.set(label, i);
  });
  const rankOf = (c: T): number => rank.get(c.prepared.span.label) ?? labelPriority.length;
  const ordered = [...candidates].sort((a, b) => {
    const pa = a.prepared;
    const pb = b.prepared;
    return (
      rankOf(a) - rankOf(b) ||
      pb.end - pb.start - (pa.end - pa.start) ||
      pa.start - pb.start ||
      compareText(pa.span.label, pb.span.label) ||
      compareText(pa.span.id, pb.span.id)
    );
  });

  // Chosen ranges are disjoint, so sorted by `from` they are also sorted by `to`: the only chosen
  // range that can overlap [from, to) is the last one starting before `to`.
  const kept: T[] = [];
  const dropped: { candidate: T; keptBy: T }[] = [];
  for (const candidate of ordered) {
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((kept[mid] as T).from < candidate.to) lo = mid + 1;
      else hi = mid;
    }
    const before = lo > 0 ? kept[lo - 1] : undefined;
    if (before !== undefined && before.to > candidate.from) {
      dropped.push({ candidate, keptBy: before });
    } else {
      kept.splice(lo, 0, candidate);
    }
  }
  return { kept, dropped };
}

/** Report entries for dropped overlaps (offsets in code points). */
export function describeDroppedOverlaps<T extends OverlapCandidate>(
  doc: ExportDocument<ExportSpanCore>,
  dropped: OverlapSelection<T>["dropped"],
): DroppedOverlap[] {
  return dropped
    .map(({ candidate, keptBy }) => ({
      documentId: doc.id,
      spanId: candidate.prepared.span.id,
      label: candidate.prepared.span.label,
      start: candidate.prepared.start,
      end: candidate.prepared.end,
      keptSpanId: keptBy.prepared.span.id,
    }))
    .sort((a, b) => a.start - b.start || b.end - a.end || compareText(a.spanId, b.spanId));
}
