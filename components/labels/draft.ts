import type { LabelDto } from "@/lib/server/dto";
import type { TCreateLabelRequest } from "@/lib/validation/labels";

export type LabelKindValue = LabelDto["kind"];
export const LABEL_KIND_OPTIONS: { value: LabelKindValue; label: string; hint: string }[] = [
  { value: "claim", label: "Claim", hint: "A checkable statement." },
  { value: "quote", label: "Quote", hint: "Words attributed to someone; link the speaker with said_by." },
  { value: "entity", label: "Entity", hint: "A person, organisation, place…; mentions link to the entity registry." },
  { value: "other", label: "Other", hint: "Anything else you tag." },
];
export const OVERLAP_OPTIONS: { value: LabelDto["overlapPolicy"]; label: string }[] = [
  { value: "any", label: "May overlap anything" },
  { value: "no-same-label", label: "May not overlap a span of the same label" },
  { value: "none", label: "May not overlap any span" },
];

/** An attribute as the form edits it: every type's fields at once, so switching type loses nothing. */
export interface DraftAttribute {
  uid: string;
  key: string;
  name: string;
  type: "choice" | "boolean" | "text";
  /** Comma-separated. */
  options: string;
  required: boolean;
  /** Empty = no limit. */
  maxLength: string;
}

export interface DraftRelation {
  uid: string;
  type: string;
  targetKinds: LabelKindValue[];
}

export interface LabelDraft {
  name: string;
  kind: LabelKindValue;
  color: string;
  /** "" = none. */
  hotkey: string;
  overlapPolicy: LabelDto["overlapPolicy"];
  entityTypes: string[];
  attributes: DraftAttribute[];
  relationTypes: DraftRelation[];
}

let uidCounter = 0;
export function nextUid(): string {
  uidCounter += 1;
  return `d${uidCounter}`;
}

export function emptyDraft(color: string, hotkey: string): LabelDraft {
  return { name: "", kind: "other", color, hotkey, overlapPolicy: "any", entityTypes: [], attributes: [], relationTypes: [] };
}

export function draftFromLabel(l: LabelDto): LabelDraft {
  return {
    name: l.name,
    kind: l.kind,
    color: l.color,
    hotkey: l.hotkey ?? "",
    overlapPolicy: l.overlapPolicy,
    entityTypes: [...l.entityTypes],
    attributes: l.attributes.map((a) => ({
      uid: nextUid(),
      key: a.key,
      name: a.name,
      type: a.type,
      options: a.type === "choice" ? a.options.join(", ") : "",
      required: a.type === "choice" ? Boolean(a.required) : false,
      maxLength: a.type === "text" && a.maxLength !== undefined ? String(a.maxLength) : "",
    })),
    relationTypes: l.relationTypes.map((r) => ({ uid: nextUid(), type: r.type, targetKinds: [...r.targetKinds] })),
  };
}

/** "a, b ,, c" → ["a", "b", "c"]. */
export function splitOptions(s: string): string[] {
  return s
    .split(",")
    .map((o) => o.trim())
    .filter((o) => o.length > 0);
}

/** The request body; the server validates it (the form shows the server's field errors). */
export function draftToRequest(d: LabelDraft): TCreateLabelRequest {
  return {
    name: d.name,
    kind: d.kind,
    color: d.color,
    hotkey: d.hotkey === "" ? null : (d.hotkey as TCreateLabelRequest["hotkey"]),
    overlapPolicy: d.overlapPolicy,
    entityTypes: d.kind === "entity" ? d.entityTypes : [],
    attributes: d.attributes.map((a) => {
      if (a.type === "choice") return { key: a.key.trim(), name: a.name, type: "choice" as const, options: splitOptions(a.options), ...(a.required ? { required: true } : {}) };
      if (a.type === "text") {
        const max = a.maxLength.trim() === "" ? undefined : Number(a.maxLength);
        return { key: a.key.trim(), name: a.name, type: "text" as const, ...(max !== undefined ? { maxLength: max } : {}) };
      }
      return { key: a.key.trim(), name: a.name, type: "boolean" as const };
    }),
    relationTypes: d.relationTypes.map((r) => ({ type: r.type.trim(), targetKinds: r.targetKinds })),
  };
}

/** "Check-worthy" → "check_worthy": a key suggestion from the attribute's name. */
export function suggestKey(name: string): string {
  const k = name
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^[^a-z]+/, "")
    .replace(/_+$/, "")
    .slice(0, 40);
  return k;
}
