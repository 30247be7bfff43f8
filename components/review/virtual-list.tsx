"use client";
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from "react";

/**
 * A windowed list with fixed-height rows: only the rows in view (plus a few) are in the DOM, so a
 * list of 15,000 items costs what 30 cost. It is a listbox: focus stays on the list, the active row
 * is `aria-activedescendant`, and it is scrolled into view when it changes.
 */
export function VirtualList({
  id,
  label,
  count,
  rowHeight,
  activeIndex,
  renderRow,
  onKeyDown,
  empty,
  className,
}: {
  id: string;
  label: string;
  count: number;
  rowHeight: number;
  activeIndex: number;
  renderRow: (index: number, isActive: boolean) => ReactNode;
  onKeyDown?: (e: KeyboardEvent<HTMLDivElement>) => void;
  empty?: ReactNode;
  className?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setHeight(el.clientHeight || 600);
    const ro = new ResizeObserver(() => setHeight(el.clientHeight || 600));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Keep the active row in view.
  useEffect(() => {
    const el = ref.current;
    if (!el || activeIndex < 0) return;
    const top = activeIndex * rowHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
  }, [activeIndex, rowHeight]);

  const onScroll = useCallback(() => {
    const el = ref.current;
    if (el) setScrollTop(el.scrollTop);
  }, []);

  const overscan = 6;
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    rows.push(
      <div key={i} id={`${id}-row-${i}`} role="option" aria-selected={i === activeIndex} style={{ position: "absolute", top: i * rowHeight, left: 0, right: 0, height: rowHeight }}>
        {renderRow(i, i === activeIndex)}
      </div>,
    );
  }

  return (
    <div
      ref={ref}
      id={id}
      role="listbox"
      aria-label={label}
      aria-activedescendant={activeIndex >= 0 && activeIndex < count ? `${id}-row-${activeIndex}` : undefined}
      tabIndex={0}
      onScroll={onScroll}
      onKeyDown={onKeyDown}
      className={className}
      style={{ overflowY: "auto", position: "relative" }}
      data-count={count}
    >
      {count === 0 ? empty : <div style={{ height: count * rowHeight, position: "relative" }}>{rows}</div>}
    </div>
  );
}
