"use client";
import { useEffect, useState } from "react";
import { DIFFERENCE_MARKERS, type MergedItemKind } from "@/lib/review/compare-layers";
import { firstItemAtOrAfter } from "@/lib/review/review-model";
import type { DomOffsetMapper } from "@/lib/dom/range-offsets";

interface MarkerItem {
  key: string;
  kind: MergedItemKind;
  start: number;
  end: number;
}

interface Placed {
  key: string;
  kind: MergedItemKind;
  left: number;
  top: number;
}

const MAX_MARKERS = 400;

/** Code-point range of the paragraphs (`[data-start]` children of `root`) visible in `scroller`. */
function visibleRange(root: HTMLElement, scroller: HTMLElement): { start: number; end: number } | null {
  const paragraphs = root.children;
  if (paragraphs.length === 0) return null;
  const view = scroller.getBoundingClientRect();
  const at = (i: number) => paragraphs[i] as HTMLElement;
  // First paragraph whose bottom is below the view's top.
  let lo = 0;
  let hi = paragraphs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (at(mid).getBoundingClientRect().bottom < view.top) lo = mid + 1;
    else hi = mid;
  }
  const first = Math.min(lo, paragraphs.length - 1);
  let last = first;
  while (last + 1 < paragraphs.length && at(last + 1).getBoundingClientRect().top <= view.bottom) last += 1;
  const start = Number(at(first).dataset.start ?? 0);
  const next = last + 1 < paragraphs.length ? Number(at(last + 1).dataset.start) : Number.POSITIVE_INFINITY;
  return { start, end: next };
}

/**
 * Icons above the start of each disagreement in view (↔ boundary, ≠ label, ∅ missing), so the text
 * itself says where the disagreements are, not only colour and underline style. Only markers in
 * view are placed (recomputed on scroll), so a document with thousands of items stays cheap.
 */
export function DisagreementMarkers({
  scroller,
  root,
  mapper,
  items,
  focusedKey,
  onPick,
}: {
  scroller: HTMLElement | null;
  root: HTMLElement | null;
  mapper: DomOffsetMapper | null;
  /** Disagreements, sorted by start. */
  items: readonly MarkerItem[];
  focusedKey: string | null;
  onPick: (key: string) => void;
}) {
  const [placed, setPlaced] = useState<Placed[]>([]);

  useEffect(() => {
    if (!scroller || !root || !mapper) return;
    let frame: number | null = null;
    const place = () => {
      frame = null;
      const range = visibleRange(root, scroller);
      if (!range) return setPlaced([]);
      const origin = scroller.getBoundingClientRect();
      const out: Placed[] = [];
      // Items that start a little before the view may still show; look back one paragraph's worth.
      for (let i = firstItemAtOrAfter(items, range.start); i < items.length && out.length < MAX_MARKERS; i++) {
        const item = items[i]!;
        if (item.start >= range.end) break;
        try {
          const r = mapper.offsetsToRange(item.start, Math.min(item.end, item.start + 1));
          const rect = r.getClientRects()[0] ?? r.getBoundingClientRect();
          out.push({ key: item.key, kind: item.kind, left: rect.left - origin.left + scroller.scrollLeft, top: rect.top - origin.top + scroller.scrollTop });
        } catch {
          // an offset the DOM can't show (should not happen): no marker
        }
      }
      setPlaced(out);
    };
    const schedule = () => {
      if (frame === null) frame = requestAnimationFrame(place);
    };
    schedule();
    scroller.addEventListener("scroll", schedule, { passive: true });
    const ro = new ResizeObserver(schedule);
    ro.observe(scroller);
    return () => {
      if (frame !== null) cancelAnimationFrame(frame);
      scroller.removeEventListener("scroll", schedule);
      ro.disconnect();
    };
  }, [scroller, root, mapper, items]);

  return (
    <div aria-hidden className="pointer-events-none absolute inset-0" data-testid="disagreement-markers">
      {placed.map((m) => {
        const marker = DIFFERENCE_MARKERS[m.kind];
        return (
          <button
            key={m.key}
            type="button"
            tabIndex={-1}
            title={`${marker.text} disagreement: ${marker.description}`}
            data-kind={m.kind}
            onClick={() => onPick(m.key)}
            className={`pointer-events-auto absolute z-10 -translate-y-3.5 rounded px-0.5 text-[10px] leading-none font-bold ${
              m.key === focusedKey ? "bg-accent-600 text-white" : "surface border-default border text-[var(--text)]"
            }`}
            style={{ left: m.left - 2, top: m.top }}
          >
            {marker.icon}
          </button>
        );
      })}
    </div>
  );
}
