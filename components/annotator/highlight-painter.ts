/**
 * Paints spans over the article WITHOUT touching the article's DOM.
 *
 * Preferred: the CSS Custom Highlight API. One `Highlight` per (label, lane): lane 0 is a
 * translucent background, lane 1 adds a solid underline, lanes ≥ 2 a wavy underline, so nested and
 * overlapping spans stay visible and distinguishable (colour is never the only signal: the panel
 * names labels, the selected span gets its own over/underline). Ranges are `StaticRange`s built
 * through lib/dom's cached mapper; `sync()` rebuilds ranges only for spans whose offsets changed and
 * moves a span between highlights only when its label or lane changed, so a new tag costs
 * O(changed + n log n stacking), not a repaint of the text.
 *
 * Only what is near the viewport is painted: an IntersectionObserver follows the article's
 * paragraphs and spans are put into the highlights while they are within two screens of view (the
 * ranges are made lazily and kept). Chromium re-walks every registered range when any highlight
 * changes, so with thousands of spans a single tag cost tens of milliseconds of pre-paint and paint;
 * with only the spans in view registered it costs what a short article costs, and opening a long
 * article makes ranges for one screenful instead of all of them.
 *
 * Fallback (no `CSS.highlights`): absolutely positioned boxes in an overlay element, laid out from
 * the ranges' client rects.
 */
import { computeStacking } from "@/lib/annotation/interval-index";
import type { DomOffsetMapper } from "@/lib/dom/range-offsets";

export interface PaintLabel {
  id: string;
  color: string;
}

export interface PaintSpan {
  id: string;
  start: number;
  end: number;
  labelId: string;
}

/** Lanes past this share its style. */
export const MAX_STYLED_LANE = 2;
export const SPECIAL_HIGHLIGHTS = ["sl-selection", "sl-selected", "sl-flash", "sl-preview", "sl-teammates"] as const;
type Special = (typeof SPECIAL_HIGHLIGHTS)[number];

export function highlightName(labelIndex: number, lane: number): string {
  return `sl-l${labelIndex}-${Math.min(lane, MAX_STYLED_LANE)}`;
}

export function supportsCustomHighlights(): boolean {
  return typeof CSS !== "undefined" && "highlights" in CSS && typeof Highlight !== "undefined" && typeof StaticRange !== "undefined";
}

/** A label colour safe to put in CSS (hex only; anything else becomes grey). */
export function safeColor(color: string): string {
  return /^#[0-9a-f]{3}([0-9a-f]{3})?([0-9a-f]{2})?$/i.test(color.trim()) ? color.trim() : "#6b7280";
}

/** The `::highlight()` rules for the labels, in label order. */
export function labelHighlightCss(labels: readonly PaintLabel[]): string {
  const rules: string[] = [];
  labels.forEach((l, i) => {
    const c = safeColor(l.color);
    rules.push(
      `::highlight(${highlightName(i, 0)}){background-color:color-mix(in srgb, ${c} 24%, transparent);}`,
      `::highlight(${highlightName(i, 1)}){background-color:color-mix(in srgb, ${c} 14%, transparent);text-decoration:underline solid ${c} 2px;}`,
      `::highlight(${highlightName(i, 2)}){background-color:color-mix(in srgb, ${c} 14%, transparent);text-decoration:underline wavy ${c} 1.5px;}`,
      `.sl-box-l${i}{background-color:color-mix(in srgb, ${c} 24%, transparent);border-bottom:2px solid ${c};}`,
    );
  });
  return rules.join("\n");
}

export interface Painter {
  readonly kind: "highlight-api" | "overlay";
  setLabels(labels: readonly PaintLabel[]): void;
  /** The spans to paint (already filtered by the label filter). Cheap when little changed. */
  sync(spans: readonly PaintSpan[]): void;
  setSelected(id: string | null): void;
  /** The pending text selection (snapped), painted as the selection. */
  setSelection(range: { start: number; end: number } | null): void;
  /** A boundary being dragged. */
  setPreview(range: { start: number; end: number } | null): void;
  flash(id: string, ms?: number): void;
  /** Teammates' spans (read-only overlay): a dotted underline under my own highlights; painted near the viewport only, like mine. */
  setTeammates(ranges: readonly { start: number; end: number }[]): void;
  /** Number of ranges painted per highlight name (for tests and the bench). */
  stats(): Record<string, number>;
  /** Re-measure (overlay fallback only; the Highlight API needs nothing). */
  relayout(): void;
  destroy(): void;
}

interface Entry {
  span: PaintSpan;
  /** Made on first need, kept while the span's offsets stay. */
  range: AbstractRange | null;
  /** The highlight its range is registered in, or null while it is off screen. */
  name: string | null;
  /** The highlight it belongs in (label and lane), whether or not it is registered now. */
  target: string;
}

/** How far beyond the viewport spans stay painted (CSS margin of the IntersectionObserver). */
export const PAINT_MARGIN = "200% 0px";

/** Common bookkeeping: ranges per span, lanes, and which group each range is in. */
abstract class BasePainter implements Painter {
  abstract readonly kind: Painter["kind"];
  protected entries = new Map<string, Entry>();
  protected labelIndex = new Map<string, number>();
  protected selectedId: string | null = null;
  private flashTimer: ReturnType<typeof setTimeout> | null = null;
  private styleEl: HTMLStyleElement | null = null;

  constructor(protected readonly mapper: DomOffsetMapper) {}

  /** Begins following the viewport (called once, right after construction). */
  start(): void {
    this.watchViewport();
  }

  protected abstract add(name: string, range: AbstractRange): void;
  protected abstract remove(name: string, range: AbstractRange): void;
  protected abstract setSpecial(name: Special, ranges: AbstractRange[]): void;
  abstract stats(): Record<string, number>;
  abstract relayout(): void;

  setLabels(labels: readonly PaintLabel[]): void {
    const next = new Map(labels.map((l, i) => [l.id, i]));
    const changed = next.size !== this.labelIndex.size || [...next].some(([id, i]) => this.labelIndex.get(id) !== i);
    this.labelIndex = next;
    const doc = this.mapper.root.ownerDocument;
    if (!this.styleEl) {
      this.styleEl = doc.createElement("style");
      this.styleEl.dataset.spanlab = "label-highlights";
      doc.head.appendChild(this.styleEl);
    }
    this.styleEl.textContent = labelHighlightCss(labels);
    if (changed) {
      // Re-file every span under its (possibly new) label index.
      const spans = [...this.entries.values()].map((e) => e.span);
      for (const e of this.entries.values()) if (e.name && e.range) this.remove(e.name, e.range);
      this.entries.clear();
      this.sync(spans);
    }
  }

  protected makeRange(start: number, end: number): AbstractRange | null {
    try {
      const p = this.mapper.offsetsToPoints(start, end);
      return new StaticRange({ startContainer: p.start.node, startOffset: p.start.offset, endContainer: p.end.node, endOffset: p.end.offset });
    } catch (err) {
      console.warn(`[editor] cannot paint ${start}–${end}`, err);
      return null;
    }
  }

  /** Code-point window of the paragraphs near the viewport: spans intersecting it are painted. */
  private paintWindow = { start: 0, end: Number.POSITIVE_INFINITY };
  private observer: IntersectionObserver | null = null;
  private readonly near = new Set<Element>();

  /** Starts following the paragraphs; until the first report, the window is what is on screen now. */
  protected watchViewport(): void {
    const root = this.mapper.root;
    const view = root.ownerDocument.defaultView;
    if (!view || typeof view.IntersectionObserver === "undefined") return; // paint everything
    this.paintWindow = this.measureWindow();
    this.observer = new view.IntersectionObserver(
      (records) => {
        for (const r of records) {
          if (r.isIntersecting) this.near.add(r.target);
          else this.near.delete(r.target);
        }
        const next = this.windowOfNear();
        if (next.start !== this.paintWindow.start || next.end !== this.paintWindow.end) {
          this.paintWindow = next;
          this.applyWindow();
        }
      },
      { rootMargin: PAINT_MARGIN },
    );
    for (const p of Array.from(root.children)) this.observer.observe(p);
  }

  private paragraphEnd(p: Element): number {
    const next = p.nextElementSibling as HTMLElement | null;
    const start = next?.dataset.start;
    return start === undefined ? Number.POSITIVE_INFINITY : Number(start);
  }

  private windowOfNear(): { start: number; end: number } {
    let start = Number.POSITIVE_INFINITY;
    let end = Number.NEGATIVE_INFINITY;
    for (const p of this.near) {
      const s = Number((p as HTMLElement).dataset.start ?? 0);
      start = Math.min(start, s);
      end = Math.max(end, this.paragraphEnd(p));
    }
    return start <= end ? { start, end } : { start: 0, end: 0 };
  }

  /** The window from the paragraphs' boxes now (one layout), before the observer has reported. */
  private measureWindow(): { start: number; end: number } {
    const root = this.mapper.root;
    const height = root.ownerDocument.defaultView?.innerHeight ?? 1000;
    let start = Number.POSITIVE_INFINITY;
    let end = Number.NEGATIVE_INFINITY;
    for (const p of Array.from(root.children) as HTMLElement[]) {
      const r = p.getBoundingClientRect();
      if (r.bottom < -2 * height) continue;
      if (r.top > 3 * height) break;
      start = Math.min(start, Number(p.dataset.start ?? 0));
      end = Math.max(end, this.paragraphEnd(p));
    }
    return start <= end ? { start, end } : { start: 0, end: Number.POSITIVE_INFINITY };
  }

  private inWindow(span: { start: number; end: number }): boolean {
    return span.end > this.paintWindow.start && span.start < this.paintWindow.end;
  }

  private rangeOf(e: Entry): AbstractRange | null {
    if (!e.range) e.range = this.makeRange(e.span.start, e.span.end);
    return e.range;
  }

  /** Registers what is in the window (in its target highlight) and unregisters what left it. */
  private place(e: Entry): void {
    const want = this.inWindow(e.span) ? e.target : null;
    if (e.name === want) return;
    if (e.name && e.range) this.remove(e.name, e.range);
    e.name = null;
    if (want) {
      const range = this.rangeOf(e);
      if (!range) return;
      this.add(want, range);
      e.name = want;
    }
  }

  private applyWindow(): void {
    for (const e of this.entries.values()) this.place(e);
    this.refreshTeammates();
  }

  /** Teammates' spans; only those in the paint window are registered (ranges made on first need). */
  private teammates: { span: { start: number; end: number }; range: AbstractRange | null }[] = [];

  private refreshTeammates(): void {
    const ranges: AbstractRange[] = [];
    for (const t of this.teammates) {
      if (!this.inWindow(t.span)) continue;
      if (!t.range) t.range = this.makeRange(t.span.start, t.span.end);
      if (t.range) ranges.push(t.range);
    }
    this.setSpecial("sl-teammates", ranges);
  }

  sync(spans: readonly PaintSpan[]): void {
    const next = new Map<string, Entry>();
    const live: PaintSpan[] = [];
    for (const s of spans) {
      if (!(s.end > s.start)) continue;
      const old = this.entries.get(s.id);
      if (old && old.span.start === s.start && old.span.end === s.end) {
        next.set(s.id, { span: s, range: old.range, name: old.name, target: old.target });
      } else {
        if (old?.name && old.range) this.remove(old.name, old.range);
        next.set(s.id, { span: s, range: null, name: null, target: "" });
      }
      live.push(s);
    }
    for (const [id, e] of this.entries) {
      if (!next.has(id) && e.name && e.range) this.remove(e.name, e.range);
    }
    const lanes = computeStacking(live);
    for (const [id, e] of next) {
      const idx = this.labelIndex.get(e.span.labelId);
      e.target = idx === undefined ? "sl-unknown" : highlightName(idx, lanes.get(id) ?? 0);
      this.place(e);
    }
    this.entries = next;
    this.refreshSelected();
  }

  setSelected(id: string | null): void {
    this.selectedId = id;
    this.refreshSelected();
  }

  private refreshSelected(): void {
    const e = this.selectedId ? this.entries.get(this.selectedId) : undefined;
    const range = e ? this.rangeOf(e) : null;
    this.setSpecial("sl-selected", range ? [range] : []);
  }

  setSelection(range: { start: number; end: number } | null): void {
    const r = range && range.end > range.start ? this.makeRange(range.start, range.end) : null;
    this.setSpecial("sl-selection", r ? [r] : []);
  }

  setPreview(range: { start: number; end: number } | null): void {
    const r = range && range.end > range.start ? this.makeRange(range.start, range.end) : null;
    this.setSpecial("sl-preview", r ? [r] : []);
  }

  setTeammates(ranges: readonly { start: number; end: number }[]): void {
    this.teammates = ranges.filter((r) => r.end > r.start).map((span) => ({ span, range: null }));
    this.refreshTeammates();
  }

  flash(id: string, ms = 1200): void {
    const e = this.entries.get(id);
    const range = e ? this.rangeOf(e) : null;
    if (!range) return;
    if (this.flashTimer) clearTimeout(this.flashTimer);
    this.setSpecial("sl-flash", [range]);
    this.flashTimer = setTimeout(() => this.setSpecial("sl-flash", []), ms);
  }

  destroy(): void {
    if (this.flashTimer) clearTimeout(this.flashTimer);
    this.observer?.disconnect();
    this.observer = null;
    this.styleEl?.remove();
    this.styleEl = null;
  }
}

class HighlightApiPainter extends BasePainter {
  readonly kind = "highlight-api" as const;
  private readonly highlights = new Map<string, Highlight>();

  private get(name: string): Highlight {
    let h = this.highlights.get(name);
    if (!h) {
      h = new Highlight();
      const lane = /-(\d+)$/.exec(name)?.[1];
      h.priority = name.startsWith("sl-l") ? Number(lane ?? 0) : 100;
      if (name === "sl-teammates") h.priority = -1; // beneath my own spans
      if (name === "sl-selected") h.priority = 110;
      if (name === "sl-selection" || name === "sl-preview") h.priority = 120;
      if (name === "sl-flash") h.priority = 130;
      CSS.highlights.set(name, h);
      this.highlights.set(name, h);
    }
    return h;
  }

  protected add(name: string, range: AbstractRange): void {
    this.get(name).add(range);
  }

  protected remove(name: string, range: AbstractRange): void {
    this.highlights.get(name)?.delete(range);
  }

  protected setSpecial(name: Special, ranges: AbstractRange[]): void {
    const h = this.get(name);
    h.clear();
    for (const r of ranges) h.add(r);
  }

  stats(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, h] of this.highlights) out[name] = h.size;
    return out;
  }

  relayout(): void {}

  destroy(): void {
    super.destroy();
    for (const [name, h] of this.highlights) {
      if (CSS.highlights.get(name) === h) CSS.highlights.delete(name);
    }
    this.highlights.clear();
  }
}

/** Fallback for browsers without the Highlight API: boxes in `overlay` (positioned over the article). */
class OverlayPainter extends BasePainter {
  readonly kind = "overlay" as const;
  private readonly groups = new Map<string, Set<AbstractRange>>();
  private frame: number | null = null;

  constructor(
    mapper: DomOffsetMapper,
    private readonly overlay: HTMLElement,
  ) {
    super(mapper);
  }

  private group(name: string): Set<AbstractRange> {
    let g = this.groups.get(name);
    if (!g) {
      g = new Set();
      this.groups.set(name, g);
    }
    return g;
  }

  protected add(name: string, range: AbstractRange): void {
    this.group(name).add(range);
    this.schedule();
  }

  protected remove(name: string, range: AbstractRange): void {
    this.groups.get(name)?.delete(range);
    this.schedule();
  }

  protected setSpecial(name: Special, ranges: AbstractRange[]): void {
    const g = this.group(name);
    g.clear();
    for (const r of ranges) g.add(r);
    this.schedule();
  }

  stats(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, g] of this.groups) out[name] = g.size;
    return out;
  }

  relayout(): void {
    this.schedule();
  }

  private schedule(): void {
    if (this.frame !== null) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      this.draw();
    });
  }

  private draw(): void {
    const doc = this.overlay.ownerDocument;
    const origin = this.overlay.getBoundingClientRect();
    const frag = doc.createDocumentFragment();
    for (const [name, g] of this.groups) {
      const cls = name.startsWith("sl-l") ? `sl-box sl-box-${name.slice(3).replace(/-\d+$/, "")} sl-box-lane-${name.slice(-1)}` : `sl-box sl-box-${name.slice(3)}`;
      for (const r of g) {
        const live = doc.createRange();
        live.setStart(r.startContainer, r.startOffset);
        live.setEnd(r.endContainer, r.endOffset);
        for (const rect of Array.from(live.getClientRects())) {
          const box = doc.createElement("div");
          box.className = cls;
          box.style.cssText = `position:absolute;left:${rect.left - origin.left}px;top:${rect.top - origin.top}px;width:${rect.width}px;height:${rect.height}px;pointer-events:none;`;
          frag.appendChild(box);
        }
      }
    }
    this.overlay.replaceChildren(frag);
  }

  destroy(): void {
    super.destroy();
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.overlay.replaceChildren();
  }
}

/** The Highlight API painter where supported, else the overlay fallback drawing into `overlay`. */
export function createPainter(mapper: DomOffsetMapper, overlay: HTMLElement): Painter {
  const painter = supportsCustomHighlights() ? new HighlightApiPainter(mapper) : new OverlayPainter(mapper, overlay);
  painter.start();
  return painter;
}
