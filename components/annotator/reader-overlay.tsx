"use client";
import { memo, useEffect, useLayoutEffect, useRef, type RefObject } from "react";
import { isCollapsed, selectionBounds } from "@/lib/annotation/caret";
import { snapToGraphemes } from "@/lib/annotation/graphemes";
import type { OffsetIndex } from "@/lib/annotation/offsets";
import { snapToWords } from "@/lib/annotation/words";
import type { DomOffsetMapper } from "@/lib/dom/range-offsets";
import type { LabelDto } from "@/lib/server/dto";
import { useCursor, type CursorState, type CursorStore } from "./cursor-store";
import { caretRect, offsetFromPoint, rangeRects } from "./geometry";

const pickSel = (c: CursorState) => c.sel;
const pickFocused = (c: CursorState) => c.focused;
const pickSelectedId = (c: CursorState) => c.selectedId;

/** The screen-reader announcement of the current selection (a polite live region). */
export const SelectionAnnouncer = memo(function SelectionAnnouncer({ cursor, index }: { cursor: CursorStore; index: OffsetIndex }) {
  const sel = useCursor(cursor, pickSel);
  const b = sel && !isCollapsed(sel) ? selectionBounds(sel) : null;
  return (
    <div className="sr-only" aria-live="polite" data-testid="selection-announcer">
      {b ? `Selected “${index.sliceCp(b.start, Math.min(b.end, b.start + 80))}”. Press a label number to tag it.` : ""}
    </div>
  );
});

/**
 * What floats over the article (never inside it): the keyboard caret, the small label menu by a
 * selection, and the drag handles at the selected span's ends. Positions are measured from the
 * text through lib/dom in the animation frame after the inputs or the layout (`layoutTick`) change.
 */
export const ReaderOverlay = memo(function ReaderOverlay({
  wrapperRef,
  getMapper,
  text,
  cursor,
  findSpan,
  layer,
  labels,
  onTag,
  snap,
  readOnly,
  onDragPreview,
  onDragCommit,
  layoutTick,
}: {
  wrapperRef: RefObject<HTMLDivElement | null>;
  getMapper: () => DomOffsetMapper | null;
  text: string;
  cursor: CursorStore;
  /** The span with this id as it is now (the newest layer, which may be ahead of `layer`). */
  findSpan: (id: string | null) => { id: string; start: number; end: number } | null;
  /** The layer: a new one re-renders the overlay (the selected span may have moved). */
  layer: unknown;
  labels: LabelDto[];
  onTag: (label: LabelDto) => void;
  snap: boolean;
  readOnly: boolean;
  onDragPreview: (range: { start: number; end: number } | null) => void;
  onDragCommit: (range: { start: number; end: number }) => void;
  layoutTick: number;
}) {
  const caretEl = useRef<HTMLDivElement>(null);
  const menuEl = useRef<HTMLDivElement>(null);
  const startEl = useRef<HTMLDivElement>(null);
  const endEl = useRef<HTMLDivElement>(null);
  const drag = useRef<{ edge: "start" | "end"; range: { start: number; end: number } } | null>(null);
  const sel = useCursor(cursor, pickSel);
  const showCaret = useCursor(cursor, pickFocused);
  const selectedId = useCursor(cursor, pickSelectedId);
  const caret = sel ? sel.focus : null;
  const selection = sel && !isCollapsed(sel) ? selectionBounds(sel) : null;
  void layer; // a prop only to re-render when spans change
  const selectedSpan = selectedId ? findSpan(selectedId) : null;

  const selStart = selection?.start;
  const selEnd = selection?.end;
  const spanStart = selectedSpan?.start;
  const spanEnd = selectedSpan?.end;
  const usable = labels.filter((l) => !l.archived);
  const wantCaret = caret !== null && showCaret;
  const wantMenu = selStart !== undefined && selEnd !== undefined && selEnd > selStart && !readOnly && usable.length > 0;
  const wantHandles = spanStart !== undefined && spanEnd !== undefined && !readOnly;

  // Keep the caret in view when IT moves (not when the layout around it changes: paragraphs that
  // scroll into view get laid out and resize the article, which must not pull the page back).
  // Only a caret moved by the keyboard is scrolled to: one placed by the mouse or a touch is under the
  // pointer already, and scrolling then would move the text out from under a drag in progress.
  const scrolledFor = useRef<number | null>(null);
  const lastInput = useRef<"key" | "pointer">("pointer");

  // Positions are measured in the next animation frame, just before it is laid out and painted
  // anyway, and written straight to the elements: measuring here, right after React changed the
  // page, would make the browser lay it out an extra time inside the key press.
  useLayoutEffect(() => {
    const hide = (el: HTMLElement | null) => {
      if (el) el.style.visibility = "hidden";
    };
    if (!wantCaret) hide(caretEl.current);
    if (!wantHandles) {
      hide(startEl.current);
      hide(endEl.current);
    }
    if (!wantCaret && !wantMenu && !wantHandles) return;
    const frame = requestAnimationFrame(() => {
      const mapper = getMapper();
      const wrapper = wrapperRef.current;
      if (!mapper || !wrapper) return;
      const origin = wrapper.getBoundingClientRect();
      const place = (el: HTMLElement | null, r: { left: number; top: number; height?: number } | null) => {
        if (!el) return;
        if (!r) {
          el.style.visibility = "hidden";
          return;
        }
        el.style.left = `${r.left}px`;
        el.style.top = `${r.top}px`;
        if (r.height !== undefined) el.style.height = `${r.height}px`;
        el.style.visibility = "";
      };
      const rel = (r: DOMRect | null) => (r ? { left: r.left - origin.left, top: r.top - origin.top, height: r.height } : null);
      if (wantCaret && caret !== null) {
        place(caretEl.current, rel(caretRect(mapper, caret)));
        if (caretEl.current && caret !== scrolledFor.current) {
          scrolledFor.current = caret;
          if (lastInput.current === "key") caretEl.current.scrollIntoView({ block: "nearest", inline: "nearest" });
        }
      }
      if (wantMenu && selStart !== undefined && selEnd !== undefined) {
        const rects = rangeRects(mapper, selStart, selEnd);
        const last = rects[rects.length - 1];
        place(menuEl.current, last ? { left: Math.max(0, last.right - origin.left - 8), top: last.bottom - origin.top + 6 } : null);
      }
      if (wantHandles && spanStart !== undefined && spanEnd !== undefined) {
        const s = rel(caretRect(mapper, spanStart));
        const e = rel(caretRect(mapper, spanEnd));
        place(startEl.current, s && e ? s : null);
        place(endEl.current, s && e ? e : null);
      }
    });
    return () => cancelAnimationFrame(frame);
  }, [getMapper, wrapperRef, caret, wantCaret, wantMenu, wantHandles, selStart, selEnd, spanStart, spanEnd, layoutTick]);

  useEffect(() => {
    const onKey = () => {
      lastInput.current = "key";
    };
    const onPointer = () => {
      lastInput.current = "pointer";
    };
    document.addEventListener("keydown", onKey, true);
    document.addEventListener("pointerdown", onPointer, true);
    return () => {
      document.removeEventListener("keydown", onKey, true);
      document.removeEventListener("pointerdown", onPointer, true);
    };
  }, []);

  function snapEdge(edge: "start" | "end", cp: number): number {
    if (snap) {
      const w = snapToWords(text, cp, cp);
      if (w) return edge === "start" ? w.start : w.end;
    }
    return snapToGraphemes(text, cp, cp).start;
  }

  function onPointerDown(e: React.PointerEvent<HTMLDivElement>) {
    const edge = e.currentTarget.dataset.edge === "end" ? "end" : "start";
    if (!selectedSpan) return;
    e.preventDefault();
    e.stopPropagation();
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { edge, range: { start: selectedSpan.start, end: selectedSpan.end } };
  }
  function onPointerMove(e: React.PointerEvent<HTMLDivElement>) {
    const d = drag.current;
    const mapper = getMapper();
    if (!d || !mapper || !selectedSpan) return;
    const cp = offsetFromPoint(mapper, e.clientX, e.clientY);
    if (cp === null) return;
    const at = snapEdge(d.edge, cp);
    const next = d.edge === "start" ? { start: Math.min(at, selectedSpan.end - 1), end: selectedSpan.end } : { start: selectedSpan.start, end: Math.max(at, selectedSpan.start + 1) };
    const fixed = snapToGraphemes(text, next.start, next.end);
    if (fixed.end <= fixed.start) return;
    d.range = fixed;
    onDragPreview(fixed);
  }
  function onPointerUp(e: React.PointerEvent<HTMLDivElement>) {
    const d = drag.current;
    drag.current = null;
    e.currentTarget.releasePointerCapture(e.pointerId);
    onDragPreview(null);
    if (d && selectedSpan && (d.range.start !== selectedSpan.start || d.range.end !== selectedSpan.end)) onDragCommit(d.range);
  }

  return (
    <>
      {wantCaret ? <div ref={caretEl} aria-hidden className="sl-caret" data-testid="caret" style={{ visibility: "hidden" }} /> : null}
      {wantHandles
        ? (["start", "end"] as const).map((edge) => (
            <div
              key={edge}
              ref={edge === "start" ? startEl : endEl}
              aria-hidden
              className={`sl-handle sl-handle-${edge}`}
              data-testid={`handle-${edge}`}
              title={edge === "start" ? "Drag to move the start" : "Drag to move the end"}
              style={{ visibility: "hidden" }}
              data-edge={edge}
              onPointerDown={onPointerDown}
              onPointerMove={onPointerMove}
              onPointerUp={onPointerUp}
              onPointerCancel={onPointerUp}
            />
          ))
        : null}
      {wantMenu ? (
        <div
          ref={menuEl}
          role="toolbar"
          aria-label="Tag the selection"
          className="sl-selection-menu surface border-default"
          style={{ visibility: "hidden" }}
          onPointerDown={(e) => e.preventDefault()}
        >
          {usable.map((l) => (
            <button key={l.id} type="button" className="sl-menu-button" onClick={() => onTag(l)} title={`Tag as ${l.name}${l.hotkey ? ` (key ${l.hotkey})` : ""}`}>
              <span aria-hidden className="sl-swatch" style={{ background: l.color }} />
              {l.hotkey ? <kbd>{l.hotkey}</kbd> : null}
              {l.name}
            </button>
          ))}
        </div>
      ) : null}
    </>
  );
});
