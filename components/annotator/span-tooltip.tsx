"use client";
import type { AnnotationDto, EntityDto } from "@/lib/server/annotation-dto";
import type { LabelDto } from "@/lib/server/dto";

export interface HoverInfo {
  spanIds: string[];
  x: number;
  y: number;
}

/**
 * What the pointer is over: label, author, entity and note of each span there (innermost first).
 * Everything is rendered as React text — a note like `<img src=x onerror=…>` shows literally.
 */
export function SpanTooltip({
  info,
  spans,
  labels,
  entities,
}: {
  info: HoverInfo | null;
  spans: AnnotationDto[];
  labels: Map<string, LabelDto>;
  entities: EntityDto[];
}) {
  if (!info || spans.length === 0) return null;
  const shown = spans.slice(0, 3);
  const left = Math.min(info.x + 14, (typeof window === "undefined" ? 1200 : window.innerWidth) - 320);
  return (
    <div role="tooltip" data-testid="span-tooltip" className="sl-tooltip surface border-default" style={{ left, top: info.y + 18 }}>
      {shown.map((a) => {
        const label = labels.get(a.labelId);
        const entity = a.entityId ? entities.find((e) => e.id === a.entityId) : undefined;
        return (
          <div key={a.id} className="sl-tooltip-item">
            <div className="flex items-center gap-1.5 font-medium">
              <span aria-hidden className="sl-swatch" style={{ background: label?.color ?? "#888" }} />
              {label?.name ?? "Unknown label"}
              {a.entityType ? <span className="text-muted text-xs">({a.entityType})</span> : null}
            </div>
            <div className="text-muted text-xs">by {a.ownerName ?? "gold"}</div>
            {entity ? <div className="text-xs">Entity: {entity.name}</div> : null}
            {a.note ? (
              <div className="sl-tooltip-note" data-testid="tooltip-note">
                {a.note}
              </div>
            ) : null}
          </div>
        );
      })}
      {spans.length > shown.length ? <div className="text-muted text-xs">+{spans.length - shown.length} more</div> : null}
    </div>
  );
}
