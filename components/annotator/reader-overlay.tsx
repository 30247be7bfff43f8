"use client";
import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from "react";
import { snapToGraphemes } from "@/lib/annotation/graphemes";
import { snapToWords } from "@/lib/annotation/words";
import type { DomOffsetMapper } from "@/lib/dom/range-offsets";
import type { LabelDto } from "@/lib/server/dto";
import { caretRect, offsetFromPoint, rangeRects } from "./geometry";

interface Box {
  left: number;
  top: number;
  height: number;
}

/**
 * What floats over the article (never inside it): the keyboard caret, the small label menu by a
 * selection, and the drag handles at the selected span's ends. Positions are measured from the
 * text through lib/dom and re-measured when the inputs or the layout (`layoutTick`) change.
 */
export function ReaderOverlay({
  wrapperRef,
  getMapper,
  text,
  caret,
  showCaret,
  selection,
  labels,
  onTag,
  selectedSpan,
  snap,
  readOnly,
  onDragPreview,
  onDragCommit,
  layoutTick,
}: {
  wrapperRef: RefObject<HTMLDivElement | null>;
  getMapper: () => DomOffsetMapper | null;
  text: string;
  caret: number | null;
  showCaret: boolean;
  selection: { start: number; end: number } | null;
  labels: LabelDto[];
  onTag: (label: LabelDto) => void;
  selectedSpan: { id: string; start: number; end: number } | null;
  snap: boolean;
  readOnly: boolean;
  onDragPreview: (range: { start: number; end: number } | null) => void;
  onDragCommit: (range: { start: number; end: number }) => void;
  layoutTick: number;
}) {
  const [caretBox, setCaretBox] = useState<Box | null>(null);
  const [menuBox, setMenuBox] = useState<Box | null>(null);
  const [handles, setHandles] = useState<{ start: Box; end: Box } | null>(null);
  const caretEl = useRef<HTMLDivElement>(null);
  const drag = useRef<{ edge: "start" | "end"; range: { start: number; end: number } } | null>(null);

  const selStart = selection?.start;
  const selEnd = selection?.end;
  const spanStart = selectedSpan?.start;
  const spanEnd = selectedSpan?.end;

  useLayoutEffect(() => {
    const mapper = getMapper();
    const wrapper = wrapperRef.current;
    if (!mapper || !wrapper) return;
    const origin = wrapper.getBoundingClientRect();
    const rel = (r: DOMRect): Box => ({ left: r.left - origin.left, top: r.top - origin.top, height: r.height });
    const c = caret !== null && showCaret ? caretRect(mapper, caret) : null;
    setCaretBox(c ? rel(c) : null);
    if (selStart !== undefined && selEnd !== undefined && selEnd > selStart && !readOnly) {
      const rects = rangeRects(mapper, selStart, selEnd);
      const last = rects[rects.length - 1];
      setMenuBox(last ? { left: last.right - origin.left, top: last.bottom - origin.top, height: last.height } : null);
    } else {
      setMenuBox(null);
    }
    if (spanStart !== undefined && spanEnd !== undefined && !readOnly) {
      const s = caretRect(mapper, spanStart);
      const e = caretRect(mapper, spanEnd);
      setHandles(s && e ? { start: rel(s), end: rel(e) } : null);
    } else {
      setHandles(null);
    }
  }, [getMapper, wrapperRef, caret, showCaret, selStart, selEnd, spanStart, spanEnd, readOnly, layoutTick]);

  // Keep the caret in view when IT moves (not when the layout around it changes: paragraphs that
  // scroll into view get laid out and resize the article, which must not pull the page back).
  // Only a caret moved by the keyboard is scrolled to: one placed by the mouse or a touch is under the
  // pointer already, and scrolling then would move the text out from under a drag in progress.
  const scrolledFor = useRef<number | null>(null);
  const lastInput = useRef<"key" | "pointer">("pointer");
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
  useLayoutEffect(() => {
    if (!caretBox || !caretEl.current || caret === scrolledFor.current) return;
    scrolledFor.current = caret;
    if (lastInput.current !== "key") return;
    caretEl.current.scrollIntoView({ block: "nearest", inline: "nearest" });
  }, [caretBox, caret]);

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

  const usable = labels.filter((l) => !l.archived);
  return (
    <>
      {caretBox ? (
        <div
          ref={caretEl}
          aria-hidden
          className="sl-caret"
          data-testid="caret"
          style={{ left: caretBox.left, top: caretBox.top, height: caretBox.height }}
        />
      ) : null}
      {handles
        ? (["start", "end"] as const).map((edge) => (
            <div
              key={edge}
              aria-hidden
              className={`sl-handle sl-handle-${edge}`}
              data-testid={`handle-${edge}`}
              title={edge === "start" ? "Drag to move the start" : "Drag to move the end"}
              style={{ left: handles[edge].left, top: handles[edge].top, height: handles[edge].height }}
              data-edge={edge}
              onPointerDown={onPointerDown}
              onPointerMove={onPointerMove}
              onPointerUp={onPointerUp}
              onPointerCancel={onPointerUp}
            />
          ))
        : null}
      {menuBox && usable.length ? (
        <div
          role="toolbar"
          aria-label="Tag the selection"
          className="sl-selection-menu surface border-default"
          style={{ left: Math.max(0, menuBox.left - 8), top: menuBox.top + 6 }}
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
}
