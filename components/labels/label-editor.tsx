"use client";
import { useQuery } from "@tanstack/react-query";
import { useRef, useState, type KeyboardEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card, EmptyState } from "@/components/ui/card";
import { FormError } from "@/components/ui/field";
import { ApiError } from "@/lib/api-client/fetch-json";
import { labelsQuery, useCreateLabel, useReorderLabels, useUpdateLabel } from "@/lib/api-client/labels";
import type { LabelDto } from "@/lib/server/dto";
import { LABEL_HOTKEYS } from "@/lib/validation/labels";
import { draftFromLabel, draftToRequest, emptyDraft, type LabelDraft } from "./draft";
import { LabelForm } from "./label-form";
import { LABEL_PALETTE, textColorOn } from "./palette";
import { RemoveLabelDialog } from "./remove-label-dialog";

type Editing = { mode: "new" } | { mode: "edit"; label: LabelDto } | null;

/** The project's label schema: order, add, edit, archive/delete, restore. */
export function LabelEditor({ projectId }: { projectId: string }) {
  const { data, error, isPending } = useQuery(labelsQuery(projectId));
  const create = useCreateLabel(projectId);
  const update = useUpdateLabel(projectId);
  const restore = useUpdateLabel(projectId);
  const reorder = useReorderLabels(projectId);
  const [editing, setEditing] = useState<Editing>(null);
  const [formKey, setFormKey] = useState(0);
  const [fields, setFields] = useState<Record<string, string[]>>({});
  const [removing, setRemoving] = useState<LabelDto | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const moveButtons = useRef(new Map<string, HTMLElement>());

  const active = data?.labels ?? [];
  const archived = data?.archived ?? [];
  const saving = editing?.mode === "new" ? create : update;

  function openForm(next: Editing) {
    create.reset();
    update.reset();
    setFields({});
    setEditing(next);
    setFormKey((k) => k + 1);
  }

  function onSaved(label: LabelDto, verb: string) {
    setEditing(null);
    setFields({});
    setAnnouncement(`${label.name} ${verb}.`);
  }

  function onError(err: Error) {
    setFields(err instanceof ApiError && err.fields ? err.fields : {});
  }

  function submit(draft: LabelDraft) {
    setFields({});
    const body = draftToRequest(draft);
    if (editing?.mode === "edit") {
      update.mutate({ labelId: editing.label.id, changes: body }, { onSuccess: (l) => onSaved(l, "was saved"), onError });
    } else {
      create.mutate(body, { onSuccess: (l) => onSaved(l, "was added"), onError });
    }
  }

  function move(label: LabelDto, delta: -1 | 1) {
    const index = active.findIndex((l) => l.id === label.id);
    const target = index + delta;
    if (index < 0 || target < 0 || target >= active.length) return;
    const ids = active.map((l) => l.id);
    [ids[index], ids[target]] = [ids[target]!, ids[index]!];
    reorder.mutate(ids, {
      onSuccess: () => setAnnouncement(`${label.name} moved to position ${target + 1} of ${ids.length}.`),
    });
    // Keep the keyboard focus on the label that moved. (The buttons stay enabled while a move is
    // saved — a disabled button would drop the focus — and moves queue in order: see useReorderLabels.)
    requestAnimationFrame(() => moveButtons.current.get(label.id)?.focus());
  }

  function onRowKeyDown(e: KeyboardEvent<HTMLElement>, label: LabelDto) {
    if (!e.altKey) return;
    if (e.key === "ArrowUp") {
      e.preventDefault();
      move(label, -1);
    } else if (e.key === "ArrowDown") {
      e.preventDefault();
      move(label, 1);
    }
  }

  const usedColors = new Set(active.map((l) => l.color));
  const usedKeys = new Set(active.map((l) => l.hotkey));
  const freshDraft = () =>
    emptyDraft(LABEL_PALETTE.find((c) => !usedColors.has(c.value))?.value ?? LABEL_PALETTE[0]!.value, LABEL_HOTKEYS.find((k) => !usedKeys.has(k)) ?? "");

  if (error) {
    return (
      <p role="alert" className="text-sm text-red-600">
        Couldn&apos;t load the labels: {error.message}
      </p>
    );
  }
  if (isPending) return <p className="text-muted text-sm">Loading labels…</p>;

  return (
    <div className="grid gap-6 lg:grid-cols-5">
      <div className="space-y-6 lg:col-span-2">
        <Card className="p-4">
          <div className="mb-1 flex items-center justify-between gap-2">
            <h2 id="labels-heading" className="font-semibold">
              Labels
            </h2>
            <Button className="shrink-0 whitespace-nowrap" onClick={() => openForm({ mode: "new" })}>
              Add label
            </Button>
          </div>
          <p className="text-muted mb-3 text-xs">The order here is the order of the editor&apos;s label bar. Alt+↑ / Alt+↓ on a label moves it.</p>
          <FormError message={reorder.error ? `Couldn't reorder: ${reorder.error.message}` : restore.error ? `Couldn't restore: ${restore.error.message}` : null} />
          <p className="sr-only" aria-live="polite">
            {announcement}
          </p>
          {active.length === 0 ? (
            <EmptyState title="No labels" action={<Button onClick={() => openForm({ mode: "new" })}>Add a label</Button>}>
              Annotators need at least one label to tag text. Add one, like Claim, Quote or Entity.
            </EmptyState>
          ) : (
            <ol aria-labelledby="labels-heading" className="divide-y divide-[var(--border)]">
              {active.map((l, i) => (
                <li key={l.id} className="flex items-center gap-2 py-2" onKeyDown={(e) => onRowKeyDown(e, l)} aria-label={`${l.name}, position ${i + 1} of ${active.length}`}>
                  <span className="rounded px-1.5 py-0.5 text-xs font-medium" style={{ background: l.color, color: textColorOn(l.color) }}>
                    {l.hotkey ?? "–"}
                  </span>
                  <span className="min-w-0 flex-1">
                    <span className="block truncate text-sm font-medium">{l.name}</span>
                    <span className="text-muted block text-xs">
                      {l.kind}
                      {l.attributes.length ? ` · ${l.attributes.length} attribute${l.attributes.length === 1 ? "" : "s"}` : ""}
                      {l.relationTypes.length ? ` · ${l.relationTypes.map((r) => r.type).join(", ")}` : ""}
                    </span>
                  </span>
                  <Button
                    variant="ghost"
                    size="sm"
                    aria-label={`Move ${l.name} up`}
                    aria-keyshortcuts="Alt+ArrowUp"
                    disabled={i === 0}
                    onClick={() => move(l, -1)}
                    ref={(el) => {
                      if (el) moveButtons.current.set(l.id, el);
                    }}
                  >
                    ↑
                  </Button>
                  <Button
                    variant="ghost"
                    size="sm"
                    aria-label={`Move ${l.name} down`}
                    aria-keyshortcuts="Alt+ArrowDown"
                    disabled={i === active.length - 1}
                    onClick={() => move(l, 1)}
                  >
                    ↓
                  </Button>
                  <Button variant="secondary" size="sm" aria-label={`Edit ${l.name}`} onClick={() => openForm({ mode: "edit", label: l })}>
                    Edit
                  </Button>
                  <Button variant="ghost" size="sm" aria-label={`Remove ${l.name}`} onClick={() => setRemoving(l)}>
                    Remove
                  </Button>
                </li>
              ))}
            </ol>
          )}
        </Card>

        <Card className="p-4">
          <h2 id="archived-heading" className="mb-1 font-semibold">
            Archived labels
          </h2>
          {archived.length === 0 ? (
            <p className="text-muted text-sm">None. Removing a label that annotations use archives it here; its annotations stay and are still exported.</p>
          ) : (
            <ul aria-labelledby="archived-heading" className="divide-y divide-[var(--border)]">
              {archived.map((l) => (
                <li key={l.id} className="flex items-center gap-2 py-2">
                  <span aria-hidden className="inline-block size-3 rounded-sm" style={{ background: l.color }} />
                  <span className="flex-1 text-sm">{l.name}</span>
                  <Button
                    variant="secondary"
                    size="sm"
                    aria-label={`Restore ${l.name}`}
                    isLoading={restore.isPending && restore.variables?.labelId === l.id}
                    onClick={() =>
                      restore.mutate({ labelId: l.id, changes: { archived: false } }, { onSuccess: (r) => setAnnouncement(`${r.name} was restored, without a hotkey.`) })
                    }
                  >
                    Restore
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>

      <div className="lg:col-span-3">
        {editing ? (
          <Card className="p-4">
            <LabelForm
              key={formKey}
              title={editing.mode === "new" ? "New label" : `Edit ${editing.label.name}`}
              initial={editing.mode === "new" ? freshDraft() : draftFromLabel(editing.label)}
              others={active.filter((l) => editing.mode === "new" || l.id !== editing.label.id)}
              submitLabel={editing.mode === "new" ? "Create label" : "Save label"}
              isSaving={saving.isPending}
              errorMessage={saving.error?.message ?? null}
              fields={fields}
              onSubmit={submit}
              onCancel={() => setEditing(null)}
            />
          </Card>
        ) : (
          <Card className="p-4">
            <EmptyState title="Pick a label to edit">
              Use Edit on a label to rename it, recolour it, change its hotkey, attributes or relations. Renaming keeps every annotation: they refer to the
              label, not to its name.
            </EmptyState>
          </Card>
        )}
      </div>

      {removing ? (
        <RemoveLabelDialog
          projectId={projectId}
          label={removing}
          onClose={() => setRemoving(null)}
          onRemoved={(message) => {
            setRemoving(null);
            setAnnouncement(message);
            if (editing?.mode === "edit" && editing.label.id === removing.id) setEditing(null);
          }}
        />
      ) : null}
    </div>
  );
}
