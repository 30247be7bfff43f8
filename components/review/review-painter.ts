/**
 * Paints the review's spans over rendered article text with the CSS Custom Highlight API, without
 * touching the text's DOM (the text is rendered once). Styles differ by more than colour:
 * agreed spans are solid; disagreements are underlined dashed (↔ boundary), wavy (≠ label) or
 * dotted (∅ missing) over a faint tint; the focused item and span get their own highlights.
 *
 * Ranges are `StaticRange`s from lib/dom's cached mapper, cached per (text root, start, end), so
 * repainting after a layer toggle reuses them. One `Highlight` per (style, label).
 */
import { safeColor } from "@/components/ui/label-color";
import type { DomOffsetMapper } from "@/lib/dom/range-offsets";

/** The CSS Custom Highlight API is there (Chromium 105+, Safari 17.2+, Firefox 140+). */
export function supportsCustomHighlights(): boolean {
  return typeof CSS !== "undefined" && "highlights" in CSS && typeof Highlight !== "undefined" && typeof StaticRange !== "undefined";
}

export type PaintStyle = "agreed" | "boundary" | "label" | "missing" | "plain";
export const PAINT_STYLES: readonly PaintStyle[] = ["plain", "agreed", "boundary", "label", "missing"];

export interface PaintSpan {
  start: number;
  end: number;
  labelId: string;
  style: PaintStyle;
}

export interface PaintTarget {
  mapper: DomOffsetMapper;
  spans: readonly PaintSpan[];
}

const PREFIX = "rv";
const FOCUS = `${PREFIX}-focus`;
const FOCUS_SPAN = `${PREFIX}-focus-span`;

function highlightName(style: PaintStyle, labelIndex: number): string {
  return `${PREFIX}-${style}-${labelIndex}`;
}

/** The `::highlight()` rules for the labels (exported for tests). */
export function reviewHighlightCss(labels: readonly { id: string; color: string }[]): string {
  const rules: string[] = [];
  labels.forEach((l, i) => {
    const c = safeColor(l.color);
    const tint = (pct: number) => `color-mix(in srgb, ${c} ${pct}%, transparent)`;
    rules.push(
      `::highlight(${highlightName("plain", i)}){background-color:${tint(26)};}`,
      `::highlight(${highlightName("agreed", i)}){background-color:${tint(30)};}`,
      `::highlight(${highlightName("boundary", i)}){background-color:${tint(10)};text-decoration:underline dashed ${c} 2px;}`,
      `::highlight(${highlightName("label", i)}){background-color:${tint(10)};text-decoration:underline wavy ${c} 1.5px;}`,
      `::highlight(${highlightName("missing", i)}){background-color:${tint(10)};text-decoration:underline dotted ${c} 2.5px;}`,
    );
  });
  rules.push(
    `::highlight(${FOCUS}){background-color:color-mix(in srgb, #3b6cf6 26%, transparent);}`,
    `::highlight(${FOCUS_SPAN}){background-color:color-mix(in srgb, #3b6cf6 34%, transparent);text-decoration:underline overline solid #2a56de 2px;}`,
  );
  return rules.join("\n");
}

export class ReviewPainter {
  readonly supported = supportsCustomHighlights();
  private readonly labelIndex = new Map<string, number>();
  private readonly rangeCache = new WeakMap<DomOffsetMapper, Map<string, StaticRange>>();
  private readonly highlights = new Map<string, Highlight>();
  private styleEl: HTMLStyleElement | null = null;
  private painted = 0;

  setLabels(labels: readonly { id: string; color: string }[]): void {
    this.labelIndex.clear();
    labels.forEach((l, i) => this.labelIndex.set(l.id, i));
    if (typeof document === "undefined") return;
    if (!this.styleEl) {
      this.styleEl = document.createElement("style");
      this.styleEl.dataset.spanlab = "review-highlights";
      document.head.appendChild(this.styleEl);
    }
    this.styleEl.textContent = reviewHighlightCss(labels);
  }

  private range(mapper: DomOffsetMapper, start: number, end: number): StaticRange | null {
    let cache = this.rangeCache.get(mapper);
    if (!cache) {
      cache = new Map();
      this.rangeCache.set(mapper, cache);
    }
    const key = `${start}:${end}`;
    const hit = cache.get(key);
    if (hit && hit.startContainer.isConnected) return hit;
    try {
      const p = mapper.offsetsToPoints(start, end);
      const r = new StaticRange({ startContainer: p.start.node, startOffset: p.start.offset, endContainer: p.end.node, endOffset: p.end.offset });
      cache.set(key, r);
      return r;
    } catch (err) {
      console.warn(`[review] cannot paint ${start}–${end}`, err);
      return null;
    }
  }

  private highlight(name: string, priority: number): Highlight {
    let h = this.highlights.get(name);
    if (!h) {
      h = new Highlight();
      h.priority = priority;
      this.highlights.set(name, h);
      CSS.highlights.set(name, h);
    }
    return h;
  }

  /** Replaces everything painted with `targets`' spans. */
  paint(targets: readonly PaintTarget[]): void {
    if (!this.supported) return;
    const groups = new Map<string, StaticRange[]>();
    let count = 0;
    for (const t of targets) {
      for (const s of t.spans) {
        if (!(s.end > s.start)) continue;
        const idx = this.labelIndex.get(s.labelId);
        if (idx === undefined) continue;
        const r = this.range(t.mapper, s.start, s.end);
        if (!r) continue;
        const name = highlightName(s.style, idx);
        const list = groups.get(name);
        if (list) list.push(r);
        else groups.set(name, [r]);
        count += 1;
      }
    }
    for (const [name, h] of this.highlights) if (name !== FOCUS && name !== FOCUS_SPAN && !groups.has(name)) h.clear();
    for (const [name, ranges] of groups) {
      const style = name.split("-")[1] as PaintStyle;
      const h = this.highlight(name, PAINT_STYLES.indexOf(style));
      h.clear();
      for (const r of ranges) h.add(r);
    }
    this.painted = count;
  }

  /** The focused item's envelope (in each text) and its focused span. */
  setFocus(envelopes: readonly { mapper: DomOffsetMapper; start: number; end: number }[], span: { mapper: DomOffsetMapper; start: number; end: number } | null): void {
    if (!this.supported) return;
    const focus = this.highlight(FOCUS, 50);
    focus.clear();
    for (const e of envelopes) {
      const r = this.range(e.mapper, e.start, e.end);
      if (r) focus.add(r);
    }
    const focusSpan = this.highlight(FOCUS_SPAN, 60);
    focusSpan.clear();
    if (span) {
      const r = this.range(span.mapper, span.start, span.end);
      if (r) focusSpan.add(r);
    }
  }

  /** Ranges painted by the last `paint` (for the bench and tests). */
  get paintedCount(): number {
    return this.painted;
  }

  destroy(): void {
    for (const [name, h] of this.highlights) if (CSS.highlights.get(name) === h) CSS.highlights.delete(name);
    this.highlights.clear();
    this.styleEl?.remove();
    this.styleEl = null;
  }
}
