/**
 * Browser geometry for the reader: from a pointer to a code-point offset, and from offsets to
 * rectangles (for the caret, the floating menu, the drag handles). Everything goes through lib/dom's
 * mapper, so offsets are code points.
 */
import type { DomOffsetMapper } from "@/lib/dom/range-offsets";

/** The DOM caret position under a viewport point (standard API, with the WebKit one as fallback). */
export function domCaretFromPoint(doc: Document, x: number, y: number): { node: Node; offset: number } | null {
  const d = doc as Document & { caretRangeFromPoint?: (x: number, y: number) => Range | null };
  if (typeof d.caretPositionFromPoint === "function") {
    const p = d.caretPositionFromPoint(x, y);
    return p ? { node: p.offsetNode, offset: p.offset } : null;
  }
  if (typeof d.caretRangeFromPoint === "function") {
    const r = d.caretRangeFromPoint(x, y);
    return r ? { node: r.startContainer, offset: r.startOffset } : null;
  }
  return null;
}

/** The code-point caret offset nearest to a viewport point inside the article, or null. */
export function offsetFromPoint(mapper: DomOffsetMapper, x: number, y: number): number | null {
  const hit = domCaretFromPoint(mapper.root.ownerDocument, x, y);
  if (!hit || !mapper.root.contains(hit.node)) return null;
  return mapper.pointToOffset(hit.node, hit.offset);
}

function contains(rect: DOMRect, x: number, y: number, slack = 1): boolean {
  return x >= rect.left - slack && x <= rect.right + slack && y >= rect.top - slack && y <= rect.bottom + slack;
}

/**
 * The code point whose glyph is under a viewport point (not just the nearest caret position: a
 * point in the margin or between lines hits nothing), or null.
 */
export function characterAtPoint(mapper: DomOffsetMapper, x: number, y: number): number | null {
  const cp = offsetFromPoint(mapper, x, y);
  if (cp === null) return null;
  const n = mapper.index.codePointLength;
  for (const c of [cp, cp - 1]) {
    if (c < 0 || c >= n) continue;
    try {
      const r = mapper.offsetsToRange(c, c + 1);
      for (const rect of Array.from(r.getClientRects())) if (contains(rect, x, y)) return c;
    } catch {
      // offsets outside the DOM text: no hit
    }
  }
  return null;
}

/** Client rects of code points [start, end). */
export function rangeRects(mapper: DomOffsetMapper, start: number, end: number): DOMRect[] {
  try {
    return Array.from(mapper.offsetsToRange(start, end).getClientRects()).filter((r) => r.width > 0 || r.height > 0);
  } catch {
    return [];
  }
}

/** A thin rect for a caret at code point `cp` (viewport coordinates), or null when it can't be measured. */
export function caretRect(mapper: DomOffsetMapper, cp: number): DOMRect | null {
  const n = mapper.index.codePointLength;
  // Measure the character after the caret (its left edge), else the one before (its right edge).
  if (cp < n) {
    const after = rangeRects(mapper, cp, cp + 1)[0];
    if (after) return new DOMRect(after.left, after.top, 0, after.height);
  }
  if (cp > 0) {
    const rects = rangeRects(mapper, cp - 1, cp);
    const before = rects[rects.length - 1];
    if (before) return new DOMRect(before.right, before.top, 0, before.height);
  }
  try {
    const r = mapper.offsetsToRange(cp, cp);
    const rect = r.getBoundingClientRect();
    if (rect.height > 0) return rect;
    const el = r.startContainer.nodeType === 1 ? (r.startContainer as Element) : r.startContainer.parentElement;
    const box = el?.getBoundingClientRect();
    return box ? new DOMRect(box.left, box.top, 0, Math.max(16, Math.min(box.height, 28))) : null;
  } catch {
    return null;
  }
}
