"use client";
import { SelectField } from "@/components/ui/select-field";
import type { ExportPageData } from "@/lib/server/export-dto";
import { STATUS_LABELS } from "./types";

export interface ExportSelectionState {
  layer: string;
  statuses: string[];
  labelIds: string[];
  assignee: string;
  from: string;
  to: string;
  offsets: "codepoint" | "utf16";
}

function toggle(list: string[], value: string): string[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

const CHECKBOX = "accent-[var(--color-accent-600)]";
const DATE =
  "h-10 w-full rounded-md border border-default bg-[var(--surface)] px-3 text-sm text-[var(--text)] focus:border-accent-500 focus:outline-none";

/** Layer, filters (status, labels, assignee, import date) and — for formats that have it — the offset unit. */
export function SelectionFilters({
  data,
  value,
  onChange,
  supportsUtf16,
  errors,
}: {
  data: ExportPageData;
  value: ExportSelectionState;
  onChange: (next: ExportSelectionState) => void;
  supportsUtf16: boolean;
  errors?: Record<string, string[]>;
}) {
  const set = (patch: Partial<ExportSelectionState>) => onChange({ ...value, ...patch });
  return (
    <div className="space-y-5">
      <SelectField
        label="Layer"
        value={value.layer}
        onChange={(e) => set({ layer: e.target.value })}
        errors={errors?.layer}
        hint={
          value.layer === "all"
            ? "Every annotator's spans, each marked with its annotator, plus gold as “gold”."
            : value.layer === "gold"
              ? "The adjudicated spans only."
              : "Only this annotator's own spans."
        }
        options={data.layers.map((l) => ({
          value: l.value,
          label: l.spans === null ? l.label : `${l.label} — ${l.spans.toLocaleString()} span${l.spans === 1 ? "" : "s"}`,
        }))}
      />

      <fieldset>
        <legend className="mb-1 text-sm font-medium">Document status</legend>
        <p className="text-muted mb-2 text-xs">None checked: every status.</p>
        <div className="flex flex-wrap gap-x-4 gap-y-2">
          {data.statuses.map((s) => (
            <label key={s} className="flex items-center gap-2 text-sm">
              <input type="checkbox" className={CHECKBOX} checked={value.statuses.includes(s)} onChange={() => set({ statuses: toggle(value.statuses, s) })} />
              {STATUS_LABELS[s] ?? s}
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset>
        <legend className="mb-1 text-sm font-medium">Labels</legend>
        <p className="text-muted mb-2 text-xs">None checked: every label. Documents stay in the file; only spans are filtered.</p>
        {data.labels.length === 0 ? (
          <p className="text-muted text-sm">This project has no labels yet.</p>
        ) : (
          <div className="flex flex-wrap gap-x-4 gap-y-2">
            {data.labels.map((l) => (
              <label key={l.id} className="flex items-center gap-2 text-sm">
                <input type="checkbox" className={CHECKBOX} checked={value.labelIds.includes(l.id)} onChange={() => set({ labelIds: toggle(value.labelIds, l.id) })} />
                <span aria-hidden className="inline-block size-3 rounded-sm" style={{ background: l.color }} />
                {l.name}
                {l.archived ? <span className="text-muted text-xs">(archived)</span> : null}
              </label>
            ))}
          </div>
        )}
        {errors?.label ? <p className="mt-1 text-xs text-red-600 dark:text-red-400" role="alert">{errors.label.join(" ")}</p> : null}
      </fieldset>

      <SelectField
        label="Assigned to"
        value={value.assignee}
        onChange={(e) => set({ assignee: e.target.value })}
        errors={errors?.assignee}
        options={[{ value: "", label: "Anyone (no filter)" }, ...data.members.map((m) => ({ value: m.userId, label: `${m.name} (${m.email})` }))]}
      />

      <fieldset>
        <legend className="mb-1 text-sm font-medium">Imported between</legend>
        <p className="text-muted mb-2 text-xs">The document&apos;s import date (UTC), both days included. Leave empty for no limit.</p>
        <div className="grid grid-cols-2 gap-3">
          <div className="space-y-1">
            <label htmlFor="export-from" className="block text-xs font-medium">
              From
            </label>
            <input id="export-from" type="date" className={DATE} value={value.from} max={value.to || undefined} onChange={(e) => set({ from: e.target.value })} />
          </div>
          <div className="space-y-1">
            <label htmlFor="export-to" className="block text-xs font-medium">
              To
            </label>
            <input id="export-to" type="date" className={DATE} value={value.to} min={value.from || undefined} onChange={(e) => set({ to: e.target.value })} />
          </div>
        </div>
        {errors?.to || errors?.from ? (
          <p className="mt-1 text-xs text-red-600 dark:text-red-400" role="alert">
            {[...(errors.from ?? []), ...(errors.to ?? [])].join(" ")}
          </p>
        ) : null}
      </fieldset>

      {supportsUtf16 ? (
        <fieldset>
          <legend className="mb-1 text-sm font-medium">Offsets</legend>
          <div className="space-y-1 text-sm">
            <label className="flex items-start gap-2">
              <input type="radio" name="export-offsets" className={`mt-1 ${CHECKBOX}`} checked={value.offsets === "codepoint"} onChange={() => set({ offsets: "codepoint" })} />
              <span>
                Unicode code points <span className="text-muted">— Python&apos;s text[start:end]; the default</span>
              </span>
            </label>
            <label className="flex items-start gap-2">
              <input type="radio" name="export-offsets" className={`mt-1 ${CHECKBOX}`} checked={value.offsets === "utf16"} onChange={() => set({ offsets: "utf16" })} />
              <span>
                UTF-16 code units <span className="text-muted">— JavaScript string indices, e.g. for Label Studio</span>
              </span>
            </label>
          </div>
        </fieldset>
      ) : null}
    </div>
  );
}
