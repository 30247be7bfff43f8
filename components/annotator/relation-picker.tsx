"use client";
import { useMemo, useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import type { EditorLayer } from "@/lib/api-client/annotations";
import type { AnnotationDto } from "@/lib/server/annotation-dto";
import type { LabelDto } from "@/lib/server/dto";
import { relationRole } from "./relation-names";

/** Pick the other end of a relation (a quote's speaker, a claim's claimant) among the document's spans. */
export function RelationPicker({
  from,
  type,
  labels,
  layer,
  onPick,
  onClose,
}: {
  from: AnnotationDto;
  type: string;
  labels: LabelDto[];
  layer: EditorLayer;
  onPick: (toId: string) => void;
  onClose: () => void;
}) {
  const [q, setQ] = useState("");
  const fromLabel = labels.find((l) => l.id === from.labelId);
  const targetKinds = useMemo(() => fromLabel?.relationTypes.find((r) => r.type === type)?.targetKinds ?? ["entity"], [fromLabel, type]);
  const candidates = useMemo(() => {
    const kinds = new Map(labels.map((l) => [l.id, l]));
    const entities = new Map(layer.entities.map((e) => [e.id, e]));
    const needle = q.trim().toLocaleLowerCase();
    return layer.annotations
      .filter((a) => a.id !== from.id && targetKinds.includes(kinds.get(a.labelId)?.kind ?? "other"))
      .map((a) => ({ a, entity: a.entityId ? entities.get(a.entityId) : undefined, label: kinds.get(a.labelId) }))
      .filter((c) => !needle || c.a.quote.toLocaleLowerCase().includes(needle) || (c.entity?.name.toLocaleLowerCase().includes(needle) ?? false))
      .sort((x, y) => x.a.start - y.a.start);
  }, [from.id, labels, layer, q, targetKinds]);
  const role = relationRole(type);
  const kindsText = targetKinds.join(" or ");
  return (
    <Dialog open onOpenChange={(o) => (o ? undefined : onClose())} title={`${role} for “${from.quote.slice(0, 60)}${from.quote.length > 60 ? "…" : ""}”`} description={`Pick the ${kindsText} span this ${fromLabel?.name ?? "span"} is ${type.replace(/_/g, " ")}.`}>
      <div className="space-y-3">
        <label className="block text-sm font-medium" htmlFor="sl-relation-filter">
          Find a span
        </label>
        <input
          id="sl-relation-filter"
          className="sl-input w-full"
          value={q}
          autoFocus
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && candidates[0]) {
              e.preventDefault();
              onPick(candidates[0].a.id);
            }
          }}
          placeholder="Type a name"
        />
        {candidates.length === 0 ? (
          <p className="text-muted text-sm">No {kindsText} spans{q ? " match" : " in this article yet"}. Tag the {kindsText} first (e.g. select the name and press its label key), then come back.</p>
        ) : (
          <ul className="max-h-72 space-y-1 overflow-auto" aria-label={`${kindsText} spans`}>
            {candidates.map(({ a, entity, label }) => (
              <li key={a.id}>
                <button type="button" className="sl-list-button" onClick={() => onPick(a.id)}>
                  <span aria-hidden className="sl-swatch" style={{ background: label?.color ?? "#888" }} />
                  <span className="font-medium">{entity?.name ?? a.quote}</span>
                  {entity && entity.name !== a.quote ? <span className="text-muted">“{a.quote}”</span> : null}
                  {a.entityType ? <span className="text-muted text-xs">({a.entityType})</span> : null}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Dialog>
  );
}
