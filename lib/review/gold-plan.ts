/**
 * Pure planning for adjudication into the gold layer: which gold span an annotator span
 * corresponds to, which relations follow their spans into gold, and whether a new gold span would
 * break a label's overlap rule. The server (lib/server/gold.ts) does the writes.
 */

export interface SpanKey {
  readonly start: number;
  readonly end: number;
  readonly labelId: string;
}

export interface GoldSpanRef extends SpanKey {
  readonly id: string;
  /** The annotator span this gold span was accepted from, if any. */
  readonly sourceAnnotationId: string | null;
}

export interface RelationRef {
  readonly id: string;
  readonly type: string;
  readonly fromId: string;
  readonly toId: string;
}

export function spanKey(s: SpanKey): string {
  return `${s.start}:${s.end}:${s.labelId}`;
}

/**
 * The gold layer, indexed for matching annotator spans: a span is "in gold" when a gold span was
 * accepted from it, or when a gold span has the same boundaries and label (an identical span,
 * e.g. accepted from another annotator or added by hand).
 */
export class GoldIndex {
  private readonly bySource = new Map<string, string>();
  private readonly byKey = new Map<string, string>();
  private readonly ids = new Set<string>();

  constructor(gold: Iterable<GoldSpanRef> = []) {
    for (const g of gold) this.add(g);
  }

  add(g: GoldSpanRef): void {
    this.ids.add(g.id);
    if (g.sourceAnnotationId && !this.bySource.has(g.sourceAnnotationId)) this.bySource.set(g.sourceAnnotationId, g.id);
    const key = spanKey(g);
    if (!this.byKey.has(key)) this.byKey.set(key, g.id);
  }

  /** The gold span identical to `span` (same boundaries and label), if any. */
  identical(span: SpanKey): string | undefined {
    return this.byKey.get(spanKey(span));
  }

  /** The gold span an annotator span corresponds to, if any (accepted from it, else identical). */
  match(span: SpanKey & { readonly id: string }): string | undefined {
    return this.bySource.get(span.id) ?? this.byKey.get(spanKey(span));
  }

  isGold(id: string): boolean {
    return this.ids.has(id);
  }
}

export interface PlannedRelation {
  type: string;
  fromId: string;
  toId: string;
  /** The annotator relation it is copied from. */
  sourceRelationId: string;
}

/**
 * Gold relations to create: every annotator relation whose two ends both correspond to gold spans
 * (`toGold`), mapped onto those gold spans, unless gold already has a relation of that type between
 * them (or an earlier relation of this plan does). Self-relations after mapping are dropped.
 * Deterministic: relations are considered in id order.
 */
export function planGoldRelations(
  relations: readonly RelationRef[],
  toGold: (annotatorSpanId: string) => string | undefined,
  existingGold: readonly Pick<RelationRef, "type" | "fromId" | "toId">[],
): PlannedRelation[] {
  const seen = new Set(existingGold.map((r) => `${r.type}\u0000${r.fromId}\u0000${r.toId}`));
  const out: PlannedRelation[] = [];
  for (const r of [...relations].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const fromId = toGold(r.fromId);
    const toId = toGold(r.toId);
    if (!fromId || !toId || fromId === toId) continue;
    const key = `${r.type}\u0000${fromId}\u0000${toId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ type: r.type, fromId, toId, sourceRelationId: r.id });
  }
  return out;
}

export type OverlapPolicyName = "any" | "no-same-label" | "none";

export interface OverlapConflict {
  otherId: string;
  reason: string;
}

/**
 * Whether a new span would break an overlap rule against spans it overlaps in the same layer
 * (the same rules as the annotation API): a span of a `none` label may overlap nothing and nothing
 * may overlap it; two spans of a `no-same-label` label may not overlap. `overlapping` must already be
 * the spans sharing at least one code point with the candidate. Null when allowed.
 */
export function findOverlapConflict(
  candidate: SpanKey,
  overlapping: readonly (SpanKey & { readonly id: string })[],
  policyOf: (labelId: string) => OverlapPolicyName,
  nameOf: (labelId: string) => string = (id) => id,
): OverlapConflict | null {
  const mine = policyOf(candidate.labelId);
  for (const other of overlapping) {
    const theirs = policyOf(other.labelId);
    if (mine === "none") return { otherId: other.id, reason: `spans labelled "${nameOf(candidate.labelId)}" may not overlap other spans` };
    if (theirs === "none") return { otherId: other.id, reason: `spans labelled "${nameOf(other.labelId)}" may not overlap other spans` };
    if (mine === "no-same-label" && other.labelId === candidate.labelId) {
      return { otherId: other.id, reason: `two "${nameOf(candidate.labelId)}" spans may not overlap` };
    }
  }
  return null;
}
