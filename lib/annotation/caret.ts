/**
 * The keyboard caret/selection model of the editor, and keyboard span editing.
 *
 * Units: all offsets are Unicode CODE POINT offsets into the exact document text. Every position
 * this module returns is a grapheme boundary (it moves by whole grapheme clusters or whole words),
 * so a keyboard selection can never split a character like "👩‍👩‍👧‍👦" or "é" (e + U+0301).
 *
 * A selection is `{ anchor, focus }`: the anchor stays put while Shift+arrows move the focus, as
 * in a text editor. Lines are the "\n"-separated paragraphs of the text (visual lines need layout
 * and are handled by the browser side).
 */
import { nextGraphemeBoundary, previousGraphemeBoundary } from "./graphemes";
import { getOffsetIndex } from "./offsets";
import { nextWordBoundary, previousWordBoundary } from "./words";

export interface CaretSelection {
  anchor: number;
  focus: number;
}

/** How far one key press moves: a grapheme (arrow), a word (Ctrl/Alt+arrow), to the line edge (Home/End) or the document edge (Ctrl+Home/End). */
export type CaretUnit = "grapheme" | "word" | "line" | "document";
export type Direction = -1 | 1;

export function caretAt(cp: number): CaretSelection {
  return { anchor: cp, focus: cp };
}

export function isCollapsed(sel: CaretSelection): boolean {
  return sel.anchor === sel.focus;
}

/** The selection as an ordered half-open range. */
export function selectionBounds(sel: CaretSelection): { start: number; end: number } {
  return sel.anchor <= sel.focus ? { start: sel.anchor, end: sel.focus } : { start: sel.focus, end: sel.anchor };
}

/** The "\n"-separated line containing `cp`, as code points `[start, end)` (end excludes the "\n"). */
export function lineBounds(text: string, cp: number): { start: number; end: number } {
  const index = getOffsetIndex(text);
  const c = Math.max(0, Math.min(index.codePointLength, cp));
  const u = index.toUtf16(c);
  const before = text.lastIndexOf("\n", u - 1);
  const after = text.indexOf("\n", u);
  return {
    start: before < 0 ? 0 : index.toCodePoint(before + 1),
    end: after < 0 ? index.codePointLength : index.toCodePoint(after),
  };
}

/** One step of `unit` from `cp` in `direction`. */
export function stepFrom(text: string, cp: number, direction: Direction, unit: CaretUnit): number {
  const n = getOffsetIndex(text).codePointLength;
  switch (unit) {
    case "grapheme":
      return direction < 0 ? previousGraphemeBoundary(text, cp) : nextGraphemeBoundary(text, cp);
    case "word":
      return direction < 0 ? previousWordBoundary(text, cp) : nextWordBoundary(text, cp);
    case "line": {
      const line = lineBounds(text, cp);
      return direction < 0 ? line.start : line.end;
    }
    case "document":
      return direction < 0 ? 0 : n;
  }
}

/**
 * The selection after one caret key. Without `extend`, a non-collapsed selection collapses to its
 * start (moving back) or end (moving forward) on a grapheme step, like a text field; other steps
 * move from the focus. With `extend`, only the focus moves.
 */
export function moveCaret(text: string, sel: CaretSelection, direction: Direction, unit: CaretUnit, extend: boolean): CaretSelection {
  const n = getOffsetIndex(text).codePointLength;
  const clamp = (x: number) => Math.max(0, Math.min(n, x));
  const current = { anchor: clamp(sel.anchor), focus: clamp(sel.focus) };
  if (extend) return { anchor: current.anchor, focus: stepFrom(text, current.focus, direction, unit) };
  if (!isCollapsed(current) && unit === "grapheme") {
    const b = selectionBounds(current);
    return caretAt(direction < 0 ? b.start : b.end);
  }
  return caretAt(stepFrom(text, current.focus, direction, unit));
}

/**
 * Move one edge of a span by a grapheme or a word (the editor's `[` `]` and `Shift+[` `Shift+]`).
 * Returns the new `{ start, end }`, or null when the move is impossible: past the text's edge, or
 * it would leave the span empty.
 *
 * Word steps keep whole words: moving the start right drops the first word (the new start is the
 * start of the next word); moving the end left drops the last word.
 */
export function adjustSpanEdge(
  text: string,
  span: { start: number; end: number },
  edge: "start" | "end",
  direction: Direction,
  unit: "grapheme" | "word",
): { start: number; end: number } | null {
  const n = getOffsetIndex(text).codePointLength;
  const { start, end } = span;
  if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start < end && end <= n)) return null;
  let s = start;
  let e = end;
  if (unit === "grapheme") {
    if (edge === "start") s = direction < 0 ? previousGraphemeBoundary(text, start) : nextGraphemeBoundary(text, start);
    else e = direction < 0 ? previousGraphemeBoundary(text, end) : nextGraphemeBoundary(text, end);
  } else if (edge === "start") {
    if (direction < 0) {
      s = previousWordBoundary(text, start);
    } else {
      const firstEnd = nextWordBoundary(text, start);
      const nextEnd = nextWordBoundary(text, firstEnd);
      if (nextEnd === firstEnd) return null;
      s = previousWordBoundary(text, nextEnd);
    }
  } else if (direction > 0) {
    e = nextWordBoundary(text, end);
  } else {
    const lastStart = previousWordBoundary(text, end);
    if (lastStart <= start) return null;
    const prevStart = previousWordBoundary(text, lastStart);
    if (prevStart === lastStart) return null;
    e = nextWordBoundary(text, prevStart);
  }
  if (s === start && e === end) return null;
  if (s < 0 || e > n || s >= e) return null;
  return { start: s, end: e };
}

/**
 * Which span a click selects when several contain the clicked point: the first click picks the
 * innermost (shortest), each further click on the same point the next one outwards, wrapping.
 * `candidates` may come in any order; returns null when there are none.
 */
export function cycleSpanAt<T extends { id: string; start: number; end: number }>(candidates: readonly T[], currentId: string | null): T | null {
  if (candidates.length === 0) return null;
  const ordered = [...candidates].sort((a, b) => a.end - a.start - (b.end - b.start) || a.start - b.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const at = currentId === null ? -1 : ordered.findIndex((c) => c.id === currentId);
  return ordered[(at + 1) % ordered.length] ?? null;
}

/**
 * The span Tab (direction 1) or Shift+Tab (-1) moves to, in reading order (`sorted` by start,
 * longer first). From a selected span it is the next/previous one in that order; with nothing
 * selected it is the first span starting at/after the caret (or the last one starting before it).
 * Null at either end, so that Tab can leave the reader.
 */
export function adjacentSpan<T extends { id: string; start: number }>(
  sorted: readonly T[],
  currentId: string | null,
  caret: number,
  direction: Direction,
): T | null {
  if (sorted.length === 0) return null;
  const at = currentId === null ? -1 : sorted.findIndex((s) => s.id === currentId);
  if (at >= 0) return sorted[at + direction] ?? null;
  if (direction > 0) return sorted.find((s) => s.start >= caret) ?? null;
  for (let i = sorted.length - 1; i >= 0; i--) {
    const s = sorted[i] as T;
    if (s.start < caret) return s;
  }
  return null;
}
