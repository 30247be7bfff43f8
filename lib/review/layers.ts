/**
 * Who the layers of a review are and how they look: the annotators compared, their initials
 * (unique within the document) and colours. Pure.
 */

/** Layer colours: distinct in hue and readable on light and dark surfaces. */
export const LAYER_COLORS = ["#2563eb", "#d97706", "#059669", "#db2777", "#7c3aed", "#0891b2", "#dc2626", "#65a30d"] as const;

/** "Ada Lovelace" → "AL"; "ada" → "AD"; "" → "?". */
export function baseInitials(name: string): string {
  const words = name
    .trim()
    .split(/[\s._@-]+/u)
    .filter(Boolean);
  const first = words[0] ? Array.from(words[0]) : [];
  const last = words.length > 1 ? Array.from(words[words.length - 1]!) : [];
  const letters = last.length ? [first[0], last[0]] : first.slice(0, 2);
  const out = letters.filter(Boolean).join("").toUpperCase();
  return out || "?";
}

export interface LayerPerson {
  id: string;
  name: string;
}

export interface LayerIdentity {
  id: string;
  name: string;
  initials: string;
  color: string;
}

/**
 * Initials and colours for the layers, in a stable order (by name, then id). Clashing initials get
 * a digit ("AL", "AL2") so chips stay distinguishable without colour.
 */
export function assignLayerIdentities(people: readonly LayerPerson[]): LayerIdentity[] {
  const ordered = [...people].sort((a, b) => a.name.localeCompare(b.name, "en") || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const used = new Map<string, number>();
  return ordered.map((p, i) => {
    const base = baseInitials(p.name);
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    return { id: p.id, name: p.name, initials: n === 1 ? base : `${base}${n}`, color: LAYER_COLORS[i % LAYER_COLORS.length]! };
  });
}

/**
 * Whether an annotator's layer takes part in the comparison: they have spans, or they have done
 * something with their assignment (started, submitted, been returned or approved). Someone merely
 * assigned who has not started would otherwise turn every span into a "missing" disagreement.
 */
export function isComparedLayer(spanCount: number, assignmentStatus: string | null): boolean {
  return spanCount > 0 || (assignmentStatus !== null && assignmentStatus !== "assigned");
}
