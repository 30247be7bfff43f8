"use client";
import { useId, useState, type FormEvent, type KeyboardEvent } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { FormError, TextField } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import type { LabelDto } from "@/lib/server/dto";
import { LABEL_HOTKEYS } from "@/lib/validation/labels";
import {
  LABEL_KIND_OPTIONS,
  nextUid,
  OVERLAP_OPTIONS,
  suggestKey,
  type DraftAttribute,
  type DraftRelation,
  type LabelDraft,
  type LabelKindValue,
} from "./draft";
import { LABEL_PALETTE, textColorOn } from "./palette";

function fieldsUnder(fields: Record<string, string[]>, prefix: string): string[] | undefined {
  const out = Object.entries(fields)
    .filter(([k]) => k === prefix || k.startsWith(`${prefix}.`))
    .flatMap(([, v]) => v);
  return out.length > 0 ? out : undefined;
}

/** Add or edit one label: name, kind, colour, hotkey, overlap, entity types, attributes, relations. */
export function LabelForm({
  title,
  initial,
  others,
  submitLabel,
  isSaving,
  errorMessage,
  fields,
  onSubmit,
  onCancel,
}: {
  title: string;
  initial: LabelDraft;
  /** The other active labels (to say which key each one holds). */
  others: LabelDto[];
  submitLabel: string;
  isSaving: boolean;
  errorMessage: string | null;
  fields: Record<string, string[]>;
  onSubmit: (draft: LabelDraft) => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState<LabelDraft>(initial);
  const [newEntityType, setNewEntityType] = useState("");
  const headingId = useId();
  const set = <K extends keyof LabelDraft>(key: K, value: LabelDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const keyHolder = new Map(others.filter((l) => l.hotkey).map((l) => [l.hotkey!, l.name]));

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    onSubmit(draft);
  }

  function addEntityType() {
    const t = newEntityType.trim();
    if (!t) return;
    set("entityTypes", [...draft.entityTypes, t]);
    setNewEntityType("");
  }

  function updateAttribute(uid: string, patch: Partial<DraftAttribute>) {
    set(
      "attributes",
      draft.attributes.map((a) => (a.uid === uid ? { ...a, ...patch } : a)),
    );
  }

  function updateRelation(uid: string, patch: Partial<DraftRelation>) {
    set(
      "relationTypes",
      draft.relationTypes.map((r) => (r.uid === uid ? { ...r, ...patch } : r)),
    );
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-5" aria-labelledby={headingId}>
      <div className="flex items-center justify-between gap-2">
        <h2 id={headingId} className="font-semibold">
          {title}
        </h2>
        <span
          className="rounded px-2 py-0.5 text-xs font-medium"
          style={{ background: /^#[0-9a-f]{6}$/i.test(draft.color) ? draft.color : "#64748b", color: textColorOn(/^#[0-9a-f]{6}$/i.test(draft.color) ? draft.color : "#64748b") }}
          aria-hidden
        >
          {draft.hotkey ? `${draft.hotkey} ` : ""}
          {draft.name || "Preview"}
        </span>
      </div>
      <FormError message={errorMessage} />

      <TextField label="Label name" value={draft.name} onChange={(e) => set("name", e.target.value)} maxLength={120} required autoFocus errors={fields.name} />

      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label="Kind"
          value={draft.kind}
          onChange={(e) => set("kind", e.target.value as LabelKindValue)}
          options={LABEL_KIND_OPTIONS.map((k) => ({ value: k.value, label: k.label }))}
          hint={LABEL_KIND_OPTIONS.find((k) => k.value === draft.kind)?.hint}
          errors={fields.kind}
        />
        <SelectField
          label="Hotkey"
          value={draft.hotkey}
          onChange={(e) => set("hotkey", e.target.value)}
          options={[
            { value: "", label: "None" },
            ...LABEL_HOTKEYS.map((k) => ({ value: k, label: keyHolder.has(k) ? `${k} (used by ${keyHolder.get(k)})` : k })),
          ]}
          hint="Press it in the editor to tag the selection."
          errors={fields.hotkey}
        />
      </div>

      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Colour</legend>
        <div className="flex flex-wrap items-center gap-3">
          <label className="flex items-center gap-2 text-sm">
            <input
              type="color"
              aria-label="Colour"
              value={/^#[0-9a-f]{6}$/i.test(draft.color) ? draft.color : "#64748b"}
              onChange={(e) => set("color", e.target.value)}
              className="h-9 w-12 cursor-pointer rounded border border-default bg-transparent"
            />
            <code className="text-muted text-xs">{draft.color}</code>
          </label>
          <div role="group" aria-label="Palette" className="flex flex-wrap gap-1.5">
            {LABEL_PALETTE.map((c) => (
              <button
                key={c.value}
                type="button"
                aria-label={c.name}
                aria-pressed={draft.color.toLowerCase() === c.value}
                title={`${c.name} ${c.value}`}
                onClick={() => set("color", c.value)}
                className={cn(
                  "size-7 rounded-full border-2 border-transparent",
                  draft.color.toLowerCase() === c.value && "ring-2 ring-offset-2 ring-[var(--text)] ring-offset-[var(--surface)]",
                )}
                style={{ background: c.value }}
              />
            ))}
          </div>
        </div>
        {fields.color ? (
          <p className="text-xs text-red-600 dark:text-red-400" role="alert">
            {fields.color.join(" ")}
          </p>
        ) : (
          <p className="text-muted text-xs">The palette&apos;s colours stay readable in light and dark mode.</p>
        )}
      </fieldset>

      <SelectField
        label="Overlap"
        value={draft.overlapPolicy}
        onChange={(e) => set("overlapPolicy", e.target.value as LabelDraft["overlapPolicy"])}
        options={OVERLAP_OPTIONS}
        hint="How spans of this label may overlap others in one annotator's layer."
        errors={fields.overlapPolicy}
      />

      {draft.kind === "entity" ? (
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">Entity types</legend>
          {draft.entityTypes.length > 0 ? (
            <ul className="flex flex-wrap gap-1.5" aria-label="Entity types">
              {draft.entityTypes.map((t, i) => (
                <li key={`${t}-${i}`} className="flex items-center gap-1 rounded-full border border-default px-2 py-0.5 text-xs">
                  {t}
                  <button
                    type="button"
                    className="text-muted hover:text-[var(--text)]"
                    aria-label={`Remove entity type ${t}`}
                    onClick={() => set("entityTypes", draft.entityTypes.filter((_, j) => j !== i))}
                  >
                    ×
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-muted text-xs">No types yet: annotators can still tag entities, without a type.</p>
          )}
          <div className="flex items-end gap-2">
            <TextField
              label="New entity type"
              className="flex-1"
              value={newEntityType}
              onChange={(e) => setNewEntityType(e.target.value)}
              onKeyDown={(e: KeyboardEvent<HTMLInputElement>) => {
                if (e.key === "Enter") {
                  e.preventDefault();
                  addEntityType();
                }
              }}
            />
            <Button type="button" variant="secondary" onClick={addEntityType}>
              Add type
            </Button>
          </div>
          {fieldsUnder(fields, "entityTypes") ? (
            <p className="text-xs text-red-600 dark:text-red-400" role="alert">
              {fieldsUnder(fields, "entityTypes")!.join(" ")}
            </p>
          ) : null}
        </fieldset>
      ) : null}

      <fieldset className="space-y-3">
        <legend className="text-sm font-medium">Attributes</legend>
        {draft.attributes.length === 0 ? <p className="text-muted text-xs">None. Attributes are extra fields on each span, like “direct / indirect” on a quote.</p> : null}
        {draft.attributes.map((a, i) => (
          <fieldset key={a.uid} className="space-y-2 rounded-md border border-default p-3">
            <legend className="px-1 text-xs font-medium">Attribute {i + 1}</legend>
            <div className="grid gap-2 sm:grid-cols-3">
              <TextField
                label="Attribute name"
                value={a.name}
                onChange={(e) => {
                  const name = e.target.value;
                  const keyWasSuggested = a.key === "" || a.key === suggestKey(a.name);
                  updateAttribute(a.uid, { name, ...(keyWasSuggested ? { key: suggestKey(name) } : {}) });
                }}
                errors={fields[`attributes.${i}.name`]}
              />
              <TextField
                label="Attribute key"
                value={a.key}
                onChange={(e) => updateAttribute(a.uid, { key: e.target.value })}
                hint="In exports, e.g. check_worthy."
                errors={fields[`attributes.${i}.key`]}
              />
              <SelectField
                label="Attribute type"
                value={a.type}
                onChange={(e) => updateAttribute(a.uid, { type: e.target.value as DraftAttribute["type"] })}
                options={[
                  { value: "choice", label: "Choice" },
                  { value: "boolean", label: "Yes / no" },
                  { value: "text", label: "Text" },
                ]}
                errors={fields[`attributes.${i}.type`]}
              />
            </div>
            {a.type === "choice" ? (
              <div className="grid gap-2 sm:grid-cols-3 sm:items-end">
                <TextField
                  label="Options"
                  className="sm:col-span-2"
                  value={a.options}
                  onChange={(e) => updateAttribute(a.uid, { options: e.target.value })}
                  hint="Separated by commas, e.g. direct, indirect, paraphrase."
                  errors={fieldsUnder(fields, `attributes.${i}.options`)}
                />
                <label className="flex h-10 items-center gap-2 text-sm">
                  <input type="checkbox" checked={a.required} onChange={(e) => updateAttribute(a.uid, { required: e.target.checked })} />
                  Required
                </label>
              </div>
            ) : null}
            {a.type === "text" ? (
              <TextField
                label="Maximum length"
                type="number"
                min={1}
                inputMode="numeric"
                value={a.maxLength}
                onChange={(e) => updateAttribute(a.uid, { maxLength: e.target.value })}
                hint="Characters; leave empty for no limit."
                errors={fields[`attributes.${i}.maxLength`]}
              />
            ) : null}
            <div className="flex justify-end">
              <Button
                type="button"
                variant="ghost"
                size="sm"
                aria-label={`Remove attribute ${a.name || i + 1}`}
                onClick={() => set("attributes", draft.attributes.filter((x) => x.uid !== a.uid))}
              >
                Remove attribute
              </Button>
            </div>
          </fieldset>
        ))}
        {fields.attributes ? (
          <p className="text-xs text-red-600 dark:text-red-400" role="alert">
            {fields.attributes.join(" ")}
          </p>
        ) : null}
        <Button
          type="button"
          variant="secondary"
          size="sm"
          onClick={() => set("attributes", [...draft.attributes, { uid: nextUid(), key: "", name: "", type: "choice", options: "", required: false, maxLength: "" }])}
        >
          Add attribute
        </Button>
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="text-sm font-medium">Relations</legend>
        {draft.relationTypes.length === 0 ? <p className="text-muted text-xs">None. A relation links a span of this label to another, like a quote to its speaker (said_by).</p> : null}
        {draft.relationTypes.map((r, i) => (
          <fieldset key={r.uid} className="space-y-2 rounded-md border border-default p-3">
            <legend className="px-1 text-xs font-medium">Relation {i + 1}</legend>
            <TextField
              label="Relation type"
              value={r.type}
              onChange={(e) => updateRelation(r.uid, { type: e.target.value })}
              hint="Lower case with underscores, e.g. said_by."
              errors={fields[`relationTypes.${i}.type`]}
            />
            <div role="group" aria-label={`Relation ${i + 1} may point to`} className="flex flex-wrap items-center gap-3 text-sm">
              <span className="text-muted text-xs">Points to:</span>
              {LABEL_KIND_OPTIONS.map((k) => (
                <label key={k.value} className="flex items-center gap-1.5">
                  <input
                    type="checkbox"
                    checked={r.targetKinds.includes(k.value)}
                    onChange={(e) =>
                      updateRelation(r.uid, {
                        targetKinds: e.target.checked ? [...r.targetKinds, k.value] : r.targetKinds.filter((x) => x !== k.value),
                      })
                    }
                  />
                  {k.label}
                </label>
              ))}
            </div>
            {fieldsUnder(fields, `relationTypes.${i}.targetKinds`) ? (
              <p className="text-xs text-red-600 dark:text-red-400" role="alert">
                {fieldsUnder(fields, `relationTypes.${i}.targetKinds`)!.join(" ")}
              </p>
            ) : null}
            <div className="flex justify-end">
              <Button type="button" variant="ghost" size="sm" onClick={() => set("relationTypes", draft.relationTypes.filter((x) => x.uid !== r.uid))}>
                Remove relation
              </Button>
            </div>
          </fieldset>
        ))}
        <Button
          type="button"
          variant="secondary"
          size="sm"
          onClick={() => set("relationTypes", [...draft.relationTypes, { uid: nextUid(), type: "", targetKinds: ["entity"] }])}
        >
          Add relation
        </Button>
      </fieldset>

      <div className="flex justify-end gap-2 border-t border-default pt-4">
        <Button type="button" variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" isLoading={isSaving}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
