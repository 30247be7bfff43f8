"use client";
import { Button } from "@/components/ui/button";
import type { AgreementFilters } from "@/lib/api-client/agreement";
import type { AgreementFiltersDto, AgreementLabelDto, AgreementPersonDto } from "@/lib/server/agreement";

type Status = AgreementFiltersDto["statuses"][number];

/** The article workflow statuses (db/schema/documents.ts DOCUMENT_STATUSES), in workflow order. */
const STATUS_OPTIONS = [
  { value: "unassigned", label: "Unassigned" },
  { value: "in_progress", label: "In progress" },
  { value: "submitted", label: "Submitted" },
  { value: "in_review", label: "In review" },
  { value: "approved", label: "Approved" },
  { value: "returned", label: "Returned" },
] as const satisfies readonly { value: Status; label: string }[];
// Fails to compile when a status is added to the schema but not listed above.
const _everyStatusListed: Exclude<Status, (typeof STATUS_OPTIONS)[number]["value"]> extends never ? true : never = true;

const CHECKBOX = "accent-[var(--color-accent-600)]";

function toggle<T>(list: readonly T[] | undefined, value: T): T[] {
  const current = list ?? [];
  return current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
}

export function hasAnyFilter(filters: AgreementFilters): boolean {
  return Boolean(filters.labelIds?.length || filters.annotatorIds?.length || filters.statuses?.length || filters.documentIds?.length);
}

/**
 * Labels, annotators and article statuses the report is computed over. None checked in a group
 * means all of it. Each change asks the server for a new report.
 */
export function AgreementFiltersPanel({
  value,
  onChange,
  labels,
  annotators,
  errors,
}: {
  value: AgreementFilters;
  onChange: (next: AgreementFilters) => void;
  labels: AgreementLabelDto[];
  /** Everyone who can be picked (people with a layer, plus anyone already picked). */
  annotators: AgreementPersonDto[];
  errors?: Record<string, string[]>;
}) {
  const set = (patch: Partial<AgreementFilters>) => onChange({ ...value, ...patch });
  const pickedAnnotators = value.annotatorIds?.length ?? 0;
  return (
    <div className="space-y-5" role="group" aria-label="Filters">
      <fieldset>
        <legend className="mb-1 text-sm font-medium">Annotators</legend>
        <p className="text-muted mb-2 text-xs">None checked: everyone with a layer. Two or more make pairs.</p>
        {annotators.length === 0 ? (
          <p className="text-muted text-sm">Nobody has annotated an article here yet.</p>
        ) : (
          <div className="max-h-56 space-y-1.5 overflow-y-auto pr-1">
            {annotators.map((a) => (
              <label key={a.id} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  className={CHECKBOX}
                  checked={value.annotatorIds?.includes(a.id) ?? false}
                  onChange={() => set({ annotatorIds: toggle(value.annotatorIds, a.id) })}
                />
                <span className="truncate">{a.name}</span>
              </label>
            ))}
          </div>
        )}
        {pickedAnnotators === 1 ? (
          <p className="mt-1 text-xs text-amber-700 dark:text-amber-400">One annotator alone makes no pair: pick another to compare, or uncheck to use everyone.</p>
        ) : null}
        <FieldErrors messages={errors?.annotatorIds} />
      </fieldset>

      <fieldset>
        <legend className="mb-1 text-sm font-medium">Labels</legend>
        <p className="text-muted mb-2 text-xs">None checked: every label. Spans of other labels are left out, as if nobody had marked them.</p>
        {labels.length === 0 ? (
          <p className="text-muted text-sm">This project has no labels yet.</p>
        ) : (
          <div className="max-h-56 space-y-1.5 overflow-y-auto pr-1">
            {labels.map((l) => (
              <label key={l.id} className="flex items-center gap-2 text-sm">
                <input type="checkbox" className={CHECKBOX} checked={value.labelIds?.includes(l.id) ?? false} onChange={() => set({ labelIds: toggle(value.labelIds, l.id) })} />
                <span aria-hidden className="inline-block size-3 shrink-0 rounded-sm" style={{ background: l.color }} />
                <span className="truncate">{l.name}</span>
                {l.archived ? <span className="text-muted text-xs">(archived)</span> : null}
              </label>
            ))}
          </div>
        )}
        <FieldErrors messages={errors?.labelIds} />
      </fieldset>

      <fieldset>
        <legend className="mb-1 text-sm font-medium">Article status</legend>
        <p className="text-muted mb-2 text-xs">None checked: every status. E.g. only submitted and approved articles for finished work.</p>
        <div className="grid grid-cols-2 gap-x-3 gap-y-1.5">
          {STATUS_OPTIONS.map((s) => (
            <label key={s.value} className="flex items-center gap-2 text-sm">
              <input type="checkbox" className={CHECKBOX} checked={value.statuses?.includes(s.value) ?? false} onChange={() => set({ statuses: toggle(value.statuses, s.value) })} />
              {s.label}
            </label>
          ))}
        </div>
        <FieldErrors messages={errors?.statuses} />
      </fieldset>

      {value.documentIds?.length ? (
        <p className="text-muted text-xs">
          Limited to {value.documentIds.length} article{value.documentIds.length === 1 ? "" : "s"}.{" "}
          <button type="button" className="underline hover:text-[var(--text)]" onClick={() => set({ documentIds: [] })}>
            Use every article
          </button>
        </p>
      ) : null}

      <Button type="button" variant="secondary" size="sm" disabled={!hasAnyFilter(value)} onClick={() => onChange({})}>
        Clear filters
      </Button>
    </div>
  );
}

function FieldErrors({ messages }: { messages?: string[] }) {
  if (!messages?.length) return null;
  return (
    <p className="mt-1 text-xs text-red-600 dark:text-red-400" role="alert">
      {messages.join(" ")}
    </p>
  );
}
