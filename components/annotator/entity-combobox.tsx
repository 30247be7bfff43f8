"use client";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useMemo, useState, type RefObject } from "react";
import { entitySearchQuery, isExactEntityMatch } from "@/lib/api-client/entities";
import { REF_PREFIX } from "@/lib/api-client/outbox";
import type { EntityDto } from "@/lib/server/annotation-dto";

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

type Option = { kind: "entity"; entity: EntityDto } | { kind: "create"; name: string };

/**
 * Link an Entity span to the project's entity registry: an accessible combobox (role=combobox with
 * a listbox of options) searching GET /entities?q=, with "Create 'X' (Type)" when nothing matches
 * and an optional external id (e.g. a Wikidata QID typed by hand). Several mentions ("Blinken",
 * "Antony Blinken") link to the same entity.
 */
export function EntityCombobox({
  projectId,
  entityType,
  linked,
  knownEntities,
  readOnly,
  inputRef,
  onLink,
  onCreate,
}: {
  projectId: string;
  entityType: string | null;
  linked: EntityDto | null;
  /** Entities already in this layer (incl. ones created offline, not yet searchable on the server). */
  knownEntities: EntityDto[];
  readOnly: boolean;
  inputRef?: RefObject<HTMLInputElement | null>;
  onLink: (entityId: string | null, name: string | null) => void;
  onCreate: (input: { name: string; type: string | null; externalId: string | null }) => void;
}) {
  const id = useId();
  const listId = `${id}-list`;
  const [q, setQ] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [externalId, setExternalId] = useState("");
  const term = useDebounced(q.trim(), 150);
  const search = useQuery({ ...entitySearchQuery(projectId, term), enabled: open && term.length > 0 });

  const options = useMemo((): Option[] => {
    const needle = q.trim().toLocaleLowerCase();
    if (!needle) return [];
    const seen = new Set<string>();
    const out: Option[] = [];
    const local = knownEntities.filter((e) => e.name.toLocaleLowerCase().includes(needle));
    for (const e of [...local, ...(search.data ?? [])]) {
      if (seen.has(e.id)) continue;
      seen.add(e.id);
      out.push({ kind: "entity", entity: e });
    }
    out.sort((a, b) => {
      if (a.kind !== "entity" || b.kind !== "entity") return 0;
      const as = a.entity.name.toLocaleLowerCase().startsWith(needle) ? 0 : 1;
      const bs = b.entity.name.toLocaleLowerCase().startsWith(needle) ? 0 : 1;
      return as - bs || a.entity.name.localeCompare(b.entity.name);
    });
    if (!out.some((o) => o.kind === "entity" && isExactEntityMatch(o.entity, q, entityType))) out.push({ kind: "create", name: q.trim() });
    return out;
  }, [q, knownEntities, search.data, entityType]);

  function choose(o: Option | undefined) {
    if (!o) return;
    if (o.kind === "entity") onLink(o.entity.id, o.entity.name);
    else onCreate({ name: o.name, type: entityType, externalId: externalId.trim() || null });
    setQ("");
    setExternalId("");
    setOpen(false);
  }

  const optionId = (i: number) => `${id}-opt-${i}`;
  const expanded = open && options.length > 0;
  return (
    <div className="space-y-2">
      {linked ? (
        <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="linked-entity">
          <span className="text-muted">Entity:</span>
          <span className="font-medium">{linked.name}</span>
          {linked.type ? <span className="text-muted">({linked.type})</span> : null}
          {linked.externalId ? <span className="text-muted">· {linked.externalId}</span> : null}
          {linked.id.startsWith(REF_PREFIX) ? <span className="text-muted text-xs">(saving…)</span> : null}
          {!readOnly ? (
            <button type="button" className="sl-link-button" onClick={() => onLink(null, null)}>
              Unlink
            </button>
          ) : null}
        </div>
      ) : null}
      {!readOnly ? (
        <>
          <div className="relative">
            <label htmlFor={`${id}-input`} className="block text-sm font-medium">
              {linked ? "Link to another entity" : "Entity"}
            </label>
            <input
              ref={inputRef}
              id={`${id}-input`}
              className="sl-input mt-1 w-full"
              role="combobox"
              aria-expanded={expanded}
              aria-controls={listId}
              aria-autocomplete="list"
              aria-activedescendant={expanded ? optionId(active) : undefined}
              autoComplete="off"
              placeholder="Search the registry, e.g. Blinken"
              value={q}
              onChange={(e) => {
                setQ(e.target.value);
                setActive(0);
                setOpen(true);
              }}
              onFocus={() => setOpen(true)}
              onBlur={() => setOpen(false)}
              onKeyDown={(e) => {
                if (e.key === "ArrowDown") {
                  e.preventDefault();
                  setOpen(true);
                  setActive((a) => Math.min(options.length - 1, a + 1));
                } else if (e.key === "ArrowUp") {
                  e.preventDefault();
                  setActive((a) => Math.max(0, a - 1));
                } else if (e.key === "Enter") {
                  if (expanded) {
                    e.preventDefault();
                    choose(options[active]);
                  }
                } else if (e.key === "Escape") {
                  if (expanded) {
                    e.preventDefault();
                    e.stopPropagation();
                    setOpen(false);
                  }
                }
              }}
            />
            <ul id={listId} role="listbox" aria-label="Matching entities" hidden={!expanded} className="sl-listbox surface border-default">
              {options.map((o, i) => (
                <li
                  key={o.kind === "entity" ? o.entity.id : "create"}
                  id={optionId(i)}
                  role="option"
                  aria-selected={i === active}
                  className="sl-option"
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => choose(o)}
                  onMouseEnter={() => setActive(i)}
                >
                  {o.kind === "entity" ? (
                    <>
                      <span className="font-medium">{o.entity.name}</span>
                      {o.entity.type ? <span className="text-muted"> ({o.entity.type})</span> : null}
                      {o.entity.externalId ? <span className="text-muted"> · {o.entity.externalId}</span> : null}
                    </>
                  ) : (
                    <span>
                      Create “{o.name}”{entityType ? ` (${entityType})` : ""}
                    </span>
                  )}
                </li>
              ))}
            </ul>
            <span className="sr-only" aria-live="polite">
              {open && term ? (search.isFetching ? "Searching the registry…" : `${options.length} options`) : ""}
            </span>
          </div>
          <div>
            <label htmlFor={`${id}-ext`} className="block text-sm font-medium">
              External id <span className="text-muted font-normal">(optional, for a new entity)</span>
            </label>
            <input
              id={`${id}-ext`}
              className="sl-input mt-1 w-full"
              value={externalId}
              onChange={(e) => setExternalId(e.target.value)}
              placeholder="e.g. Wikidata Q42"
              autoComplete="off"
            />
          </div>
          {search.isError ? <p className="text-xs text-red-600 dark:text-red-400">Couldn&apos;t search the registry: {(search.error as Error).message}</p> : null}
        </>
      ) : null}
    </div>
  );
}
