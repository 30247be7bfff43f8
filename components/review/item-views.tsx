"use client";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { DIFFERENCE_MARKERS } from "@/lib/review/compare-layers";
import type { ItemStatus, ReviewItem, ReviewLayerSpan } from "@/lib/review/review-model";
import type { ReviewAnnotatorDto, ReviewEntityDto, ReviewSpanDto } from "@/lib/review/types";
import type { LabelDto } from "@/lib/server/dto";
import { LayerBadge } from "./layer-chips";

export function snippet(text: string, max = 90): string {
  const one = text.replace(/\s+/g, " ").trim();
  const cps = Array.from(one);
  return cps.length > max ? `${cps.slice(0, max - 1).join("")}…` : one;
}

export function LabelTag({ label }: { label: LabelDto | undefined }) {
  if (!label) return <span className="text-muted text-xs">unknown label</span>;
  return (
    <span className="inline-flex items-center gap-1 text-xs font-medium">
      <span aria-hidden className="inline-block size-2.5 rounded-sm" style={{ background: label.color }} />
      {label.name}
    </span>
  );
}

const STATUS_MARK: Record<ItemStatus, { text: string; className: string } | null> = {
  open: null,
  in_gold: { text: "★ in gold", className: "text-emerald-700 dark:text-emerald-400" },
  rejected: { text: "✕ rejected", className: "text-red-700 dark:text-red-400" },
};

/** One row of the item list (fixed height, for the virtual list). */
export function ItemRow({
  item,
  status,
  quote,
  labels,
  annotators,
  isActive,
  onClick,
}: {
  item: ReviewItem;
  status: ItemStatus;
  quote: string;
  labels: ReadonlyMap<string, LabelDto>;
  annotators: ReadonlyMap<string, ReviewAnnotatorDto>;
  isActive: boolean;
  onClick: () => void;
}) {
  const marker = DIFFERENCE_MARKERS[item.kind];
  const mark = STATUS_MARK[status];
  return (
    <div
      onClick={onClick}
      data-kind={item.kind}
      data-status={status}
      className={cn(
        "border-default flex h-full cursor-pointer flex-col justify-center gap-0.5 border-b px-3 text-sm",
        isActive ? "bg-accent-50 dark:bg-white/10" : "hover:bg-black/5 dark:hover:bg-white/5",
        isActive && "border-l-4 border-l-accent-600",
      )}
    >
      <div className="flex items-center gap-2">
        <span
          className={cn("inline-flex min-w-20 items-center gap-1 text-xs font-semibold", item.kind === "agreed" ? "text-emerald-700 dark:text-emerald-400" : "text-amber-700 dark:text-amber-400")}
        >
          <span aria-hidden>{marker.icon}</span>
          {marker.text}
        </span>
        <span className="flex min-w-0 items-center gap-2 overflow-hidden">
          {item.labelIds.map((id) => (
            <LabelTag key={id} label={labels.get(id)} />
          ))}
        </span>
        <span className="ml-auto flex items-center gap-0.5">
          {item.annotators.map((a) => {
            const who = annotators.get(a.annotator);
            return who ? <LayerBadge key={a.annotator} annotator={who} dim={a.spans.length === 0} /> : null;
          })}
        </span>
      </div>
      <div className="flex items-center gap-2">
        <span className="text-muted truncate text-xs">“{quote}”</span>
        {mark ? <span className={cn("ml-auto shrink-0 text-xs font-medium", mark.className)}>{mark.text}</span> : null}
      </div>
    </div>
  );
}

/** The focused item: who tagged what, with Accept / Reject per span. */
export function ItemDetail({
  item,
  status,
  focusedSpanId,
  labels,
  annotators,
  entities,
  spanText,
  isInGold,
  isRejected,
  canAdjudicate,
  onFocusSpan,
  onAccept,
  onReject,
  onComment,
  canComment,
}: {
  item: ReviewItem;
  status: ItemStatus;
  focusedSpanId: string | null;
  labels: ReadonlyMap<string, LabelDto>;
  annotators: ReadonlyMap<string, ReviewAnnotatorDto>;
  entities: ReadonlyMap<string, ReviewEntityDto>;
  spanText: (s: { start: number; end: number }) => string;
  isInGold: (s: ReviewLayerSpan) => boolean;
  isRejected: (s: ReviewLayerSpan) => boolean;
  canAdjudicate: boolean;
  onFocusSpan: (id: string) => void;
  onAccept: (s: ReviewLayerSpan) => void;
  onReject: (s: ReviewLayerSpan) => void;
  onComment: (s: ReviewLayerSpan) => void;
  canComment: boolean;
}) {
  const marker = DIFFERENCE_MARKERS[item.kind];
  return (
    <section aria-label="Focused item" className="space-y-2" data-testid="item-detail" data-kind={item.kind}>
      <div>
        <h2 className="flex items-center gap-2 text-sm font-semibold">
          <span aria-hidden>{marker.icon}</span>
          {item.kind === "agreed" ? "Agreed" : `Disagreement: ${item.differences.map((d) => DIFFERENCE_MARKERS[d].text).join(" + ")}`}
          <span className="text-muted text-xs font-normal">
            {item.start}–{item.end}
          </span>
          {status !== "open" ? <span className="text-xs font-medium">{status === "in_gold" ? "★ in gold" : "✕ rejected"}</span> : null}
        </h2>
        <p className="text-muted text-xs">{marker.description}</p>
      </div>
      <ul className="space-y-1.5">
        {item.annotators.map((a) => {
          const who = annotators.get(a.annotator);
          if (a.spans.length === 0) {
            return (
              <li key={a.annotator} className="border-default flex items-center gap-2 rounded border border-dashed px-2 py-1.5 text-xs">
                {who ? <LayerBadge annotator={who} dim /> : null}
                <span className="text-muted">
                  <span aria-hidden>∅ </span>
                  {who?.name ?? "Someone"} has no span here
                </span>
              </li>
            );
          }
          return a.spans.map((s) => {
            const focused = s.id === focusedSpanId;
            const entity = s.entityId ? entities.get(s.entityId) : undefined;
            const inGold = isInGold(s);
            const rejected = isRejected(s);
            return (
              <li
                key={s.id}
                aria-current={focused || undefined}
                data-span-id={s.id}
                onClick={() => onFocusSpan(s.id)}
                className={cn("rounded border px-2 py-1.5 text-xs", focused ? "border-accent-600 ring-accent-500 ring-1" : "border-default")}
              >
                <div className="flex items-center gap-2">
                  {who ? <LayerBadge annotator={who} /> : null}
                  <LabelTag label={labels.get(s.labelId)} />
                  <span className="text-muted">
                    {s.start}–{s.end}
                  </span>
                  {inGold ? <span className="font-medium text-emerald-700 dark:text-emerald-400">★ in gold</span> : null}
                  {rejected ? <span className="font-medium text-red-700 dark:text-red-400">✕ rejected</span> : null}
                </div>
                <p className="mt-1 line-clamp-2">“{snippet(spanText(s), 160)}”</p>
                {entity || Object.keys(s.attributes).length || s.note ? (
                  <p className="text-muted mt-0.5">
                    {entity ? `entity: ${entity.name}${entity.type ? ` (${entity.type})` : ""} ` : ""}
                    {Object.entries(s.attributes)
                      .map(([k, v]) => `${k}: ${String(v)}`)
                      .join(" · ")}
                    {s.note ? ` · note: ${snippet(s.note, 60)}` : ""}
                  </p>
                ) : null}
                {canAdjudicate || canComment ? (
                  <div className="mt-1.5 flex gap-1.5">
                    {canAdjudicate ? (
                      <>
                        <Button size="sm" variant="secondary" className="h-7 px-2 text-xs" disabled={inGold} onClick={() => onAccept(s)} aria-keyshortcuts={focused ? "A" : undefined}>
                          Accept{focused ? " (A)" : ""}
                        </Button>
                        <Button size="sm" variant="ghost" className="h-7 px-2 text-xs" onClick={() => onReject(s)} aria-keyshortcuts={focused ? "X" : undefined}>
                          Reject{focused ? " (X)" : ""}
                        </Button>
                      </>
                    ) : null}
                    {canComment ? (
                      <Button size="sm" variant="ghost" className="h-7 px-2 text-xs" onClick={() => onComment(s)}>
                        Comment{focused ? " (C)" : ""}
                      </Button>
                    ) : null}
                  </div>
                ) : null}
              </li>
            );
          });
        })}
      </ul>
    </section>
  );
}

/** One row of the gold list. */
export function GoldRow({
  span,
  quote,
  labels,
  labelList,
  source,
  relationCount,
  isPending,
  isActive,
  canEdit,
  onClick,
  onRelabel,
  onDelete,
}: {
  span: ReviewSpanDto;
  quote: string;
  labels: ReadonlyMap<string, LabelDto>;
  labelList: readonly LabelDto[];
  source: ReviewAnnotatorDto | undefined;
  relationCount: number;
  isPending: boolean;
  isActive: boolean;
  canEdit: boolean;
  onClick: () => void;
  onRelabel: (labelId: string) => void;
  onDelete: () => void;
}) {
  return (
    <div
      onClick={onClick}
      className={cn("border-default flex h-full flex-col justify-center gap-0.5 border-b px-3 text-xs", isActive ? "bg-accent-50 dark:bg-white/10" : "hover:bg-black/5 dark:hover:bg-white/5")}
      data-gold-id={span.id}
    >
      <div className="flex items-center gap-2">
        {canEdit && !isPending ? (
          <select
            aria-label="Gold span label"
            className="border-default rounded border bg-[var(--surface)] px-1 py-0.5 text-xs"
            value={span.labelId}
            onClick={(e) => e.stopPropagation()}
            onChange={(e) => onRelabel(e.target.value)}
          >
            {labelList.map((l) => (
              <option key={l.id} value={l.id} disabled={l.archived && l.id !== span.labelId}>
                {l.name}
              </option>
            ))}
          </select>
        ) : (
          <LabelTag label={labels.get(span.labelId)} />
        )}
        <span className="text-muted">
          {span.start}–{span.end}
        </span>
        {source ? (
          <span className="text-muted inline-flex items-center gap-1">
            from <LayerBadge annotator={source} />
          </span>
        ) : null}
        {relationCount ? <span className="text-muted">↗ {relationCount}</span> : null}
        {isPending ? <span className="text-muted">saving…</span> : null}
        {canEdit && !isPending ? (
          <button
            type="button"
            className="ml-auto rounded px-1.5 py-0.5 text-red-700 hover:bg-red-50 dark:text-red-400 dark:hover:bg-red-950"
            aria-label={`Delete gold span “${snippet(quote, 30)}”`}
            onClick={(e) => {
              e.stopPropagation();
              onDelete();
            }}
          >
            Delete
          </button>
        ) : null}
      </div>
      <span className="truncate">“{quote}”</span>
    </div>
  );
}
