"use client";
import { memo } from "react";
import dynamic from "next/dynamic";
import type { LabelDto } from "@/lib/server/dto";

// The filter menu's code (Radix menu and its positioning) loads after the editor is up; until then
// the same button stands in, disabled.
const LabelFilterMenu = dynamic(() => import("./label-filter-menu").then((m) => m.LabelFilterMenu), {
  ssr: false,
  loading: () => (
    <button type="button" className="sl-secondary-button" disabled>
      Filter ▾
    </button>
  ),
});

export interface TeammatesSwitch {
  on: boolean;
  onChange: (on: boolean) => void;
  /** Their spans and how many people made them, once loaded. */
  spans: number | null;
  people: number | null;
  error: string | null;
}

function TeammatesToggle({ on, onChange, spans, people, error }: TeammatesSwitch) {
  const summary = !on
    ? null
    : error
      ? "could not load"
      : spans === null
        ? "loading…"
        : spans === 0
          ? "none yet"
          : `${spans} by ${people} ${people === 1 ? "person" : "people"}`;
  return (
    <label
      className="flex items-center gap-1.5 text-sm"
      title={error ?? "Show other annotators' spans as a dotted underline (read-only; key T). They update as your teammates save."}
    >
      <input type="checkbox" checked={on} onChange={(e) => onChange(e.target.checked)} data-testid="teammates-toggle" />
      <span aria-hidden className="sl-teammates-key" />
      Teammates
      {summary ? (
        <span className={error ? "text-red-700 dark:text-red-400" : "text-muted"} data-testid="teammates-summary">
          ({summary})
        </span>
      ) : null}
    </label>
  );
}

/**
 * The sticky label bar: one button per label with its hotkey (click = tag the selection, or relabel
 * the selected span), the entity type new Entity spans get, the "snap to words" switch and the
 * label filter; and, for people who may see other layers, the "Teammates" overlay switch.
 */
export const LabelPalette = memo(function LabelPalette({
  labels,
  allLabels,
  hidden,
  onToggleHidden,
  onShowAll,
  snap,
  onSnapChange,
  onTag,
  entityTypeByLabel,
  onEntityTypeChange,
  readOnly,
  teammates,
}: {
  labels: LabelDto[];
  allLabels: LabelDto[];
  hidden: ReadonlySet<string>;
  onToggleHidden: (labelId: string) => void;
  onShowAll: () => void;
  snap: boolean;
  onSnapChange: (on: boolean) => void;
  onTag: (label: LabelDto) => void;
  entityTypeByLabel: Record<string, string>;
  onEntityTypeChange: (labelId: string, type: string) => void;
  readOnly: boolean;
  /** The "Teammates" overlay switch; absent when this person may not see other layers. */
  teammates?: TeammatesSwitch;
}) {
  return (
    <div className="surface border-b">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-2 px-4 py-2">
        <div role="toolbar" aria-label="Labels" className="flex flex-wrap items-center gap-2">
          {labels.length === 0 ? <span className="text-muted text-sm">This project has no labels yet: a manager adds them under Labels.</span> : null}
          {labels.map((l) => (
            <div key={l.id} className="flex items-center">
              <button
                type="button"
                className="sl-label-button"
                onPointerDown={(e) => e.preventDefault()}
                onClick={() => onTag(l)}
                disabled={readOnly}
                aria-keyshortcuts={l.hotkey ?? undefined}
                title={`Tag the selection as ${l.name}${l.hotkey ? ` (key ${l.hotkey})` : ""}`}
              >
                <span aria-hidden className="sl-swatch" style={{ background: l.color }} />
                {l.hotkey ? <kbd aria-hidden>{l.hotkey}</kbd> : null}
                <span>{l.name}</span>
              </button>
              {l.kind === "entity" && l.entityTypes.length ? (
                <select
                  aria-label={`Type of new ${l.name} spans`}
                  className="sl-select ml-1"
                  value={entityTypeByLabel[l.id] ?? l.entityTypes[0]}
                  onChange={(e) => onEntityTypeChange(l.id, e.target.value)}
                  disabled={readOnly}
                >
                  {l.entityTypes.map((t) => (
                    <option key={t} value={t}>
                      {t}
                    </option>
                  ))}
                </select>
              ) : null}
            </div>
          ))}
        </div>
        <div className="ml-auto flex items-center gap-3">
          {teammates ? <TeammatesToggle {...teammates} /> : null}
          <label className="flex items-center gap-1.5 text-sm">
            <input type="checkbox" checked={snap} onChange={(e) => onSnapChange(e.target.checked)} />
            Snap to words
          </label>
          <LabelFilterMenu allLabels={allLabels} hidden={hidden} onToggleHidden={onToggleHidden} onShowAll={onShowAll} />
        </div>
      </div>
    </div>
  );
});
