"use client";
import { memo, useId, useLayoutEffect, useRef, type RefObject } from "react";
import type { DomOffsetMapper } from "@/lib/dom/range-offsets";
import type { RelationDto } from "@/lib/server/annotation-dto";
import { relationArc, type ArcEnd } from "./arc-geometry";
import { useCursor, type CursorState, type CursorStore } from "./cursor-store";
import { rangeRects } from "./geometry";
import { relationPhrase } from "./relation-names";

const pickSelectedId = (c: CursorState) => c.selectedId;
const SVG = "http://www.w3.org/2000/svg";

/**
 * The selected span's relations as thin arcs over the text (quote → speaker, claim → claimant),
 * each with an arrow at the span it points to and its name on the bow. Only the selected span's:
 * arcs for every relation at once would cover the article. Ends too far apart get none (the panel
 * lists every relation; screen readers hear them there, so the drawing is hidden from them).
 *
 * Measured in the animation frame after the selection, the spans or the layout change, and drawn
 * straight into the SVG (relation names are set as text, never parsed).
 */
export const RelationArcs = memo(function RelationArcs({
  wrapperRef,
  getMapper,
  cursor,
  findSpan,
  relationsOf,
  layer,
  layoutTick,
}: {
  wrapperRef: RefObject<HTMLDivElement | null>;
  getMapper: () => DomOffsetMapper | null;
  cursor: CursorStore;
  findSpan: (id: string | null) => { id: string; start: number; end: number } | null;
  relationsOf: (id: string) => RelationDto[];
  /** The layer: a new one re-renders (a relation or an end may have changed). */
  layer: unknown;
  layoutTick: number;
}) {
  const selectedId = useCursor(cursor, pickSelectedId);
  const arcsEl = useRef<SVGGElement>(null);
  const headId = `sl-arc-head-${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
  void layer;
  const relations = selectedId ? relationsOf(selectedId).filter((r) => r.deletedAt === null) : [];
  const ends = relations.map((r) => {
    const from = findSpan(r.fromId);
    const to = findSpan(r.toId);
    return from && to ? { id: r.id, type: r.type, from: [from.start, from.end] as const, to: [to.start, to.end] as const } : null;
  });
  const key = JSON.stringify(ends);

  useLayoutEffect(() => {
    const group = arcsEl.current;
    if (!group) return;
    const wanted = JSON.parse(key) as ({ id: string; type: string; from: [number, number]; to: [number, number] } | null)[];
    if (!wanted.some(Boolean)) {
      group.replaceChildren();
      return;
    }
    const frame = requestAnimationFrame(() => {
      const mapper = getMapper();
      const wrapper = wrapperRef.current;
      if (!mapper || !wrapper) return;
      const origin = wrapper.getBoundingClientRect();
      const endOf = ([start, end]: [number, number]): ArcEnd | null => {
        const first = rangeRects(mapper, start, end)[0];
        return first ? { left: first.left - origin.left, top: first.top - origin.top, width: first.width } : null;
      };
      const drawn: SVGElement[] = [];
      for (const w of wanted) {
        if (!w) continue;
        const a = endOf(w.from);
        const b = endOf(w.to);
        const arc = a && b ? relationArc(a, b) : null;
        if (!arc) continue;
        const path = document.createElementNS(SVG, "path");
        path.setAttribute("d", arc.d);
        path.setAttribute("class", "sl-arc");
        path.setAttribute("marker-end", `url(#${headId})`);
        path.dataset.relation = w.id;
        const label = document.createElementNS(SVG, "text");
        label.setAttribute("x", String(arc.labelX));
        label.setAttribute("y", String(arc.labelY - 3));
        label.setAttribute("class", "sl-arc-label");
        label.textContent = relationPhrase(w.type);
        drawn.push(path, label);
      }
      group.replaceChildren(...drawn);
    });
    return () => cancelAnimationFrame(frame);
  }, [key, layoutTick, getMapper, wrapperRef, headId]);

  return (
    <svg className="sl-arcs" aria-hidden data-testid="relation-arcs">
      <defs>
        <marker id={headId} viewBox="0 0 6 6" refX="5" refY="3" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
          <path d="M 0 0 L 6 3 L 0 6 z" className="sl-arc-head" />
        </marker>
      </defs>
      <g ref={arcsEl} />
    </svg>
  );
});
