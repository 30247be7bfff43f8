/**
 * Shared span types and small helpers.
 *
 * Units: `start` / `end` are Unicode CODE POINT offsets into the document text, half-open
 * (`[start, end)`, Python `text[start:end]`).
 */

/** The broad category a label belongs to. */
export type LabelKind = "claim" | "quote" | "entity" | "other";

/** A half-open code-point interval `[start, end)`. */
export interface Interval {
  readonly start: number;
  readonly end: number;
}

/** An interval with an identity. */
export interface IdentifiedInterval<Id = string> extends Interval {
  readonly id: Id;
}

/** The minimal shape of an annotation span. */
export interface SpanLike extends IdentifiedInterval<string> {
  readonly labelId: string;
}

/**
 * True when two half-open intervals share at least one code point:
 * `a.start < b.end && b.start < a.end`. Touching intervals (`a.end === b.start`) do not overlap,
 * and an empty interval overlaps only intervals that strictly contain its position.
 */
export function spansOverlap(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Comparator: by start ascending, then longer first (end descending), then by id if present. */
export function compareSpans(a: Interval & { readonly id?: unknown }, b: Interval & { readonly id?: unknown }): number {
  if (a.start !== b.start) return a.start - b.start;
  if (a.end !== b.end) return b.end - a.end;
  const ai = a.id;
  const bi = b.id;
  if (typeof ai === "number" && typeof bi === "number") return ai - bi;
  if (ai === undefined || bi === undefined) return 0;
  const as = String(ai);
  const bs = String(bi);
  return as < bs ? -1 : as > bs ? 1 : 0;
}

/**
 * A new array sorted by start ascending, then longer first (end descending), then by id so the
 * order is deterministic. The input is not modified.
 */
export function sortSpans<T extends Interval & { readonly id?: unknown }>(spans: readonly T[]): T[] {
  return [...spans].sort(compareSpans);
}
