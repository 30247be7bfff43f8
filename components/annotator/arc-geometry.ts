/**
 * Where a relation's arc goes: from the top of one span to the top of the other, bowing above the
 * lines (higher for ends further apart), with its name at the top of the bow. Pure: rectangles in,
 * an SVG path out; unit-tested beside itself.
 */

/** A span's first line box, relative to the reader. */
export interface ArcEnd {
  left: number;
  top: number;
  width: number;
}

export interface Arc {
  /** SVG path data. */
  d: string;
  /** Where its name goes (the middle of the bow). */
  labelX: number;
  labelY: number;
}

/** Ends further apart than this (vertically) get no arc: the panel lists the relation, and a long arc over the text would not read well. */
export const MAX_ARC_SPAN_PX = 480;

/** The point an arc leaves a span from: over its first line, a little in from the start (at most 24 px, at least the middle of a short word). */
export function anchorOf(end: ArcEnd): { x: number; y: number } {
  return { x: end.left + Math.min(end.width / 2, 24), y: end.top };
}

/** The arc from `from` to `to` (the arrow is drawn at `to`), or null when the two are too far apart to read as one. */
export function relationArc(from: ArcEnd, to: ArcEnd, maxSpan = MAX_ARC_SPAN_PX): Arc | null {
  const a = anchorOf(from);
  const b = anchorOf(to);
  if (Math.abs(a.y - b.y) > maxSpan) return null;
  const rise = Math.min(28, 10 + Math.abs(b.x - a.x) * 0.06);
  const apex = Math.min(a.y, b.y) - rise;
  const r = (n: number) => Math.round(n * 10) / 10;
  return {
    d: `M ${r(a.x)} ${r(a.y)} C ${r(a.x)} ${r(apex)}, ${r(b.x)} ${r(apex)}, ${r(b.x)} ${r(b.y)}`,
    // The curve's middle (t = ½): x halfway, y = (y₁ + y₂)/8 + ¾·apex.
    labelX: r((a.x + b.x) / 2),
    labelY: r((a.y + b.y) / 8 + 0.75 * apex),
  };
}
