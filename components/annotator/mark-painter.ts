/**
 * Paints spans over the article as MARKS: absolutely positioned boxes inside each paragraph,
 * behind its text (`<span class="sl-marks">` as the paragraph's last child, skipped by lib/dom's
 * offset mapping, hidden from assistive technology). The text itself is never touched.
 *
 * Why boxes and not the CSS Custom Highlight API (which this editor used before): Chromium
 * rebuilds every registered highlight range whenever ANY highlight, the DOM or a style changes,
 * and repaints every text node that carries one. On a long article each tag — and each render of
 * the side panel or the save status after it — repainted the whole screen of text (~30 ms of
 * Paint and ~17 ms of PrePaint per tag on the benchmark machine). A new box invalidates only its
 * own rectangle, so painting a tag costs about what a key press that paints nothing costs.
 *
 * Boxes are measured relative to their paragraph, whose inner layout depends on nothing but its
 * width: content above it changing height moves the paragraph, not the boxes in it. Off-screen
 * paragraphs are not laid out (`content-visibility: auto`), so marks are built lazily, a paragraph
 * at a time, when it comes near the viewport (the browser's `contentvisibilityautostatechange`
 * event, or an IntersectionObserver where that event does not exist), and rebuilt when the
 * article's width changes. `sync()` diffs spans by identity and offsets, so a tag measures one
 * span; lanes (the stacking depth of overlapping spans) come from one linear sweep over spans
 * kept sorted, and only spans whose lane changed are restyled.
 *
 * Styles (app/globals.css): lane 0 is a tint; lanes 1–3 add a solid, dashed or double underline,
 * each lower, so nested and overlapping spans stay visible and distinguishable without relying on
 * colour alone. The selected span gets a ring, the pending selection a tint, teammates' spans a
 * dotted line beneath.
 */
import { safeColor } from "@/components/ui/label-color";
import { stackSorted } from "@/lib/annotation/interval-index";
import { compareSpans } from "@/lib/annotation/spans";
import type { DomOffsetMapper } from "@/lib/dom/range-offsets";

export interface PaintLabel {
  id: string;
  color: string;
  /** Shown, shortened, as a tag at the start of each span (so colour is not the only signal). */
  name?: string;
}

export interface PaintSpan {
  id: string;
  start: number;
  end: number;
  labelId: string;
}

/** Lanes past this share its style (and position). */
export const MAX_LANE = 3;

/** A rectangle relative to its paragraph's box, in CSS pixels. */
export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Rectangles (one per line) of code points [start, end), all inside the paragraph that starts at `paraStart`. */
export type Measure = (para: HTMLElement, paraStart: number, start: number, end: number) => Box[];

/** The class giving a label's colour to its marks (by the label's position in the project's list). */
export function labelClass(labelIndex: number | undefined): string {
  return labelIndex === undefined ? "sl-m-lx" : `sl-m-l${labelIndex}`;
}

/**
 * A short tag per label for the start of its spans: the name's first character, or as many of its
 * first characters (up to three) as it takes to tell it from the project's other labels ("Cl" and
 * "Co" for Claim and Company); a name that is still not told apart gets its position too.
 */
export function labelTags(names: readonly string[]): string[] {
  const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });
  const chars = names.map((n) => Array.from(graphemes.segment(n.trim()), (g) => g.segment));
  const prefix = (i: number, k: number) => {
    const c = chars[i]!.slice(0, k);
    return c.length ? c[0]!.toLocaleUpperCase() + c.slice(1).join("").toLocaleLowerCase() : "";
  };
  return names.map((_, i) => {
    if (chars[i]!.length === 0) return String(i + 1);
    for (let k = 1; k <= 3; k++) {
      const mine = prefix(i, k);
      if (names.every((_o, j) => j === i || prefix(j, k) !== mine)) return mine;
    }
    return `${prefix(i, 1)}${i + 1}`;
  });
}

/** A CSS string literal that nothing can break out of: every character but letters and digits escaped. */
function cssString(value: string): string {
  let out = "";
  for (const c of value) out += /^[\p{L}\p{N}]$/u.test(c) ? c : `\\${c.codePointAt(0)!.toString(16)} `;
  return `"${out}"`;
}

/**
 * One rule per label setting the colour its marks use and the tag at the start of its spans
 * (rendered with the editor: nothing is injected at run time).
 */
export function labelMarkCss(labels: readonly PaintLabel[]): string {
  const tags = labelTags(labels.map((l) => l.name ?? ""));
  return labels.map((l, i) => `.${labelClass(i)}{--sl-c:${safeColor(l.color)}${l.name === undefined ? "" : `;--sl-tag:${cssString(tags[i]!)}`}}`).join("\n");
}

export interface PainterStats {
  /** My spans with marks in the DOM now. */
  spans: number;
  /** Teammates' spans with marks in the DOM now. */
  teammates: number;
  /** Paragraphs whose marks are built for the current layout. */
  paragraphs: number;
}

export interface Painter {
  readonly kind: "marks";
  setLabels(labels: readonly PaintLabel[]): void;
  /** The spans to paint (already filtered by the label filter). Cheap when little changed. */
  sync(spans: readonly PaintSpan[]): void;
  /** One span added or changed (what a tag or an edit does): no walk over all the others. */
  put(span: PaintSpan): void;
  /** One span gone (or hidden by the filter). */
  remove(id: string): void;
  setSelected(id: string | null): void;
  /** The pending text selection (snapped), painted as the selection. */
  setSelection(range: { start: number; end: number } | null): void;
  /** A boundary being dragged. */
  setPreview(range: { start: number; end: number } | null): void;
  flash(id: string, ms?: number): void;
  /** Teammates' spans (read-only overlay): a dotted line under the text. */
  setTeammates(ranges: readonly { start: number; end: number }[]): void;
  /** Paint the paragraph holding code point `cp` now (call before scrolling it into view). */
  reveal(cp: number): void;
  /** The article may have changed width: re-measure what is painted if it did (always, with `force`). */
  relayout(force?: boolean): void;
  stats(): PainterStats;
  destroy(): void;
}

export interface PainterOptions {
  /** How boxes are measured (tests inject one; the browser uses a Range's client rects). */
  measure?: Measure;
  /**
   * Which paragraphs get marks: "viewport" (those near it: content-visibility events, else an
   * IntersectionObserver) or "all" (every paragraph, at once).
   */
  paint?: "viewport" | "all";
}

interface Para {
  el: HTMLElement;
  start: number;
  /** Code point just past its text (the "\n" after it, or the end of the document). */
  end: number;
  layer: HTMLElement | null;
  /** The layout version its marks were measured at; -1 when it has none or they are stale. */
  version: number;
  /** Near the viewport (laid out and painted by the browser). */
  live: boolean;
  recs: Set<Rec>;
}

interface Mark {
  el: HTMLElement;
  para: Para;
}

interface Rec {
  id: string;
  start: number;
  end: number;
  labelId: string;
  /** The object last synced: the same object again means nothing changed. */
  source: PaintSpan | null;
  teammate: boolean;
  lane: number;
  /** Its marks' class ("" until it is drawn). */
  cls: string;
  marks: Mark[];
  /** First and last paragraph it touches. */
  first: number;
  last: number;
  /** The last sync that listed it. */
  gen: number;
}

interface Special {
  start: number;
  end: number;
  cls: string;
  marks: Mark[];
}

type SpecialName = "selected" | "selection" | "preview" | "flash";

const SPECIAL_CLASS: Record<SpecialName, string> = {
  selected: "sl-m sl-m-selected",
  selection: "sl-m sl-m-selection",
  preview: "sl-m sl-m-preview",
  flash: "sl-m sl-m-flash",
};

const TEAMMATE_CLASS = "sl-m sl-m-team";

function laneClass(lane: number): string {
  return `sl-lane-${Math.min(lane, MAX_LANE)}`;
}

/** The browser's measure: a Range over the paragraph's text node; its client rects relative to the paragraph. */
export function measureWithRange(mapper: DomOffsetMapper): Measure {
  const doc = mapper.root.ownerDocument;
  const index = mapper.index;
  return (para, paraStart, start, end) => {
    const text = para.firstChild;
    if (!text || text.nodeType !== 3) return [];
    const base = index.toUtf16(paraStart);
    const range = doc.createRange();
    range.setStart(text, index.toUtf16(start) - base);
    range.setEnd(text, index.toUtf16(end) - base);
    const origin = para.getBoundingClientRect();
    const out: Box[] = [];
    for (const r of Array.from(range.getClientRects())) {
      if (r.width <= 0 || r.height <= 0) continue;
      out.push({ left: r.left - origin.left, top: r.top - origin.top, width: r.width, height: r.height });
    }
    return mergeLineBoxes(out);
  };
}

/**
 * One box per line: the browser may give a line's text in pieces (a space hanging at the line's
 * end comes as a sliver of its own), which would draw a ring or an underline in pieces.
 */
export function mergeLineBoxes(boxes: Box[]): Box[] {
  const out: Box[] = [];
  for (const b of boxes) {
    const last = out[out.length - 1];
    if (last && Math.abs(last.top - b.top) < 0.5 && Math.abs(last.height - b.height) < 0.5 && b.left <= last.left + last.width + 1 && b.left + b.width >= last.left - 1) {
      const left = Math.min(last.left, b.left);
      last.width = Math.max(last.left + last.width, b.left + b.width) - left;
      last.left = left;
    } else {
      out.push({ ...b });
    }
  }
  return out;
}

class MarkPainter implements Painter {
  readonly kind = "marks" as const;
  private readonly doc: Document;
  private readonly paras: Para[];
  private readonly recs = new Map<string, Rec>();
  /** My spans (not teammates'), sorted by compareSpans: the order lanes are assigned in. */
  private readonly sorted: Rec[] = [];
  private labelIndex = new Map<string, number>();
  private teammates: Rec[] = [];
  private readonly specials = new Map<SpecialName, Special>();
  private selectedId: string | null = null;
  private flashTimer: ReturnType<typeof setTimeout> | null = null;
  private flashId: string | null = null;
  private version = 0;
  private width: number;
  private gen = 0;
  private readonly measure: Measure;
  private readonly cleanups: (() => void)[] = [];

  constructor(
    private readonly mapper: DomOffsetMapper,
    options: PainterOptions = {},
  ) {
    this.doc = mapper.root.ownerDocument;
    this.measure = options.measure ?? measureWithRange(mapper);
    const els = Array.from(mapper.root.children).filter((c): c is HTMLElement => c.hasAttribute("data-start"));
    const n = mapper.index.codePointLength;
    this.paras = els.map((el, i) => {
      const next = els[i + 1];
      return { el, start: Number(el.dataset.start), end: next ? Number(next.dataset.start) - 1 : n, layer: null, version: -1, live: false, recs: new Set<Rec>() };
    });
    this.width = mapper.root.clientWidth;
    this.watch(options.paint ?? "viewport");
  }

  // ----- which paragraphs are near the viewport ------------------------------------------------

  private watch(mode: "viewport" | "all"): void {
    const view = this.doc.defaultView;
    if (mode === "all" || !view) {
      for (const p of this.paras) p.live = true;
      return;
    }
    // What is on screen now gets marks in the first frame; the paragraphs around it (which the
    // browser may already be laying out, and may not report) once it is idle.
    const height = view.innerHeight || 1000;
    for (const p of this.windowOf(-0.25 * height, 1.25 * height)) p.live = true;
    const around = () => {
      for (const p of this.windowOf(-2 * height, 3 * height)) {
        p.live = true;
        if (p.version !== this.version) this.build(p);
      }
      this.flush();
    };
    if (typeof view.requestIdleCallback === "function") {
      const handle = view.requestIdleCallback(around, { timeout: 1000 });
      this.cleanups.push(() => view.cancelIdleCallback(handle));
    } else {
      const handle = view.setTimeout(around, 200);
      this.cleanups.push(() => view.clearTimeout(handle));
    }
    const byEl = new Map(this.paras.map((p) => [p.el as Element, p]));
    const setLive = (el: Element, live: boolean) => {
      const p = byEl.get(el);
      if (!p) return;
      p.live = live;
      if (live && p.version !== this.version) {
        this.build(p);
        this.flush();
      }
    };
    const cvEvents = typeof (view as unknown as Record<string, unknown>).ContentVisibilityAutoStateChangeEvent === "function";
    if (cvEvents) {
      // The paragraphs are `content-visibility: auto`: the browser says when it starts (or stops)
      // laying one out, which is exactly when its marks are needed.
      const onState = (e: Event) => setLive(e.target as Element, !(e as Event & { skipped: boolean }).skipped);
      const root = this.mapper.root;
      root.addEventListener("contentvisibilityautostatechange", onState, true);
      this.cleanups.push(() => root.removeEventListener("contentvisibilityautostatechange", onState, true));
    } else if (typeof view.IntersectionObserver !== "undefined") {
      const observer = new view.IntersectionObserver((records) => records.forEach((r) => setLive(r.target, r.isIntersecting)), { rootMargin: "150% 0px" });
      for (const p of this.paras) observer.observe(p.el);
      this.cleanups.push(() => observer.disconnect());
    } else {
      for (const p of this.paras) p.live = true;
    }
  }

  /** Paragraphs whose boxes reach into [top, bottom) of the viewport now (in px; one layout). */
  private windowOf(top: number, bottom: number): Para[] {
    let lo = 0;
    let hi = this.paras.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.paras[mid] as Para).el.getBoundingClientRect().bottom < top) lo = mid + 1;
      else hi = mid;
    }
    const out: Para[] = [];
    for (let i = lo; i < this.paras.length; i++) {
      const p = this.paras[i] as Para;
      if (p.el.getBoundingClientRect().top > bottom) break;
      out.push(p);
    }
    return out;
  }

  private paraIndexAt(cp: number): number {
    let lo = 0;
    let hi = this.paras.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.paras[mid] as Para).start <= cp) lo = mid + 1;
      else hi = mid;
    }
    return Math.max(0, lo - 1);
  }

  // ----- drawing --------------------------------------------------------------------------------

  private layerOf(p: Para): HTMLElement {
    if (p.layer && p.layer.parentNode === p.el) return p.layer;
    const layer = this.doc.createElement("span");
    layer.className = "sl-marks";
    layer.setAttribute("aria-hidden", "true");
    layer.setAttribute("data-offset-ignore", "");
    p.el.appendChild(layer);
    p.layer = layer;
    return layer;
  }

  /**
   * Marks for code points [start, end) within paragraph `p`: measured now, added to the DOM at the
   * next `flush()`. Measuring everything before adding anything keeps it to one layout: a box
   * added between two measurements would make the browser lay out again for the second.
   */
  private drawPiece(p: Para, start: number, end: number, cls: string, out: Mark[], tag?: { key: "span" | "team"; value: string }, head = false): void {
    const s = Math.max(start, p.start);
    const e = Math.min(end, p.end);
    if (e <= s) return;
    let boxes: Box[];
    try {
      boxes = this.measure(p.el, p.start, s, e);
    } catch (err) {
      console.warn(`[editor] cannot paint ${s}–${e}`, err);
      return;
    }
    for (const [i, b] of boxes.entries()) {
      const el = this.doc.createElement("span");
      el.className = cls;
      if (tag) el.dataset[tag.key] = tag.value;
      // The span's first box carries its label's tag (CSS draws it from --sl-tag).
      if (head && i === 0 && s === start) el.dataset.head = "";
      el.style.cssText = `left:${b.left}px;top:${b.top}px;width:${b.width}px;height:${b.height}px`;
      out.push({ el, para: p });
      this.pending.push({ el, para: p });
    }
  }

  private pending: Mark[] = [];
  /** Marks to take out, and layers to empty, at the next flush (before anything is added). */
  private removals: HTMLElement[] = [];
  private emptied = new Set<HTMLElement>();

  /** Applies the DOM changes since the last flush: removals first, then the new marks. */
  private flush(): void {
    if (this.removals.length) {
      for (const el of this.removals) el.remove();
      this.removals = [];
    }
    if (this.emptied.size) {
      for (const layer of this.emptied) layer.replaceChildren();
      this.emptied.clear();
    }
    const pending = this.pending;
    if (!pending.length) return;
    this.pending = [];
    let layer: HTMLElement | null = null;
    let para: Para | null = null;
    let frag: DocumentFragment | null = null;
    const put = () => {
      if (layer && frag) layer.appendChild(frag);
    };
    for (const m of pending) {
      if (m.para !== para) {
        put();
        para = m.para;
        layer = this.layerOf(m.para);
        frag = this.doc.createDocumentFragment();
      }
      frag!.appendChild(m.el);
    }
    put();
  }

  private drawRec(p: Para, rec: Rec): void {
    this.drawPiece(p, rec.start, rec.end, rec.cls, rec.marks, { key: rec.teammate ? "team" : "span", value: rec.id }, !rec.teammate);
  }

  /** (Re)builds every mark of one paragraph for the current layout. */
  private build(p: Para): void {
    if (p.layer) this.emptied.add(p.layer);
    if (this.pending.length) this.pending = this.pending.filter((m) => m.para !== p);
    p.version = this.version;
    for (const rec of p.recs) {
      if (rec.marks.length) rec.marks = rec.marks.filter((m) => m.para !== p);
      if (rec.cls) this.drawRec(p, rec);
    }
    for (const sp of this.specials.values()) {
      if (sp.marks.length) sp.marks = sp.marks.filter((m) => m.para !== p);
      this.drawPiece(p, sp.start, sp.end, sp.cls, sp.marks);
    }
  }

  /**
   * Draws new or moved spans where the browser paints now. A paragraph near the viewport without
   * current marks is built whole (drawing these too); the others are marked stale and built when
   * they come near. Each span's class must be set first.
   */
  private drawAll(recs: readonly Rec[]): void {
    const builtNow = new Set<Para>();
    for (const rec of recs) {
      for (let i = rec.first; i <= rec.last; i++) {
        const p = this.paras[i] as Para;
        if (!p.live) {
          p.version = -1;
          continue;
        }
        if (builtNow.has(p)) continue;
        if (p.version !== this.version) {
          this.build(p);
          builtNow.add(p);
          continue;
        }
        this.drawRec(p, rec);
      }
    }
  }

  private setSpecial(name: SpecialName, range: { start: number; end: number } | null): void {
    const old = this.specials.get(name);
    if (old) for (const m of old.marks) this.removals.push(m.el);
    this.specials.delete(name);
    if (!range || range.end <= range.start) return;
    const sp: Special = { start: range.start, end: range.end, cls: SPECIAL_CLASS[name], marks: [] };
    this.specials.set(name, sp);
    const first = this.paraIndexAt(sp.start);
    const last = this.paraIndexAt(Math.max(sp.start, sp.end - 1));
    for (let i = first; i <= last; i++) {
      const p = this.paras[i] as Para;
      if (!p.live) continue;
      if (p.version !== this.version) this.build(p); // draws the special too
      else this.drawPiece(p, sp.start, sp.end, sp.cls, sp.marks);
    }
    this.flush();
  }

  // ----- spans ----------------------------------------------------------------------------------

  private classOf(rec: Rec): string {
    if (rec.teammate) return TEAMMATE_CLASS;
    return `sl-m ${labelClass(this.labelIndex.get(rec.labelId))} ${laneClass(rec.lane)}`;
  }

  private attach(rec: Rec): void {
    rec.first = this.paraIndexAt(rec.start);
    rec.last = this.paraIndexAt(Math.max(rec.start, rec.end - 1));
    for (let i = rec.first; i <= rec.last; i++) (this.paras[i] as Para).recs.add(rec);
    if (!rec.teammate) this.sorted.splice(this.sortedIndex(rec), 0, rec);
  }

  private detach(rec: Rec): void {
    for (const m of rec.marks) this.removals.push(m.el);
    rec.marks = [];
    for (let i = rec.first; i <= rec.last; i++) (this.paras[i] as Para).recs.delete(rec);
    if (!rec.teammate) {
      const i = this.sortedIndex(rec);
      const at = this.sorted[i] === rec ? i : this.sorted.indexOf(rec);
      if (at >= 0) this.sorted.splice(at, 1);
    }
  }

  /** Where `rec` sits (or would sit) in `sorted`. */
  private sortedIndex(rec: Rec): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareSpans(this.sorted[mid] as Rec, rec) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private restyle(rec: Rec): void {
    const cls = this.classOf(rec);
    if (cls === rec.cls) return;
    rec.cls = cls;
    for (const m of rec.marks) m.el.className = cls;
  }

  sync(spans: readonly PaintSpan[]): void {
    const gen = ++this.gen;
    const fresh: Rec[] = [];
    let seen = 0;
    for (const s of spans) {
      if (!(s.end > s.start)) continue;
      const rec = this.recs.get(s.id);
      if (rec && rec.gen !== gen) seen++;
      const moved = this.upsert(s, gen);
      if (moved) fresh.push(moved);
      if (!rec) seen++;
    }
    let removed = false;
    if (seen !== this.recs.size) {
      for (const [id, rec] of this.recs) {
        if (rec.gen === gen) continue;
        this.detach(rec);
        this.recs.delete(id);
        removed = true;
      }
    }
    this.settle(fresh, removed);
  }

  put(span: PaintSpan): void {
    if (!(span.end > span.start)) return this.remove(span.id);
    const moved = this.upsert(span, this.gen);
    this.settle(moved ? [moved] : [], false);
  }

  remove(id: string): void {
    const rec = this.recs.get(id);
    if (!rec) return;
    this.detach(rec);
    this.recs.delete(id);
    this.settle([], true);
  }

  /** Records `s` (stamped with `gen`): the record when it is new or moved and must be drawn, else null. */
  private upsert(s: PaintSpan, gen: number): Rec | null {
    const rec = this.recs.get(s.id);
    if (!rec) {
      const created: Rec = { id: s.id, start: s.start, end: s.end, labelId: s.labelId, source: s, teammate: false, lane: 0, cls: "", marks: [], first: 0, last: 0, gen };
      this.recs.set(s.id, created);
      this.attach(created);
      return created;
    }
    rec.gen = gen;
    if (rec.source === s) return null;
    rec.source = s;
    if (rec.start !== s.start || rec.end !== s.end) {
      this.detach(rec);
      rec.start = s.start;
      rec.end = s.end;
      rec.labelId = s.labelId;
      rec.cls = "";
      this.attach(rec);
      return rec;
    }
    if (rec.labelId !== s.labelId) {
      rec.labelId = s.labelId;
      this.restyle(rec);
    }
    return null;
  }

  /** After spans were added, moved or removed: new lanes, the new marks, the selected ring, and the DOM. */
  private settle(fresh: readonly Rec[], removed: boolean): void {
    if (fresh.length || removed) {
      stackSorted(this.sorted, (rec, lane) => {
        if (rec.lane === lane) return;
        rec.lane = lane;
        if (rec.cls) this.restyle(rec); // drawn already, and its lane changed
      });
      for (const rec of fresh) rec.cls = this.classOf(rec);
      this.drawAll(fresh);
    }
    this.refreshSelected();
    if (this.flashId && !this.recs.has(this.flashId)) this.setSpecial("flash", null);
    this.flush();
  }

  setLabels(labels: readonly PaintLabel[]): void {
    const next = new Map(labels.map((l, i) => [l.id, i]));
    const changed = next.size !== this.labelIndex.size || [...next].some(([id, i]) => this.labelIndex.get(id) !== i);
    this.labelIndex = next;
    if (changed) for (const rec of this.recs.values()) if (rec.cls) this.restyle(rec);
  }

  setTeammates(ranges: readonly { start: number; end: number }[]): void {
    for (const rec of this.teammates) this.detach(rec);
    this.teammates = [];
    ranges.forEach((r, i) => {
      if (!(r.end > r.start)) return;
      const rec: Rec = { id: `t${i}`, start: r.start, end: r.end, labelId: "", source: null, teammate: true, lane: 0, cls: TEAMMATE_CLASS, marks: [], first: 0, last: 0, gen: 0 };
      this.attach(rec);
      this.teammates.push(rec);
    });
    this.drawAll(this.teammates);
    this.flush();
  }

  // ----- selection, selected, preview, flash ----------------------------------------------------

  setSelected(id: string | null): void {
    this.selectedId = id;
    this.refreshSelected();
  }

  private refreshSelected(): void {
    const rec = this.selectedId ? this.recs.get(this.selectedId) : undefined;
    const cur = this.specials.get("selected");
    if (rec && cur && cur.start === rec.start && cur.end === rec.end) return;
    if (!rec && !cur) return;
    this.setSpecial("selected", rec ? { start: rec.start, end: rec.end } : null);
  }

  setSelection(range: { start: number; end: number } | null): void {
    const cur = this.specials.get("selection");
    if (range && cur && cur.start === range.start && cur.end === range.end) return;
    if (!range && !cur) return;
    this.setSpecial("selection", range);
  }

  setPreview(range: { start: number; end: number } | null): void {
    this.setSpecial("preview", range);
  }

  flash(id: string, ms = 1200): void {
    const rec = this.recs.get(id);
    if (!rec) return;
    if (this.flashTimer) clearTimeout(this.flashTimer);
    this.flashId = id;
    this.setSpecial("flash", { start: rec.start, end: rec.end });
    this.flashTimer = setTimeout(() => {
      this.flashTimer = null;
      this.flashId = null;
      this.setSpecial("flash", null);
    }, ms);
  }

  // ----- layout ---------------------------------------------------------------------------------

  reveal(cp: number): void {
    const p = this.paras[this.paraIndexAt(cp)];
    if (!p) return;
    p.live = true;
    if (p.version !== this.version) this.build(p);
    this.flush();
  }

  relayout(force = false): void {
    const width = this.mapper.root.clientWidth;
    if (!force && width === this.width) return;
    this.width = width;
    this.version += 1;
    for (const p of this.paras) if (p.live) this.build(p);
    this.flush();
  }

  stats(): PainterStats {
    let spans = 0;
    for (const rec of this.recs.values()) if (rec.marks.length) spans++;
    let teammates = 0;
    for (const rec of this.teammates) if (rec.marks.length) teammates++;
    let paragraphs = 0;
    for (const p of this.paras) if (p.version === this.version) paragraphs++;
    return { spans, teammates, paragraphs };
  }

  destroy(): void {
    if (this.flashTimer) clearTimeout(this.flashTimer);
    for (const c of this.cleanups) c();
    for (const p of this.paras) {
      p.layer?.remove();
      p.layer = null;
    }
  }
}

/** A painter over the article under `mapper.root` (its children with `data-start` are the paragraphs). */
export function createPainter(mapper: DomOffsetMapper, options?: PainterOptions): Painter {
  return new MarkPainter(mapper, options);
}
