/**
 * The editor's data layer: React Query `queryOptions` factories (the only place these keys live),
 * and the writes, applied optimistically to the React Query cache and sent through the persistent
 * outbox (./outbox.ts).
 *
 * The cache entry of a document's layer always shows: the last state the server confirmed, with
 * every still-queued op re-applied on top (`applyEffect` is idempotent, so re-applying is safe).
 * When an op confirms, the server's answer replaces the optimistic guess and the remaining queued
 * ops are re-applied again ("rebase"). A reload re-applies what storage still holds.
 *
 * Offsets are code points (AnnotationDto.start/end); `quote` is the exact code-point slice.
 */
import { queryOptions, type QueryClient } from "@tanstack/react-query";
import type {
  AnnotationDto,
  AnnotationLayerResponse,
  AssignmentDto,
  EntityDto,
  RelationDto,
} from "@/lib/server/annotation-dto";
import type { DocumentDto } from "@/lib/server/documents";
import type { ProjectOverview } from "@/lib/server/projects";
import { fetchJson } from "./fetch-json";
import {
  createLocalStorageAdapter,
  afterNextPaint,
  createMemoryStorage,
  fetchTransport,
  Outbox,
  REF_PREFIX,
  resolveRefs,
  type OutboxError,
  type OutboxOp,
  type OutboxStorage,
  type Transport,
} from "./outbox";

// ---------------------------------------------------------------------------------------------
// Keys and queries

export const annotatorKeys = {
  all: ["annotator"] as const,
  project: (projectId: string) => [...annotatorKeys.all, "project", projectId] as const,
  document: (projectId: string, documentId: string) => [...annotatorKeys.all, "document", projectId, documentId] as const,
  layer: (projectId: string, documentId: string) => [...annotatorKeys.all, "layer", projectId, documentId, "mine"] as const,
  teammates: (projectId: string, documentId: string) => [...annotatorKeys.all, "layer", projectId, documentId, "teammates"] as const,
};

/** Teammates' spans on an article: every other annotator's layer (not gold, not mine), read-only. */
export interface TeammateSpans {
  spans: AnnotationDto[];
  /** Distinct annotators among them. */
  people: number;
}

/**
 * Other annotators' spans on this article, for the editor's "Teammates" overlay. The server allows
 * it to reviewers, managers and owners, and to annotators when the project lets them see each
 * other (403 otherwise). Refetched when a live change arrives.
 */
export function teammateSpansQuery(projectId: string, documentId: string, userId: string) {
  return queryOptions({
    queryKey: annotatorKeys.teammates(projectId, documentId),
    queryFn: async (): Promise<TeammateSpans> => {
      const res = await fetchJson<AnnotationLayerResponse>(
        `/api/projects/${encodeURIComponent(projectId)}/documents/${encodeURIComponent(documentId)}/annotations?layer=all`,
      );
      const spans = res.annotations.filter((a) => a.layer === "annotator" && a.ownerId !== userId && a.deletedAt === null);
      return { spans, people: new Set(spans.map((a) => a.ownerId)).size };
    },
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

/** The layer as the editor keeps it: my spans, relations, linked entities, and my assignment. */
export interface EditorLayer extends AnnotationLayerResponse {
  assignment: AssignmentDto | null;
}

export function projectOverviewQuery(projectId: string) {
  return queryOptions({
    queryKey: annotatorKeys.project(projectId),
    queryFn: () => fetchJson<ProjectOverview>(`/api/projects/${encodeURIComponent(projectId)}`),
    staleTime: 5 * 60_000,
  });
}

export function documentQuery(projectId: string, documentId: string) {
  return queryOptions({
    queryKey: annotatorKeys.document(projectId, documentId),
    queryFn: () =>
      fetchJson<{ document: DocumentDto }>(`/api/projects/${encodeURIComponent(projectId)}/documents/${encodeURIComponent(documentId)}`).then(
        (r) => r.document,
      ),
    // The text never changes under an open editor.
    staleTime: Infinity,
  });
}

/** Removes deleted rows (the server may include them) so the cache holds live data only. */
export function normalizeLayer(res: AnnotationLayerResponse, assignment: AssignmentDto | null = null): EditorLayer {
  return {
    annotations: res.annotations.filter((a) => a.deletedAt === null),
    relations: res.relations.filter((r) => r.deletedAt === null),
    entities: res.entities,
    assignment,
  };
}

export function layerQuery(projectId: string, documentId: string) {
  return queryOptions({
    queryKey: annotatorKeys.layer(projectId, documentId),
    queryFn: async ({ client }): Promise<EditorLayer> => {
      const res = await fetchJson<AnnotationLayerResponse>(
        `/api/projects/${encodeURIComponent(projectId)}/documents/${encodeURIComponent(documentId)}/annotations?layer=mine`,
      );
      const previous = client.getQueryData<EditorLayer>(annotatorKeys.layer(projectId, documentId));
      const base = normalizeLayer(res, previous?.assignment ?? null);
      const outbox = registry.get(scopeKey(projectId, documentId));
      return outbox ? applyPending(base, outbox) : base;
    },
    // Writes keep the cache current; a background refetch would only race the outbox.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    // Every write makes a new layer on purpose; comparing thousands of spans deeply on each one
    // (React Query's default) would cost more than it saves.
    structuralSharing: false,
  });
}

// ---------------------------------------------------------------------------------------------
// Optimistic effects (pure)

export type LayerEffect =
  | { t: "putAnnotation"; annotation: AnnotationDto }
  | { t: "patchAnnotation"; id: string; patch: Partial<AnnotationDto> }
  | { t: "removeAnnotation"; id: string }
  | { t: "restoreAnnotation"; annotation: AnnotationDto; relations: RelationDto[] }
  | { t: "putRelation"; relation: RelationDto }
  | { t: "removeRelation"; id: string }
  | { t: "putEntity"; entity: EntityDto }
  | { t: "assignment"; status: AssignmentDto["status"] };

export type OpKind =
  | "annotation.create"
  | "annotation.update"
  | "annotation.delete"
  | "annotation.restore"
  | "relation.create"
  | "relation.delete"
  | "relation.restore"
  | "entity.create"
  | "document.submit"
  | "document.reopen";

export interface OpMeta {
  kind: OpKind;
  effect: LayerEffect;
  /** For people: "Create Quote “…”". */
  description: string;
  /** The span/relation this op is about. */
  target?: string;
}

export type EditorOp = OutboxOp<OpMeta>;

function upsert<T extends { id: string }>(list: readonly T[], item: T): T[] {
  const i = list.findIndex((x) => x.id === item.id);
  if (i < 0) return [...list, item];
  if (list[i] === item) return list as T[];
  const out = [...list];
  out[i] = item;
  return out;
}

/**
 * Apply one effect to a layer. Idempotent (applying twice = once) and never throws: an effect on
 * a span that is not there is a no-op.
 */
export function applyEffect(layer: EditorLayer, effect: LayerEffect): EditorLayer {
  switch (effect.t) {
    case "putAnnotation":
      return { ...layer, annotations: upsert(layer.annotations, effect.annotation) };
    case "patchAnnotation": {
      const i = layer.annotations.findIndex((a) => a.id === effect.id);
      if (i < 0) return layer;
      const annotations = [...layer.annotations];
      annotations[i] = { ...(annotations[i] as AnnotationDto), ...effect.patch };
      return { ...layer, annotations };
    }
    case "removeAnnotation": {
      if (!layer.annotations.some((a) => a.id === effect.id)) return layer;
      return {
        ...layer,
        annotations: layer.annotations.filter((a) => a.id !== effect.id),
        relations: layer.relations.filter((r) => r.fromId !== effect.id && r.toId !== effect.id),
      };
    }
    case "restoreAnnotation": {
      let next: EditorLayer = { ...layer, annotations: upsert(layer.annotations, { ...effect.annotation, deletedAt: null }) };
      for (const r of effect.relations) next = { ...next, relations: upsert(next.relations, { ...r, deletedAt: null }) };
      return next;
    }
    case "putRelation":
      return { ...layer, relations: upsert(layer.relations, effect.relation) };
    case "removeRelation":
      if (!layer.relations.some((r) => r.id === effect.id)) return layer;
      return { ...layer, relations: layer.relations.filter((r) => r.id !== effect.id) };
    case "putEntity":
      return { ...layer, entities: upsert(layer.entities, effect.entity) };
    case "assignment":
      return {
        ...layer,
        assignment: {
          documentId: layer.assignment?.documentId ?? "",
          userId: layer.assignment?.userId ?? "",
          submittedAt: effect.status === "submitted" ? (layer.assignment?.submittedAt ?? new Date().toISOString()) : null,
          status: effect.status,
        },
      };
  }
}

/** Re-apply every queued op of `outbox` (refs resolved) on top of `layer`. */
export function applyPending(layer: EditorLayer, outbox: Outbox<OpMeta>): EditorLayer {
  let next = layer;
  for (const op of outbox.ops) next = applyEffect(next, resolveRefs(op.meta.effect, outbox.refs));
  return next;
}

/** The server's answer to a confirmed op, applied to the layer (before re-applying what is still queued). */
export function applyConfirmed(layer: EditorLayer, op: EditorOp, body: unknown): EditorLayer {
  const b = (body ?? {}) as {
    annotation?: AnnotationDto;
    relation?: RelationDto;
    removedRelations?: RelationDto[];
    restoredRelations?: RelationDto[];
    entity?: EntityDto;
    assignment?: AssignmentDto;
  };
  let next = layer;
  if (b.annotation && typeof b.annotation.id === "string") {
    if (b.annotation.deletedAt) next = applyEffect(next, { t: "removeAnnotation", id: b.annotation.id });
    else next = applyEffect(next, { t: "putAnnotation", annotation: b.annotation });
  }
  for (const r of b.removedRelations ?? []) next = applyEffect(next, { t: "removeRelation", id: r.id });
  for (const r of b.restoredRelations ?? []) next = applyEffect(next, { t: "putRelation", relation: r });
  if (b.relation && typeof b.relation.id === "string") {
    next = b.relation.deletedAt ? applyEffect(next, { t: "removeRelation", id: b.relation.id }) : applyEffect(next, { t: "putRelation", relation: b.relation });
  }
  if (b.entity && typeof b.entity.id === "string") {
    const ref = `${REF_PREFIX}${op.id}`;
    const real = b.entity;
    next = {
      ...next,
      entities: upsert(
        next.entities.filter((e) => e.id !== ref),
        real,
      ),
      annotations: next.annotations.some((a) => a.entityId === ref)
        ? next.annotations.map((a) => (a.entityId === ref ? { ...a, entityId: real.id } : a))
        : next.annotations,
    };
  }
  if (b.assignment) next = { ...next, assignment: b.assignment };
  return next;
}

/**
 * For a 409 on a retried request whose first answer was lost: does the server's current span
 * already show what this op wanted? Then it was applied and is confirmed.
 */
export function isOpAlreadyApplied(op: EditorOp, error: OutboxError, refs: Readonly<Record<string, string>> = {}): boolean {
  if (error.code !== "version_conflict") return false;
  const current = (error.details as { current?: AnnotationDto } | undefined)?.current;
  if (!current) return false;
  if (op.meta.kind === "annotation.delete") return current.deletedAt !== null;
  if (op.meta.kind !== "annotation.update" || current.deletedAt !== null) return false;
  const body = resolveRefs(op.request.body ?? {}, refs) as Record<string, unknown>;
  return Object.entries(body).every(([k, v]) => {
    if (k === "version" || k === "quote") return true;
    const c = (current as unknown as Record<string, unknown>)[k];
    return JSON.stringify(sortKeys(c ?? null)) === JSON.stringify(sortKeys(v ?? null));
  });
}

function sortKeys(v: unknown): unknown {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

// ---------------------------------------------------------------------------------------------
// The outbox of one document, and the writer

export interface EditorScope {
  /** The project's id (uuid). */
  projectId: string;
  documentId: string;
  userId: string;
  userName: string;
}

function scopeKey(projectId: string, documentId: string): string {
  return `${projectId}:${documentId}`;
}

const registry = new Map<string, Outbox<OpMeta>>();

export function outboxStorageKey(scope: Pick<EditorScope, "projectId" | "documentId" | "userId">): string {
  return `spanlab:outbox:v1:${scope.userId}:${scope.projectId}:${scope.documentId}`;
}

function browserStorage(scope: EditorScope): OutboxStorage<OpMeta> {
  try {
    if (typeof localStorage !== "undefined") {
      const probe = "spanlab:probe";
      localStorage.setItem(probe, "1");
      localStorage.removeItem(probe);
      return createLocalStorageAdapter<OpMeta>(outboxStorageKey(scope));
    }
  } catch (err) {
    console.warn("[editor] localStorage is unavailable; unsaved changes will not survive a reload", err);
  }
  return createMemoryStorage<OpMeta>();
}

/**
 * The outbox of a document for the signed-in person (one per page; created on first use). Its
 * confirmations are applied to `qc`'s layer entry.
 */
export function getEditorOutbox(
  qc: QueryClient,
  scope: EditorScope,
  options: { storage?: OutboxStorage<OpMeta>; transport?: Transport; onLayerChange?: (layer: EditorLayer) => void } = {},
): Outbox<OpMeta> {
  const key = scopeKey(scope.projectId, scope.documentId);
  const existing = registry.get(key);
  if (existing) return existing;
  const layerKey = annotatorKeys.layer(scope.projectId, scope.documentId);
  const outbox: Outbox<OpMeta> = new Outbox<OpMeta>({
    storage: options.storage ?? browserStorage(scope),
    transport: options.transport ?? fetchTransport,
    schedule: options.transport ? undefined : (fn) => afterNextPaint(fn),
    isAlreadyApplied: (op, error) => isOpAlreadyApplied(op, error, outbox.refs),
    onConfirmed: (op, body) => {
      const layer = qc.getQueryData<EditorLayer>(layerKey);
      if (!layer) return;
      const next = applyPending(applyConfirmed(layer, op, body), outbox);
      qc.setQueryData(layerKey, next);
      options.onLayerChange?.(next);
    },
    log: (message, extra) => console.warn(message, extra),
  });
  registry.set(key, outbox);
  return outbox;
}

/** Forget the outbox of a document (tests; the stored queue stays in storage). */
export function releaseEditorOutbox(projectId: string, documentId: string): void {
  const key = scopeKey(projectId, documentId);
  registry.get(key)?.dispose();
  registry.delete(key);
}

const newId = (): string => crypto.randomUUID();

export type AnnotationPatch = Partial<Pick<AnnotationDto, "labelId" | "start" | "end" | "quote" | "prefix" | "suffix" | "attributes" | "note" | "entityId" | "entityType">>;

/**
 * The editor's writes. Each one: applies its effect to the cached layer at once (and tells
 * `onLayerChange`, so highlights repaint in the same task), then queues the request in the outbox.
 */
export class AnnotationWriter {
  readonly layerKey: ReturnType<typeof annotatorKeys.layer>;
  private readonly base: string;

  constructor(
    private readonly qc: QueryClient,
    readonly scope: EditorScope,
    readonly outbox: Outbox<OpMeta>,
    /** Told of every change to the cached layer; `effect` when it came from one optimistic effect (cheaper to follow than the whole layer). */
    private readonly onLayerChange?: (layer: EditorLayer, effect?: LayerEffect) => void,
  ) {
    this.layerKey = annotatorKeys.layer(scope.projectId, scope.documentId);
    this.base = `/api/projects/${encodeURIComponent(scope.projectId)}`;
  }

  get layer(): EditorLayer | undefined {
    return this.qc.getQueryData<EditorLayer>(this.layerKey);
  }

  /** Apply an effect to the cache now (optimistic), without queuing anything. */
  apply(effect: LayerEffect): EditorLayer | undefined {
    const layer = this.layer;
    if (!layer) return undefined;
    const resolved = resolveRefs(effect, this.outbox.refs);
    const next = applyEffect(layer, resolved);
    if (next !== layer) {
      void this.qc.cancelQueries({ queryKey: this.layerKey });
      this.qc.setQueryData(this.layerKey, next);
      this.onLayerChange?.(next, resolved);
    }
    return next;
  }

  /** After a reload: show what storage still holds. */
  reapplyPending(): void {
    const layer = this.layer;
    if (!layer || this.outbox.ops.length === 0) return;
    const next = applyPending(layer, this.outbox);
    this.qc.setQueryData(this.layerKey, next);
    this.onLayerChange?.(next);
  }

  private queue(meta: OpMeta, request: EditorOp["request"], extra: Partial<Pick<EditorOp, "versioned" | "captureId">> = {}, opId = newId()): EditorOp {
    this.apply(meta.effect);
    return this.outbox.enqueue({ id: opId, request, meta, ...extra });
  }

  createAnnotation(a: AnnotationDto, labelName: string): EditorOp {
    return this.queue(
      { kind: "annotation.create", effect: { t: "putAnnotation", annotation: a }, description: `Create ${labelName} “${short(a.quote)}”`, target: a.id },
      {
        method: "POST",
        path: `${this.base}/documents/${encodeURIComponent(this.scope.documentId)}/annotations`,
        body: {
          id: a.id,
          labelId: a.labelId,
          start: a.start,
          end: a.end,
          quote: a.quote,
          attributes: a.attributes,
          note: a.note,
          entityId: a.entityId,
          entityType: a.entityType,
        },
      },
    );
  }

  updateAnnotation(current: AnnotationDto, patch: AnnotationPatch, description: string): EditorOp {
    const body: Record<string, unknown> = {};
    for (const k of ["labelId", "start", "end", "quote", "attributes", "note", "entityId", "entityType"] as const) {
      if (k in patch) body[k] = patch[k];
    }
    return this.queue(
      { kind: "annotation.update", effect: { t: "patchAnnotation", id: current.id, patch: { ...patch, updatedAt: new Date().toISOString() } }, description, target: current.id },
      { method: "PATCH", path: `${this.base}/annotations/${current.id}`, body },
      { versioned: { target: current.id, version: current.version } },
    );
  }

  deleteAnnotation(current: AnnotationDto, labelName: string): EditorOp {
    return this.queue(
      { kind: "annotation.delete", effect: { t: "removeAnnotation", id: current.id }, description: `Delete ${labelName} “${short(current.quote)}”`, target: current.id },
      { method: "DELETE", path: `${this.base}/annotations/${current.id}` },
      { versioned: { target: current.id, version: current.version } },
    );
  }

  restoreAnnotation(annotation: AnnotationDto, relations: RelationDto[], labelName: string): EditorOp {
    return this.queue(
      { kind: "annotation.restore", effect: { t: "restoreAnnotation", annotation, relations }, description: `Restore ${labelName} “${short(annotation.quote)}”`, target: annotation.id },
      { method: "POST", path: `${this.base}/annotations/${annotation.id}/restore`, body: { relationIds: relations.map((r) => r.id) } },
    );
  }

  createRelation(relation: RelationDto): EditorOp {
    return this.queue(
      { kind: "relation.create", effect: { t: "putRelation", relation }, description: `Add ${relation.type}`, target: relation.id },
      {
        method: "POST",
        path: `${this.base}/documents/${encodeURIComponent(this.scope.documentId)}/relations`,
        body: { id: relation.id, type: relation.type, fromId: relation.fromId, toId: relation.toId },
      },
    );
  }

  deleteRelation(relation: RelationDto): EditorOp {
    return this.queue(
      { kind: "relation.delete", effect: { t: "removeRelation", id: relation.id }, description: `Remove ${relation.type}`, target: relation.id },
      { method: "DELETE", path: `${this.base}/relations/${relation.id}` },
    );
  }

  restoreRelation(relation: RelationDto): EditorOp {
    return this.queue(
      { kind: "relation.restore", effect: { t: "putRelation", relation: { ...relation, deletedAt: null } }, description: `Restore ${relation.type}`, target: relation.id },
      { method: "POST", path: `${this.base}/relations/${relation.id}/restore` },
    );
  }

  /**
   * Add an entity to the registry. Returns the id to use at once (`outbox-ref:<op id>` until the
   * server answers; later ops that use it are sent with the real id).
   */
  createEntity(input: { name: string; type: string | null; externalId: string | null }): string {
    const opId = newId();
    const ref = `${REF_PREFIX}${opId}`;
    this.queue(
      { kind: "entity.create", effect: { t: "putEntity", entity: { id: ref, ...input } }, description: `Create entity “${input.name}”` },
      { method: "POST", path: `${this.base}/entities`, body: { name: input.name, type: input.type, externalId: input.externalId } },
      { captureId: "entity.id" },
      opId,
    );
    return ref;
  }

  submit(): EditorOp {
    return this.queue(
      { kind: "document.submit", effect: { t: "assignment", status: "submitted" }, description: "Submit the article" },
      { method: "POST", path: `${this.base}/documents/${encodeURIComponent(this.scope.documentId)}/submit` },
    );
  }

  reopen(): EditorOp {
    return this.queue(
      { kind: "document.reopen", effect: { t: "assignment", status: "in_progress" }, description: "Reopen the article" },
      { method: "POST", path: `${this.base}/documents/${encodeURIComponent(this.scope.documentId)}/reopen` },
    );
  }

  /** Drop a failed op and show the server's state again (refetch, with what is still queued on top). */
  discard(opId: string): void {
    const op = this.outbox.discard(opId);
    if (op) void this.qc.invalidateQueries({ queryKey: this.layerKey });
  }

  /** 409: keep my edit — re-send it against the server's current version. */
  keepMine(op: EditorOp): void {
    const current = (op.error?.details as { current?: AnnotationDto } | undefined)?.current;
    if (current) this.outbox.rebase(op.id, current.version);
  }

  /** 409: take theirs — drop my edit and show the server's span (plus anything else still queued). */
  takeTheirs(op: EditorOp): void {
    const current = (op.error?.details as { current?: AnnotationDto } | undefined)?.current;
    const dropped = this.outbox.discard(op.id);
    if (!dropped) return;
    const layer = this.layer;
    if (!layer) return;
    let next = current ? (current.deletedAt ? applyEffect(layer, { t: "removeAnnotation", id: current.id }) : applyEffect(layer, { t: "putAnnotation", annotation: current })) : layer;
    next = applyPending(next, this.outbox);
    this.qc.setQueryData(this.layerKey, next);
    this.onLayerChange?.(next);
  }
}

function short(s: string, max = 40): string {
  const cps = Array.from(s.replace(/\s+/g, " ").trim());
  return cps.length > max ? `${cps.slice(0, max - 1).join("")}…` : cps.join("");
}
