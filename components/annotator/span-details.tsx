"use client";
import { useEffect, useId, useRef, useState } from "react";
import type { AnnotationPatch, EditorLayer } from "@/lib/api-client/annotations";
import { ATTRIBUTE_TEXT_MAX_LENGTH, NOTE_MAX_LENGTH, type AnnotationDto, type RelationDto } from "@/lib/server/annotation-dto";
import type { LabelDto } from "@/lib/server/dto";
import { EntityCombobox } from "./entity-combobox";
import { relationRole } from "./relation-names";
import type { FocusRequest } from "./types";

function focusArticle() {
  document.querySelector<HTMLElement>("[data-testid='article-text']")?.focus();
}

/** A text input that saves on blur / Enter and reverts on Esc. */
function CommitText({
  id,
  value,
  onCommit,
  multiline,
  maxLength,
  disabled,
  inputRef,
  placeholder,
}: {
  id: string;
  value: string;
  onCommit: (v: string) => void;
  multiline?: boolean;
  maxLength: number;
  disabled: boolean;
  inputRef?: React.RefObject<HTMLTextAreaElement | null>;
  placeholder?: string;
}) {
  // null while not editing: the field shows the saved value (which may change under it).
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft !== null && draft !== value) onCommit(draft);
    setDraft(null);
  };
  const common = {
    id,
    value: draft ?? value,
    maxLength,
    disabled,
    placeholder,
    className: "sl-input mt-1 w-full",
    onFocus: () => setDraft(value),
    onBlur: commit,
  };
  if (multiline) {
    return (
      <textarea
        {...common}
        ref={inputRef}
        rows={3}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            commit();
            focusArticle();
          } else if (e.key === "Escape") {
            e.preventDefault();
            setDraft(null);
            focusArticle();
          }
        }}
      />
    );
  }
  return (
    <input
      {...common}
      onChange={(e) => setDraft(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === "Enter") {
          e.preventDefault();
          commit();
        } else if (e.key === "Escape") {
          e.preventDefault();
          setDraft(null);
        }
      }}
    />
  );
}

export function relationTargetName(rel: RelationDto, layer: EditorLayer, direction: "out" | "in"): string {
  const otherId = direction === "out" ? rel.toId : rel.fromId;
  const other = layer.annotations.find((a) => a.id === otherId);
  if (!other) return "(a span not in this layer)";
  const entity = other.entityId ? layer.entities.find((e) => e.id === other.entityId) : undefined;
  return entity?.name ?? other.quote;
}

/** Everything about the selected span: label, entity, attributes, note, relations, delete. */
export function SpanDetails({
  projectId,
  span: a,
  labels,
  layer,
  readOnly,
  focusRequest,
  onFocusHandled,
  onChangeLabel,
  onUpdate,
  onDelete,
  onOpenRelationPicker,
  onRemoveRelation,
  onCreateEntity,
  onOpenComments,
}: {
  projectId: string;
  span: AnnotationDto;
  labels: LabelDto[];
  layer: EditorLayer;
  readOnly: boolean;
  /** Passed only while it is for this span and not yet handled. */
  focusRequest: FocusRequest | null;
  onFocusHandled?: (n: number) => void;
  onChangeLabel: (a: AnnotationDto, label: LabelDto) => void;
  onUpdate: (a: AnnotationDto, patch: AnnotationPatch, description: string) => void;
  onDelete: (a: AnnotationDto) => void;
  onOpenRelationPicker: (a: AnnotationDto, type?: string) => void;
  onRemoveRelation: (r: RelationDto) => void;
  onCreateEntity: (input: { name: string; type: string | null; externalId: string | null }) => string;
  onOpenComments?: (a: AnnotationDto) => void;
}) {
  const id = useId();
  const label = labels.find((l) => l.id === a.labelId);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const entityRef = useRef<HTMLInputElement>(null);
  const lastRequest = useRef<number | null>(null);

  useEffect(() => {
    if (!focusRequest || focusRequest.n === lastRequest.current) return;
    lastRequest.current = focusRequest.n;
    onFocusHandled?.(focusRequest.n);
    const el = focusRequest.field === "note" ? noteRef.current : entityRef.current;
    el?.focus();
    el?.scrollIntoView({ block: "nearest" });
  }, [focusRequest, onFocusHandled]);

  const outgoing = layer.relations.filter((r) => r.fromId === a.id);
  const incoming = layer.relations.filter((r) => r.toId === a.id);
  const linked = a.entityId ? (layer.entities.find((e) => e.id === a.entityId) ?? null) : null;
  const selectable = labels.filter((l) => !l.archived || l.id === a.labelId);

  return (
    <section aria-labelledby={`${id}-title`} className="sl-details surface border-default" data-testid="span-details">
      <div className="flex items-center gap-2">
        <span aria-hidden className="sl-swatch" style={{ background: label?.color ?? "#888" }} />
        <h2 id={`${id}-title`} className="font-semibold">
          Selected: {label?.name ?? "Unknown label"}
        </h2>
        <span className="text-muted ml-auto text-xs">by {a.ownerName ?? "gold"}</span>
      </div>
      <blockquote className="sl-quote" data-testid="selected-quote">
        “{a.quote}”
      </blockquote>
      <p className="text-muted text-xs">
        Characters {a.start}–{a.end} · [ ] move the start, Shift+[ ] the end
      </p>

      <div className="mt-3 grid gap-3">
        <div>
          <label htmlFor={`${id}-label`} className="block text-sm font-medium">
            Label
          </label>
          <select
            id={`${id}-label`}
            className="sl-select mt-1 w-full"
            value={a.labelId}
            disabled={readOnly}
            onChange={(e) => {
              const next = labels.find((l) => l.id === e.target.value);
              if (next) onChangeLabel(a, next);
            }}
          >
            {selectable.map((l) => (
              <option key={l.id} value={l.id}>
                {l.hotkey ? `${l.hotkey} · ` : ""}
                {l.name}
              </option>
            ))}
          </select>
        </div>

        {label?.kind === "entity" ? (
          <>
            {label.entityTypes.length ? (
              <div>
                <label htmlFor={`${id}-etype`} className="block text-sm font-medium">
                  Entity type
                </label>
                <select
                  id={`${id}-etype`}
                  className="sl-select mt-1 w-full"
                  value={a.entityType ?? ""}
                  disabled={readOnly}
                  onChange={(e) => onUpdate(a, { entityType: e.target.value || null }, `Set the entity type to ${e.target.value || "none"}`)}
                >
                  <option value="">(none)</option>
                  {label.entityTypes.map((t) => (
                    <option key={t} value={t}>
                      {t}
                    </option>
                  ))}
                </select>
              </div>
            ) : null}
            <EntityCombobox
              projectId={projectId}
              entityType={a.entityType}
              linked={linked}
              knownEntities={layer.entities}
              readOnly={readOnly}
              inputRef={entityRef}
              onLink={(entityId, name) => onUpdate(a, { entityId }, entityId ? `Link to ${name ?? "an entity"}` : "Unlink the entity")}
              onCreate={(input) => {
                const entityId = onCreateEntity(input);
                onUpdate(a, { entityId }, `Link to ${input.name}`);
              }}
            />
          </>
        ) : null}

        {label?.attributes.length ? (
          <fieldset className="grid gap-2">
            <legend className="text-sm font-medium">Attributes</legend>
            {label.attributes.map((attr) => {
              const value = a.attributes[attr.key];
              const fid = `${id}-attr-${attr.key}`;
              if (attr.type === "boolean") {
                return (
                  <label key={attr.key} className="flex items-center gap-2 text-sm">
                    <input
                      type="checkbox"
                      checked={value === true}
                      disabled={readOnly}
                      onChange={(e) => onUpdate(a, { attributes: { ...a.attributes, [attr.key]: e.target.checked } }, `Set ${attr.name}`)}
                    />
                    {attr.name}
                  </label>
                );
              }
              if (attr.type === "choice") {
                return (
                  <div key={attr.key}>
                    <label htmlFor={fid} className="block text-sm">
                      {attr.name}
                      {attr.required ? " (required)" : ""}
                    </label>
                    <select
                      id={fid}
                      className="sl-select mt-1 w-full"
                      value={typeof value === "string" ? value : ""}
                      disabled={readOnly}
                      onChange={(e) => {
                        const attributes = { ...a.attributes };
                        if (e.target.value) attributes[attr.key] = e.target.value;
                        else delete attributes[attr.key];
                        onUpdate(a, { attributes }, `Set ${attr.name}`);
                      }}
                    >
                      <option value="">(not set)</option>
                      {attr.options.map((o) => (
                        <option key={o} value={o}>
                          {o}
                        </option>
                      ))}
                    </select>
                  </div>
                );
              }
              return (
                <div key={attr.key}>
                  <label htmlFor={fid} className="block text-sm">
                    {attr.name}
                  </label>
                  <CommitText
                    id={fid}
                    value={typeof value === "string" ? value : ""}
                    maxLength={attr.maxLength ?? ATTRIBUTE_TEXT_MAX_LENGTH}
                    disabled={readOnly}
                    onCommit={(v) => {
                      const attributes = { ...a.attributes };
                      if (v) attributes[attr.key] = v;
                      else delete attributes[attr.key];
                      onUpdate(a, { attributes }, `Set ${attr.name}`);
                    }}
                  />
                </div>
              );
            })}
          </fieldset>
        ) : null}

        <div>
          <label htmlFor={`${id}-note`} className="block text-sm font-medium">
            Note <span className="text-muted font-normal">(N; Ctrl+Enter saves)</span>
          </label>
          <CommitText
            id={`${id}-note`}
            multiline
            inputRef={noteRef}
            value={a.note ?? ""}
            maxLength={NOTE_MAX_LENGTH}
            disabled={readOnly}
            placeholder="Why this span, doubts, context…"
            onCommit={(v) => onUpdate(a, { note: v ? v : null }, "Edit the note")}
          />
        </div>

        <div>
          <h3 className="text-sm font-medium">Relations</h3>
          {outgoing.length === 0 && incoming.length === 0 ? <p className="text-muted text-sm">None.</p> : null}
          <ul className="space-y-1 text-sm" data-testid="selected-relations">
            {outgoing.map((r) => (
              <li key={r.id} className="flex items-center gap-2">
                <span>
                  {r.type} → {relationTargetName(r, layer, "out")}
                </span>
                {!readOnly ? (
                  <button type="button" className="sl-link-button ml-auto" onClick={() => onRemoveRelation(r)} aria-label={`Remove ${r.type} → ${relationTargetName(r, layer, "out")}`}>
                    Remove
                  </button>
                ) : null}
              </li>
            ))}
            {incoming.map((r) => (
              <li key={r.id} className="text-muted">
                {relationRole(r.type)} of “{relationTargetName(r, layer, "in")}”
              </li>
            ))}
          </ul>
          {!readOnly && label?.relationTypes.length ? (
            <div className="mt-2 flex flex-wrap gap-2">
              {label.relationTypes.map((rt) => (
                <button key={rt.type} type="button" className="sl-secondary-button" onClick={() => onOpenRelationPicker(a, rt.type)} title="Add a relation (R)">
                  {relationRole(rt.type)}…
                </button>
              ))}
            </div>
          ) : null}
        </div>

        <div className="flex justify-end gap-2">
          {onOpenComments ? (
            <button type="button" className="sl-secondary-button" onClick={() => onOpenComments(a)} title="Comments on this span (C)">
              Comments…
            </button>
          ) : null}
          {!readOnly ? (
            <button type="button" className="sl-danger-button" onClick={() => onDelete(a)} title="Delete (Del)">
              Delete span
            </button>
          ) : null}
        </div>
      </div>
    </section>
  );
}
