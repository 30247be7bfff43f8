"use client";
import { memo, useCallback, useMemo, useRef, useState } from "react";
import type { AnnotationPatch, EditorLayer } from "@/lib/api-client/annotations";
import type { AnnotationDto, RelationDto } from "@/lib/server/annotation-dto";
import type { LabelDto } from "@/lib/server/dto";
import type { FocusRequest } from "./types";
import { useCursorLagging, type CursorState, type CursorStore } from "./cursor-store";
import { relationTargetName, SpanDetails } from "./span-details";

const pickSelectedId = (c: CursorState) => c.selectedId;

/** Spans listed per label before "Show more": enough to scan, few enough to render in a frame. */
const PAGE = 40;

function shortQuote(s: string, max = 70): string {
  const cps = Array.from(s.replace(/\s+/g, " ").trim());
  return cps.length > max ? `${cps.slice(0, max - 1).join("")}…` : cps.join("");
}

const SpanItem = memo(function SpanItem({
  a,
  label,
  entityName,
  relationLines,
  selected,
  onSelect,
}: {
  a: AnnotationDto;
  label: LabelDto | undefined;
  entityName: string | null;
  relationLines: string[];
  selected: boolean;
  onSelect: (id: string) => void;
}) {
  return (
    <li>
      <button type="button" className="sl-span-item" aria-current={selected ? "true" : undefined} onClick={() => onSelect(a.id)} data-span-id={a.id}>
        <span className="flex items-baseline gap-1.5">
          <span aria-hidden className="sl-swatch translate-y-0.5" style={{ background: label?.color ?? "#888" }} />
          <span className="sr-only">{label?.name ?? "Span"}: </span>
          {entityName ? <span className="font-medium">{entityName}</span> : null}
          <span className={entityName ? "text-muted" : undefined}>“{shortQuote(a.quote)}”</span>
          {a.entityType ? <span className="text-muted text-xs">({a.entityType})</span> : null}
          {a.note ? (
            <span className="text-muted text-xs" title="Has a note">
              ✎
            </span>
          ) : null}
        </span>
        {relationLines.map((line) => (
          <span key={line} className="text-muted block pl-4 text-xs">
            {line}
          </span>
        ))}
      </button>
    </li>
  );
});

/** The side panel: the selected span's details, then every span grouped by label with counts. */
/** Memoised: urgent re-renders of the editor (caret, selection) skip the list. */
export const SpanPanel = memo(function SpanPanel({
  projectId,
  layer,
  liveLayer,
  labels,
  hidden,
  cursor,
  readOnly,
  focusRequest,
  onSelect,
  onChangeLabel,
  onUpdate,
  onDelete,
  onOpenRelationPicker,
  onRemoveRelation,
  onCreateEntity,
  onOpenComments,
  undoState,
  onUndo,
  onRedo,
}: {
  projectId: string;
  /** Possibly a little behind (deferred) — for the long list. */
  layer: EditorLayer;
  /** Current — for the selected span's details. */
  liveLayer: EditorLayer;
  labels: LabelDto[];
  hidden: ReadonlySet<string>;
  /** The selected span comes from here, a moment after it changes (the outline on the text is painted at once). */
  cursor: CursorStore;
  readOnly: boolean;
  focusRequest: FocusRequest | null;
  onSelect: (id: string) => void;
  onChangeLabel: (a: AnnotationDto, label: LabelDto) => void;
  onUpdate: (a: AnnotationDto, patch: AnnotationPatch, description: string) => void;
  onDelete: (a: AnnotationDto) => void;
  onOpenRelationPicker: (a: AnnotationDto, type?: string) => void;
  onRemoveRelation: (r: RelationDto) => void;
  onCreateEntity: (input: { name: string; type: string | null; externalId: string | null }) => string;
  onOpenComments?: (a: AnnotationDto) => void;
  undoState: { canUndo: boolean; canRedo: boolean };
  onUndo: () => void;
  onRedo: () => void;
}) {
  const [shown, setShown] = useState<Record<string, number>>({});
  // Focus requests already carried out (kept here, across the details of successive spans).
  const handledFocus = useRef(0);
  const focusHandled = useCallback((n: number) => {
    handledFocus.current = Math.max(handledFocus.current, n);
  }, []);
  const selectedId = useCursorLagging(cursor, pickSelectedId);
  const selectedSpan = useMemo(() => (selectedId ? (liveLayer.annotations.find((a) => a.id === selectedId) ?? null) : null), [liveLayer, selectedId]);
  const { groups, total } = useMemo(() => {
    const byLabel = new Map<string, AnnotationDto[]>();
    for (const a of layer.annotations) {
      const list = byLabel.get(a.labelId);
      if (list) list.push(a);
      else byLabel.set(a.labelId, [a]);
    }
    for (const list of byLabel.values()) list.sort((x, y) => x.start - y.start || y.end - x.end);
    const ordered = labels.filter((l) => byLabel.has(l.id)).map((l) => ({ label: l as LabelDto | undefined, id: l.id, spans: byLabel.get(l.id) ?? [] }));
    for (const [id, spans] of byLabel) if (!labels.some((l) => l.id === id)) ordered.push({ label: undefined, id, spans });
    return { groups: ordered, total: layer.annotations.length };
  }, [layer.annotations, labels]);

  const relationLines = useMemo(() => {
    const out = new Map<string, string[]>();
    for (const r of layer.relations) {
      const line = `${r.type} → ${relationTargetName(r, layer, "out")}`;
      const list = out.get(r.fromId);
      if (list) list.push(line);
      else out.set(r.fromId, [line]);
    }
    return out;
  }, [layer]);
  const entityNames = useMemo(() => new Map(layer.entities.map((e) => [e.id, e.name])), [layer.entities]);
  const noLines: string[] = useMemo(() => [], []);

  return (
    <aside aria-label="Spans" className="sl-panel">
      <div className="flex items-center gap-2">
        <h2 className="font-semibold">Spans ({total})</h2>
        <div className="ml-auto flex gap-1">
          <button type="button" className="sl-secondary-button" onClick={onUndo} disabled={!undoState.canUndo || readOnly} title="Undo (Ctrl+Z)">
            Undo
          </button>
          <button type="button" className="sl-secondary-button" onClick={onRedo} disabled={!undoState.canRedo || readOnly} title="Redo (Ctrl+Shift+Z)">
            Redo
          </button>
        </div>
      </div>
      {total > 0 ? (
        <p className="text-muted text-sm" data-testid="label-counts">
          {groups.map((g) => `${g.label?.name ?? "Unknown"} ${g.spans.length}`).join(" · ")}
        </p>
      ) : null}

      {selectedSpan ? (
        <SpanDetails
          key={selectedSpan.id}
          projectId={projectId}
          span={selectedSpan}
          labels={labels}
          layer={liveLayer}
          readOnly={readOnly}
          focusRequest={focusRequest && focusRequest.spanId === selectedSpan.id && focusRequest.n > handledFocus.current ? focusRequest : null}
          onFocusHandled={focusHandled}
          onChangeLabel={onChangeLabel}
          onUpdate={onUpdate}
          onDelete={onDelete}
          onOpenRelationPicker={onOpenRelationPicker}
          onRemoveRelation={onRemoveRelation}
          onCreateEntity={onCreateEntity}
          onOpenComments={onOpenComments}
        />
      ) : null}

      {total === 0 ? (
        <div className="border-default mt-3 rounded-lg border border-dashed p-4 text-sm">
          <p className="font-medium">No spans yet</p>
          <p className="text-muted mt-1">Select text in the article (drag, double-click, or Shift+arrows), then press a label&apos;s number key or click the label above.</p>
        </div>
      ) : null}

      {groups.map((g) => {
        const isHidden = hidden.has(g.id);
        const limit = shown[g.id] ?? PAGE;
        return (
          <section key={g.id} aria-label={`${g.label?.name ?? "Unknown label"} spans`} className="mt-4" data-testid={`group-${g.label?.name ?? g.id}`}>
            <h3 className="flex items-center gap-2 text-sm font-semibold">
              <span aria-hidden className="sl-swatch" style={{ background: g.label?.color ?? "#888" }} />
              {g.label?.name ?? "Unknown label"}
              <span className="text-muted font-normal">{g.spans.length}</span>
              {isHidden ? <span className="text-muted text-xs font-normal">(hidden by the filter)</span> : null}
            </h3>
            {!isHidden ? (
              <>
                <ul className="mt-1 space-y-0.5">
                  {g.spans.slice(0, limit).map((a) => (
                    <SpanItem
                      key={a.id}
                      a={a}
                      label={g.label}
                      entityName={a.entityId ? (entityNames.get(a.entityId) ?? null) : null}
                      relationLines={relationLines.get(a.id) ?? noLines}
                      selected={a.id === selectedSpan?.id}
                      onSelect={onSelect}
                    />
                  ))}
                </ul>
                {g.spans.length > limit ? (
                  <button type="button" className="sl-link-button mt-1" onClick={() => setShown((s) => ({ ...s, [g.id]: limit + PAGE * 5 }))}>
                    Show more ({g.spans.length - limit} not shown)
                  </button>
                ) : null}
              </>
            ) : null}
          </section>
        );
      })}
    </aside>
  );
});
