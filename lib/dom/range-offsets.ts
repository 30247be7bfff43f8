/**
 * Browser-side conversion between DOM positions (node + offset, Ranges, Selections) and document
 * offsets.
 *
 * Units: document offsets are Unicode CODE POINTS into the document text (what Python's
 * `text[start:end]` gives). DOM offsets inside text nodes are UTF-16 code units. An `OffsetIndex`
 * for the document text converts between the two in O(log n).
 *
 * Expected DOM shape:
 * - `root` (the article container) contains text nodes which, in document order, concatenate to
 *   the document text (or to `text.slice(root.dataset.start)` if the root itself carries
 *   `data-start`);
 * - elements with a `data-offset-ignore` attribute (widgets, badges, buttons…) are skipped with
 *   all their descendants — their text is not document text;
 * - elements with `data-start="<code-point offset>"` (typically paragraphs) mark where their
 *   content starts in the document. Conversions start counting at the closest such element, so
 *   they cost O(size of one paragraph), not O(document). In document order, `data-start` values
 *   must be non-decreasing.
 */
import type { OffsetIndex } from "../annotation/offsets";
import { codePointLength } from "../annotation/offsets";

/** Attribute holding the code-point start of an element's content. */
export const START_ATTRIBUTE = "data-start";
/** Attribute marking a subtree whose text is not part of the document. */
export const IGNORE_ATTRIBUTE = "data-offset-ignore";

/** A DOM boundary point: (container node, offset). Offset is UTF-16 units in text nodes, a child index otherwise. */
export interface DomPoint {
  node: Node;
  offset: number;
}

/** A code-point range in the document. */
export interface DocRange {
  start: number;
  end: number;
}

/** Rounding for a DOM position that falls between the halves of a surrogate pair. */
export type Rounding = "floor" | "ceil";

export interface PointOptions {
  /** Index of the document text; makes counting O(nodes) instead of O(characters). */
  index?: OffsetIndex;
  /** How to treat a position inside a surrogate pair (default "floor"). */
  rounding?: Rounding;
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const SHOW_ELEMENT = 0x1;
const SHOW_TEXT = 0x4;
const FILTER_ACCEPT = 1;
const FILTER_REJECT = 2;
const FILTER_SKIP = 3;
const DOCUMENT_POSITION_PRECEDING = 0x02;

function isElement(node: Node): node is Element {
  return node.nodeType === ELEMENT_NODE;
}
function isText(node: Node): node is Text {
  return node.nodeType === TEXT_NODE;
}

/** The `data-start` value of `el`, or null if absent/invalid. */
function startOf(el: Element): number | null {
  const raw = el.getAttribute(START_ATTRIBUTE);
  if (raw === null || raw.trim() === "") return null;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0 ? n : null;
}

/** Code-point offset of the root's own content start (`data-start` on root, else 0). */
function rootBase(root: Element): number {
  return startOf(root) ?? 0;
}

/** Outermost element in `node`'s ancestor chain (inclusive, up to `root`) marked ignored. */
function ignoredAncestor(root: Element, node: Node): Element | null {
  let found: Element | null = null;
  for (let n: Node | null = node; n && n !== root; n = n.parentNode) {
    if (isElement(n) && n.hasAttribute(IGNORE_ATTRIBUTE)) found = n;
  }
  return found;
}

function indexInParent(node: Node): number {
  let i = 0;
  for (let n = node.previousSibling; n; n = n.previousSibling) i++;
  return i;
}

/** Walker over the document's counted text nodes (ignored subtrees rejected). */
function textWalker(root: Element): TreeWalker {
  const doc = root.ownerDocument;
  return doc.createTreeWalker(root, SHOW_ELEMENT | SHOW_TEXT, {
    acceptNode(node: Node): number {
      if (isElement(node)) return node.hasAttribute(IGNORE_ATTRIBUTE) ? FILTER_REJECT : FILTER_SKIP;
      return FILTER_ACCEPT;
    },
  });
}

/** Where text node `t` lies relative to boundary point `p`. */
function textVersusPoint(t: Text, p: DomPoint): "before" | "contains" | "after" {
  const { node, offset } = p;
  if (isText(node)) {
    if (node === t) return "contains";
    return node.compareDocumentPosition(t) & DOCUMENT_POSITION_PRECEDING ? "before" : "after";
  }
  const child = node.childNodes[offset];
  if (child) {
    if (child === t || child.contains(t)) return "after";
    return child.compareDocumentPosition(t) & DOCUMENT_POSITION_PRECEDING ? "before" : "after";
  }
  if (node.contains(t)) return "before";
  return node.compareDocumentPosition(t) & DOCUMENT_POSITION_PRECEDING ? "before" : "after";
}

/** Closest element with `data-start` containing `node` (inclusive), not going above `root`. */
function closestAnchor(root: Element, node: Node): Element | null {
  for (let n: Node | null = isElement(node) ? node : node.parentNode; n; n = n.parentNode) {
    if (isElement(n) && startOf(n) !== null) return n;
    if (n === root) break;
  }
  return null;
}

/** Last (in document order) counted `data-start` element inside `el`, inclusive. */
function lastAnchorWithin(el: Element): Element | null {
  if (el.hasAttribute(IGNORE_ATTRIBUTE)) return null;
  const all = el.querySelectorAll(`[${START_ATTRIBUTE}]`);
  for (let k = all.length - 1; k >= 0; k--) {
    const cand = all[k];
    if (cand && startOf(cand) !== null && !ignoredAncestor(el, cand)) return cand;
  }
  return startOf(el) !== null ? el : null;
}

/** Nearest `data-start` element that ends before point `p` (p is not inside any anchor). */
function precedingAnchor(root: Element, p: DomPoint): Element | null {
  let container: Node | null;
  let idx: number;
  if (isText(p.node)) {
    container = p.node.parentNode;
    idx = indexInParent(p.node);
  } else {
    container = p.node;
    idx = p.offset;
  }
  while (container) {
    for (let k = idx - 1; k >= 0; k--) {
      const c = container.childNodes[k];
      if (c && isElement(c)) {
        const found = lastAnchorWithin(c);
        if (found) return found;
      }
    }
    if (container === root) return null;
    const parent: Node | null = container.parentNode;
    if (!parent) return null;
    idx = indexInParent(container);
    container = parent;
  }
  return null;
}

/** Move a point inside an ignored subtree to just before that subtree (same document offset). */
function escapeIgnored(root: Element, p: DomPoint): DomPoint {
  const ignored = ignoredAncestor(root, p.node);
  if (!ignored || !ignored.parentNode) return p;
  return { node: ignored.parentNode, offset: indexInParent(ignored) };
}

/**
 * Code-point document offset of DOM boundary point `(node, offsetInNode)`, or null when the point
 * is not inside `root`. `offsetInNode` is in UTF-16 units for text nodes and a child index for
 * elements (DOM Range semantics). Points inside `data-offset-ignore` subtrees map to the position
 * of that subtree. A point between the halves of a surrogate pair is rounded per
 * `options.rounding` (default down).
 */
export function pointToOffset(
  root: Element,
  node: Node,
  offsetInNode: number,
  options: PointOptions = {},
): number | null {
  if (!root.contains(node)) return null;
  const p = escapeIgnored(root, { node, offset: offsetInNode });
  const anchor = closestAnchor(root, p.node) ?? precedingAnchor(root, p);
  const from: Element = anchor ?? root;
  const base = anchor ? (startOf(anchor) as number) : rootBase(root);
  const rounding = options.rounding ?? "floor";
  const index = options.index;

  // Sum text lengths from the start of `from` up to p: UTF-16 units with an index, else code points.
  const walker = textWalker(root);
  walker.currentNode = from;
  let units = 0;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n as Text;
    const where = textVersusPoint(t, p);
    if (where === "after") break;
    if (where === "before") {
      units += index ? t.data.length : codePointLength(t.data);
      continue;
    }
    const within = Math.max(0, Math.min(p.offset, t.data.length));
    if (index) {
      units += within;
    } else {
      units += codePointLength(t.data.slice(0, within));
      // slice() left a lone high surrogate (counted as 1): that is "ceil"; undo it for "floor".
      if (rounding === "floor" && splitsPair(t.data, within)) units -= 1;
    }
    break;
  }
  if (!index) return base + units;
  const u16 = index.toUtf16(base) + units;
  return index.toCodePoint(Math.min(u16, index.utf16Length), rounding);
}

function splitsPair(s: string, i: number): boolean {
  if (i <= 0 || i >= s.length) return false;
  const hi = s.charCodeAt(i - 1);
  const lo = s.charCodeAt(i);
  return hi >= 0xd800 && hi <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff;
}

/** Boundary points of any range-like object (Range, StaticRange). */
export interface RangeLike {
  readonly startContainer: Node;
  readonly startOffset: number;
  readonly endContainer: Node;
  readonly endOffset: number;
}

/** -1 / 0 / 1: the point is before, inside or after `root`'s contents. */
function comparePointToRoot(root: Element, node: Node, offset: number): -1 | 0 | 1 {
  if (root.contains(node)) return 0;
  const r = root.ownerDocument.createRange();
  r.selectNodeContents(root);
  const c = r.comparePoint(node, offset);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

/**
 * Code-point offsets `{start, end}` (start ≤ end) of a DOM range, or null when the range lies
 * entirely outside `root`. Endpoints outside `root` are clamped to its start/end; element
 * endpoints (e.g. a triple-click ending at `(nextParagraph, 0)`) are handled; endpoints inside
 * surrogate pairs are widened (start down, end up; a collapsed range stays collapsed). A backward
 * range-like object (StaticRange) is reordered.
 */
export function rangeToOffsets(root: Element, range: RangeLike, index: OffsetIndex): DocRange | null {
  const startSide = comparePointToRoot(root, range.startContainer, range.startOffset);
  const endSide = comparePointToRoot(root, range.endContainer, range.endOffset);
  if (startSide === endSide && startSide !== 0) return null;
  const resolve = (side: -1 | 0 | 1, node: Node, offset: number, rounding: Rounding): number | null => {
    if (side < 0) return pointToOffset(root, root, 0, { index });
    if (side > 0) return pointToOffset(root, root, root.childNodes.length, { index });
    return pointToOffset(root, node, offset, { index, rounding });
  };
  const a = resolve(startSide, range.startContainer, range.startOffset, "floor");
  const collapsed = range.startContainer === range.endContainer && range.startOffset === range.endOffset;
  const b = resolve(endSide, range.endContainer, range.endOffset, collapsed ? "floor" : "ceil");
  if (a === null || b === null) return null;
  return a <= b ? { start: a, end: b } : { start: b, end: a };
}

/**
 * Like {@link rangeToOffsets} for the current selection, plus whether it is backward (focus before
 * anchor — the user dragged or shift-extended leftwards). Null when there is no selection or it is
 * outside `root`.
 */
export function selectionToOffsets(
  root: Element,
  selection: Selection,
  index: OffsetIndex,
): (DocRange & { backward: boolean }) | null {
  if (selection.rangeCount === 0) return null;
  const range = selection.getRangeAt(0);
  const offsets = rangeToOffsets(root, range, index);
  if (!offsets) return null;
  let backward = false;
  const { anchorNode, focusNode } = selection;
  if (anchorNode && focusNode && !selection.isCollapsed) {
    const r = root.ownerDocument.createRange();
    r.setStart(anchorNode, selection.anchorOffset);
    r.collapse(true);
    backward = r.comparePoint(focusNode, selection.focusOffset) < 0;
  }
  return { ...offsets, backward };
}

interface AnchorEntry {
  el: Element;
  start: number;
}

/** Counted `data-start` elements in document order. */
function listAnchors(root: Element): AnchorEntry[] {
  const out: AnchorEntry[] = [];
  for (const el of Array.from(root.querySelectorAll(`[${START_ATTRIBUTE}]`))) {
    const start = startOf(el);
    if (start !== null && !ignoredAncestor(root, el)) out.push({ el, start });
  }
  return out;
}

/** Last anchor with start ≤ cp (binary search; anchors are in non-decreasing start order). */
function anchorFor(anchors: readonly AnchorEntry[], cp: number): AnchorEntry | null {
  let lo = 0;
  let hi = anchors.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((anchors[mid] as AnchorEntry).start <= cp) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? (anchors[lo - 1] as AnchorEntry) : null;
}

/**
 * DOM boundary point for code-point offset `cp`. At a junction between two text nodes,
 * "backward" affinity picks the end of the earlier one (use for range ends), "forward" the start
 * of the later one (range starts).
 */
function locate(
  root: Element,
  anchors: readonly AnchorEntry[],
  cp: number,
  index: OffsetIndex,
  affinity: "forward" | "backward",
): DomPoint {
  const anchor = anchorFor(anchors, cp);
  const from: Element = anchor?.el ?? root;
  const base = anchor?.start ?? rootBase(root);
  const need = index.toUtf16(cp) - index.toUtf16(Math.min(base, cp));
  const walker = textWalker(root);
  walker.currentNode = from;
  let acc = 0;
  let last: Text | null = null;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n as Text;
    const len = t.data.length;
    if (affinity === "backward" ? acc + len >= need : acc + len > need) return { node: t, offset: need - acc };
    acc += len;
    last = t;
  }
  // Offset at (or, if DOM and text disagree, past) the end of the counted text.
  if (last) return { node: last, offset: last.data.length };
  return { node: from, offset: from === root ? root.childNodes.length : 0 };
}

/** Start and end DOM boundary points of a document range. */
export interface DomPoints {
  start: DomPoint;
  end: DomPoint;
}

/**
 * DOM boundary points for code points `[start, end)` without creating a Range — cheaper when
 * mapping many spans (e.g. to build `StaticRange`s for the CSS Custom Highlight API). The start
 * is placed at the beginning of the following text node at node junctions, the end at the end of
 * the preceding one, so a range over a highlighted `<mark>` stays inside it.
 * @throws RangeError unless 0 ≤ start ≤ end ≤ document length (integers), or when `start`
 * precedes the root's own `data-start`.
 */
export function offsetsToPoints(root: Element, start: number, end: number, index: OffsetIndex): DomPoints {
  return pointsFromAnchors(root, listAnchors(root), start, end, index);
}

/**
 * A DOM Range covering code points `[start, end)` of the document (see {@link offsetsToPoints}
 * for where the boundary points are placed).
 *
 * Each call lists the root's `data-start` elements once (one `querySelectorAll`); when mapping
 * many spans use {@link createDomOffsetMapper}, which caches that list.
 * @throws RangeError as {@link offsetsToPoints}.
 */
export function offsetsToRange(root: Element, start: number, end: number, index: OffsetIndex): Range {
  return toRange(root, offsetsToPoints(root, start, end, index));
}

function toRange(root: Element, points: DomPoints): Range {
  const range = root.ownerDocument.createRange();
  range.setStart(points.start.node, points.start.offset);
  range.setEnd(points.end.node, points.end.offset);
  return range;
}

function pointsFromAnchors(
  root: Element,
  anchors: readonly AnchorEntry[],
  start: number,
  end: number,
  index: OffsetIndex,
): DomPoints {
  const base = rootBase(root);
  if (
    !Number.isInteger(start) ||
    !Number.isInteger(end) ||
    start < base ||
    start > end ||
    end > index.codePointLength
  ) {
    throw new RangeError(
      `Cannot map ${String(start)}–${String(end)} to the DOM: need ${base} ≤ start ≤ end ≤ ${index.codePointLength}`,
    );
  }
  const s = locate(root, anchors, start, index, start === end ? "backward" : "forward");
  const e = start === end ? s : locate(root, anchors, end, index, "backward");
  return { start: s, end: e };
}

/** The conversions of this module bound to one root and document index, with cached anchors. */
export interface DomOffsetMapper {
  readonly root: Element;
  readonly index: OffsetIndex;
  pointToOffset(node: Node, offsetInNode: number, rounding?: Rounding): number | null;
  rangeToOffsets(range: RangeLike): DocRange | null;
  selectionToOffsets(selection: Selection): (DocRange & { backward: boolean }) | null;
  offsetsToRange(start: number, end: number): Range;
  offsetsToPoints(start: number, end: number): DomPoints;
  /** Forget the cached `data-start` elements (call after paragraphs are added or replaced). */
  refresh(): void;
}

/**
 * Bind the conversions to `root` and `index`, caching the list of `data-start` elements so that
 * mapping thousands of spans (e.g. painting highlights) costs O(log p + paragraph size) each.
 * The cache is rebuilt automatically when a cached paragraph is found detached from `root`;
 * call `refresh()` after inserting paragraphs.
 */
export function createDomOffsetMapper(root: Element, index: OffsetIndex): DomOffsetMapper {
  let anchors: AnchorEntry[] | null = null;
  const fresh = (): AnchorEntry[] => (anchors = listAnchors(root));
  const usable = (list: readonly AnchorEntry[], cp: number): boolean => {
    const hit = anchorFor(list, cp);
    return !hit || (hit.el.isConnected && root.contains(hit.el));
  };
  const points = (start: number, end: number): DomPoints => {
    let list = anchors ?? fresh();
    if (!usable(list, start) || !usable(list, end)) list = fresh();
    return pointsFromAnchors(root, list, start, end, index);
  };
  return {
    root,
    index,
    pointToOffset: (node, offsetInNode, rounding) => pointToOffset(root, node, offsetInNode, { index, rounding }),
    rangeToOffsets: (range) => rangeToOffsets(root, range, index),
    selectionToOffsets: (selection) => selectionToOffsets(root, selection, index),
    offsetsToPoints: points,
    offsetsToRange: (start, end) => toRange(root, points(start, end)),
    refresh() {
      anchors = null;
    },
  };
}
