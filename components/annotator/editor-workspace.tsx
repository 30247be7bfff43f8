"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useDeferredValue, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState, useTransition, memo } from "react";
import {
  AnnotationWriter,
  annotatorKeys,
  getEditorOutbox,
  teammateSpansQuery,
  type AnnotationPatch,
  type EditorLayer,
  type LayerEffect,
} from "@/lib/api-client/annotations";
import { adjacentSpan, adjustSpanEdge, caretAt, cycleSpanAt, isCollapsed, moveCaret, selectionBounds, type CaretSelection, type CaretUnit } from "@/lib/annotation/caret";
import { snapToGraphemes } from "@/lib/annotation/graphemes";
import { createIntervalIndex, type IntervalIndex } from "@/lib/annotation/interval-index";
import { createOffsetIndex } from "@/lib/annotation/offsets";
import { splitParagraphs, paragraphIndexAt } from "@/lib/annotation/paragraphs";
import { buildQuoteSelector } from "@/lib/annotation/selectors";
import { createUndoStack } from "@/lib/annotation/undo-stack";
import { snapToWords } from "@/lib/annotation/words";
import { createDomOffsetMapper, type DomOffsetMapper } from "@/lib/dom/range-offsets";
import type { AnnotationDto, RelationDto } from "@/lib/server/annotation-dto";
import type { DocumentDto } from "@/lib/server/documents";
import type { LabelDto } from "@/lib/server/dto";
import { ArticleText } from "./article-text";
import { ConflictHost } from "./conflict-dialog";
import { caretRect, characterAtPoint, offsetFromPoint } from "./geometry";
import { createPainter, labelMarkCss, type Painter } from "./mark-painter";
import { LabelPalette } from "./label-palette";
import { CursorStore } from "./cursor-store";
import { ReaderOverlay, SelectionAnnouncer } from "./reader-overlay";
import { SaveStatus } from "./save-status";
import { editorHref, QueueNav } from "./queue-nav";
import { SpanPanel } from "./span-panel";
import { RelationArcs } from "./relation-arcs";
import { SpanTooltip, type HoverInfo } from "./span-tooltip";
import { Toast, type ToastState } from "./toast";
import type { EditorProject, EditorUser, FocusRequest, UndoEntry } from "./types";
import { isTextField } from "@/lib/dom/text-field";
import { ReturnedBanner } from "@/components/review/returned-banner";
import { CommentsButton } from "@/components/comments/comments-button";
import { invalidateComments } from "@/lib/api-client/comments";
import { queueNeighborsQuery } from "@/lib/api-client/library";
import { useDocumentEvents } from "@/lib/api-client/live";
import { invalidateReview } from "@/lib/api-client/review";

const DIGIT = /^[1-9]$/;

// Dialogs open on demand: their code (and Radix's) loads off the path to a usable editor, and is
// fetched ahead when the browser is idle after the editor has mounted (preloadDialogs).
const KeymapDialog = dynamic(() => import("./keymap-dialog").then((m) => m.KeymapDialog), { ssr: false });
const RelationPicker = dynamic(() => import("./relation-picker").then((m) => m.RelationPicker), { ssr: false });
const CommentSurface = dynamic(() => import("@/components/review/comment-surface").then((m) => m.CommentSurface), { ssr: false });
function preloadDialogs(): void {
  void import("./keymap-dialog");
  void import("./relation-picker");
  void import("@/components/review/comment-surface");
  void import("./conflict-dialog-view");
  void import("./label-filter-menu");
}


/** Attributes of `a` that the label's schema knows (others would be refused by the server). */
function keepKnownAttributes(attributes: Record<string, string | boolean>, label: LabelDto): Record<string, string | boolean> {
  const keys = new Set(label.attributes.map((x) => x.key));
  return Object.fromEntries(Object.entries(attributes).filter(([k]) => keys.has(k)));
}

function pick(a: AnnotationDto, patch: AnnotationPatch): AnnotationPatch {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(patch)) out[k] = (a as unknown as Record<string, unknown>)[k] ?? null;
  return out as AnnotationPatch;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Holds the painter and the label filter for the synchronous repaint the writer triggers on every
 * optimistic change (so a new tag is painted in the same task as the key press).
 */
class PaintTarget {
  private painter: Painter | null = null;
  private hidden: ReadonlySet<string> = new Set();
  /** The layer painted last: painting the same object again is a no-op. */
  private last: EditorLayer | null = null;
  readonly paint = (l: EditorLayer, effect?: LayerEffect): void => {
    const painter = this.painter;
    if (!painter || l === this.last) return;
    const follows = this.last !== null;
    this.last = l;
    // One span changed (a tag, an edit, a delete): tell the painter just that, not all 5,000.
    if (effect && follows) {
      if (effect.t === "removeAnnotation") return painter.remove(effect.id);
      if (effect.t === "putAnnotation" || effect.t === "patchAnnotation") {
        const id = effect.t === "putAnnotation" ? effect.annotation.id : effect.id;
        const a = effect.t === "putAnnotation" ? effect.annotation : l.annotations.find((x) => x.id === id);
        if (!a || a.deletedAt !== null || this.hidden.has(a.labelId)) return painter.remove(id);
        return painter.put(a);
      }
    }
    const hidden = this.hidden;
    painter.sync(hidden.size ? l.annotations.filter((a) => !hidden.has(a.labelId)) : l.annotations);
  };
  attach(painter: Painter | null): void {
    this.painter = painter;
    this.last = null;
  }
  current(): Painter | null {
    return this.painter;
  }
  setHidden(hidden: ReadonlySet<string>): void {
    if (hidden !== this.hidden) this.last = null;
    this.hidden = hidden;
  }
  isHidden(labelId: string): boolean {
    return this.hidden.has(labelId);
  }
}

export interface EditorWorkspaceProps {
  project: EditorProject;
  document: DocumentDto;
  labels: LabelDto[];
  layer: EditorLayer;
  user: EditorUser;
  canWrite: boolean;
  /** May this person read other annotators' layers (a reviewer role, or the project lets annotators see each other)? */
  canSeeTeammates?: boolean;
}

/**
 * Memoised: the Annotator passes my layer through `useDeferredValue`, so a tag re-renders this tree
 * at transition priority, after the highlight (painted directly by the writer) is on screen.
 */
export const EditorWorkspace = memo(function EditorWorkspace({ project, document: doc, labels, layer, user, canWrite, canSeeTeammates = false }: EditorWorkspaceProps) {
  const qc = useQueryClient();
  const text = doc.text;
  const index = useMemo(() => createOffsetIndex(text), [text]);
  const paragraphs = useMemo(() => splitParagraphs(text), [text]);
  const labelById = useMemo(() => new Map(labels.map((l) => [l.id, l])), [labels]);
  const activeLabels = useMemo(() => labels.filter((l) => !l.archived), [labels]);

  const [commentsFor, setCommentsFor] = useState<{ annotationId: string | null; label: string } | null>(null);
  // Reviewers' comments and decisions on this article arrive while it is open.
  const onLiveChange = useCallback(
    (change: { kind: string; actorId?: string | null } | null) => {
      if (change && change.actorId === user.id) return;
      if (!change || change.kind === "comment") void invalidateComments(qc, project.id, doc.id);
      if (!change || change.kind === "workflow" || change.kind === "review" || change.kind === "comment") void invalidateReview(qc, project.id, doc.id);
      // Teammates' spans (only fetched while the overlay is on; invalidating an unused query is free).
      if (!change || change.kind === "annotation") void qc.invalidateQueries({ queryKey: annotatorKeys.teammates(project.id, doc.id) });
    },
    [qc, project.id, doc.id, user.id],
  );
  useDocumentEvents(project.id, doc.id, onLiveChange);
  const articleRef = useRef<HTMLDivElement>(null);
  const wrapperRef = useRef<HTMLDivElement>(null);
  const mapperRef = useRef<DomOffsetMapper | null>(null);
  // The painter and the label filter, reachable from the writer's synchronous repaint.
  const [paintTarget] = useState(() => new PaintTarget());

  // ----- data: writer + outbox ---------------------------------------------------------------
  const scope = useMemo(() => ({ projectId: project.id, documentId: doc.id, userId: user.id, userName: user.name }), [project.id, doc.id, user.id, user.name]);
  const paint = paintTarget.paint;
  const writer = useMemo(() => {
    const outbox = getEditorOutbox(qc, scope, { onLayerChange: paint });
    return new AnnotationWriter(qc, scope, outbox, paint);
  }, [qc, scope, paint]);
  const outbox = writer.outbox;
  const discardOp = useCallback((id: string) => writer.discard(id), [writer]);

  /** The freshest layer (the cache may be ahead of this render). */
  // Read through a ref so the callbacks built on it stay the same object from one tag to the next
  // (memoised children then skip re-rendering); the writer's cache is always at least as fresh.
  const layerRef = useRef(layer);
  useLayoutEffect(() => {
    layerRef.current = layer;
  }, [layer]);
  const currentLayer = useCallback((): EditorLayer => writer.layer ?? layerRef.current, [writer]);
  const spanIndexRef = useRef<{ source: AnnotationDto[]; index: IntervalIndex<AnnotationDto> } | null>(null);
  const spanIndex = useCallback((): IntervalIndex<AnnotationDto> => {
    const anns = currentLayer().annotations;
    if (spanIndexRef.current?.source !== anns) spanIndexRef.current = { source: anns, index: createIntervalIndex(anns) };
    return spanIndexRef.current.index;
  }, [currentLayer]);
  const findSpan = useCallback((id: string | null) => (id ? (currentLayer().annotations.find((a) => a.id === id) ?? null) : null), [currentLayer]);

  // ----- UI state ------------------------------------------------------------------------------
  // The caret, selection, selected span and focus live in a store of their own (cursor-store.ts):
  // a key press re-renders what shows them, not this whole component. The refs are the handlers' copy.
  const [cursor] = useState(() => new CursorStore());
  const selRef = useRef<CaretSelection | null>(null);
  const selectedRef = useRef<string | null>(null);
  const [snap, setSnap] = useState(true);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set());
  const [keymapOpen, setKeymapOpen] = useState(false);
  const [picker, setPicker] = useState<{ fromId: string; type: string } | null>(null);
  const [toast, setToast] = useState<ToastState | null>(null);
  const [focusRequest, setFocusRequest] = useState<FocusRequest | null>(null);
  const [hover, setHover] = useState<HoverInfo | null>(null);
  const [layoutTick, bumpLayout] = useReducer((x: number) => x + 1, 0);
  const [undoState, setUndoState] = useState({ canUndo: false, canRedo: false });
  const [entityTypeByLabel, setEntityTypeByLabel] = useState<Record<string, string>>({});
  const [undoStack] = useState(() => createUndoStack<UndoEntry>());
  const bumpUndo = useCallback(
    () => setUndoState((prev) => (prev.canUndo === undoStack.canUndo && prev.canRedo === undoStack.canRedo ? prev : { canUndo: undoStack.canUndo, canRedo: undoStack.canRedo })),
    [undoStack],
  );
  const goalX = useRef<number | null>(null);
  const snapRef = useRef(snap);
  useEffect(() => {
    snapRef.current = snap;
  }, [snap]);
  // Undo/redo are reached from callbacks defined before them (the delete toast's "Undo").
  const undoRef = useRef<() => void>(() => undefined);
  const redoRef = useRef<() => void>(() => undefined);
  const runUndo = useCallback(() => undoRef.current(), []);
  const runRedo = useCallback(() => redoRef.current(), []);

  const assignmentStatus = layer.assignment?.status ?? null;
  const isSubmitted = assignmentStatus === "submitted" || assignmentStatus === "approved";
  const readOnly = !canWrite || isSubmitted;

  const setSel = useCallback((s: CaretSelection | null) => {
    selRef.current = s;
    cursor.set({ sel: s });
    paintTarget.current()?.setSelection(s && !isCollapsed(s) ? selectionBounds(s) : null);
  }, [cursor, paintTarget]);
  const setSelected = useCallback((id: string | null) => {
    selectedRef.current = id;
    cursor.set({ selectedId: id });
    paintTarget.current()?.setSelected(id);
  }, [cursor, paintTarget]);
  const say = useCallback((message: string, action?: ToastState["action"], tone: ToastState["tone"] = "info") => {
    setToast({ id: Date.now(), message, action, tone });
  }, []);

  // ----- painter lifecycle (mount) -------------------------------------------------------------
  useLayoutEffect(() => {
    const root = articleRef.current;
    if (!root) return;
    const mapper = createDomOffsetMapper(root, index);
    mapperRef.current = mapper;
    const painter = createPainter(mapper);
    paintTarget.attach(painter);
    painter.setLabels(labels.map((l) => ({ id: l.id, color: l.color })));
    writer.reapplyPending();
    paint(currentLayer());
    painter.setSelected(selectedRef.current);
    outbox.start();
    document.documentElement.dataset.editorReady = "true";
    performance.mark("spanlab:editor-ready");
    // …and once the frame with the article and its marks has been painted (for measuring load).
    requestAnimationFrame(() => setTimeout(() => performance.mark("spanlab:editor-painted"), 0));
    const idle = typeof requestIdleCallback === "function" ? requestIdleCallback(preloadDialogs, { timeout: 3000 }) : null;
    return () => {
      if (idle !== null) cancelIdleCallback(idle);
      painter.destroy();
      paintTarget.attach(null);
      mapperRef.current = null;
      delete document.documentElement.dataset.editorReady;
    };
    // Built once per article; labels and data are synced by the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [index]);

  useLayoutEffect(() => {
    paintTarget.current()?.setLabels(labels.map((l) => ({ id: l.id, color: l.color })));
  }, [labels, paintTarget]);

  useLayoutEffect(() => {
    paintTarget.setHidden(hidden);
    paint(currentLayer());
  }, [currentLayer, hidden, layer, paint, paintTarget]);

  // ----- teammates' spans (read-only overlay, live) --------------------------------------------
  const [showTeammates, setShowTeammates] = useState(false);
  const teammates = useQuery({ ...teammateSpansQuery(project.id, doc.id, user.id), enabled: canSeeTeammates && showTeammates });

  // ----- my queue: previous / next article (K / J), and the next one to do once this is submitted --
  const neighbors = useQuery({ ...queueNeighborsQuery(project.id, doc.id), staleTime: 60_000 });
  const router = useRouter();
  const [navigating, startNavigation] = useTransition();
  const goInQueue = useCallback(
    (dir: "next" | "previous") => {
      const n = neighbors.data;
      if (!n) {
        say(neighbors.isError ? "Your queue could not be loaded; open the next article from My queue." : "Your queue is still loading…");
        return;
      }
      if (n.position === null) {
        say("This article is not in your queue: open articles from My queue to step through them with J and K.");
        return;
      }
      const to = dir === "next" ? n.next : n.previous;
      if (!to) {
        say(dir === "next" ? "This is the last article in your queue." : "This is the first article in your queue.");
        return;
      }
      startNavigation(() => router.push(editorHref(project.slug, to.documentId)));
    },
    [neighbors.data, neighbors.isError, project.slug, router, say],
  );
  const teammateSpans = canSeeTeammates && showTeammates ? teammates.data?.spans : undefined;
  useLayoutEffect(() => {
    const painter = paintTarget.current();
    if (!painter) return;
    painter.setTeammates(teammateSpans ? teammateSpans.filter((a) => !hidden.has(a.labelId)) : []);
  }, [teammateSpans, hidden, paintTarget, index]);

  // ----- window-level wiring: online, beforeunload, resize ---------------------------------------
  useEffect(() => {
    const online = () => outbox.retryNow();
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (outbox.ops.length > 0) {
        e.preventDefault();
        e.returnValue = "";
      }
    };
    window.addEventListener("online", online);
    window.addEventListener("beforeunload", beforeUnload);
    const ro = new ResizeObserver(() => {
      bumpLayout();
      paintTarget.current()?.relayout();
    });
    if (articleRef.current) ro.observe(articleRef.current);
    return () => {
      window.removeEventListener("online", online);
      window.removeEventListener("beforeunload", beforeUnload);
      ro.disconnect();
    };
  }, [outbox, paintTarget]);

  // ----- scrolling to a span -----------------------------------------------------------------
  const scrollToOffset = useCallback(
    (cp: number) => {
      const root = articleRef.current;
      const mapper = mapperRef.current;
      if (!root || !mapper) return;
      const p = root.children[paragraphIndexAt(paragraphs, cp)] as HTMLElement | undefined;
      paintTarget.current()?.reveal(cp);
      p?.scrollIntoView({ block: "center" });
      requestAnimationFrame(() => {
        const r = caretRect(mapper, cp);
        if (r && (r.top < 150 || r.bottom > window.innerHeight - 40)) window.scrollBy({ top: r.top - window.innerHeight / 2 });
      });
    },
    [paintTarget, paragraphs],
  );

  const selectSpan = useCallback(
    (id: string, opts: { scroll?: boolean; flash?: boolean } = {}) => {
      const a = findSpan(id);
      if (!a) return;
      setSelected(id);
      setSel(caretAt(a.start));
      window.getSelection()?.removeAllRanges();
      if (opts.scroll) scrollToOffset(a.start);
      if (opts.flash) paintTarget.current()?.flash(id);
    },
    [findSpan, paintTarget, scrollToOffset, setSel, setSelected],
  );

  // ----- writes ------------------------------------------------------------------------------
  const canEdit = useCallback((): boolean => {
    if (!canWrite) {
      say("Your role can read this article but not annotate it.", undefined, "error");
      return false;
    }
    if (isSubmitted) {
      say(assignmentStatus === "approved" ? "This article is approved; it can't be changed." : "This article is submitted. Reopen it to make changes.", undefined, "error");
      return false;
    }
    return true;
  }, [canWrite, isSubmitted, assignmentStatus, say]);

  const overlapProblem = useCallback(
    (label: LabelDto, start: number, end: number, excludeId?: string): string | null => {
      // A plain scan: a few microseconds for thousands of spans, where rebuilding the interval index
      // after every write (the layer is a new array each time) cost milliseconds per tag.
      const hits = currentLayer().annotations.filter((a) => a.id !== excludeId && a.start < end && a.end > start && a.end > a.start);
      if (label.overlapPolicy === "none" && hits.length) return `${label.name} spans may not overlap other spans. Adjust the selection.`;
      if (label.overlapPolicy === "no-same-label" && hits.some((h) => h.labelId === label.id)) return `${label.name} spans may not overlap each other. Adjust the selection.`;
      for (const h of hits) {
        const other = labelById.get(h.labelId);
        if (other?.overlapPolicy === "none") return `${other.name} spans may not be overlapped. Adjust the selection.`;
      }
      return null;
    },
    [currentLayer, labelById],
  );

  const relationsOf = useCallback((id: string): RelationDto[] => currentLayer().relations.filter((r) => r.fromId === id || r.toId === id), [currentLayer]);

  const createSpan = useCallback(
    (label: LabelDto) => {
      const s = selRef.current;
      if (!s || isCollapsed(s)) {
        say("Select some text first: drag over it, or use Shift+arrows in the text.");
        return;
      }
      if (!canEdit()) return;
      const b = selectionBounds(s);
      const g = snapToGraphemes(text, b.start, b.end);
      if (g.end <= g.start) return;
      const problem = overlapProblem(label, g.start, g.end);
      if (problem) {
        say(problem, undefined, "error");
        return;
      }
      const q = buildQuoteSelector(text, g.start, g.end);
      const now = new Date().toISOString();
      const a: AnnotationDto = {
        id: crypto.randomUUID(),
        documentId: doc.id,
        layer: "annotator",
        ownerId: user.id,
        ownerName: user.name,
        labelId: label.id,
        start: g.start,
        end: g.end,
        quote: q.exact,
        prefix: q.prefix,
        suffix: q.suffix,
        attributes: {},
        note: null,
        entityId: null,
        entityType: label.kind === "entity" ? (entityTypeByLabel[label.id] ?? label.entityTypes[0] ?? null) : null,
        version: 1,
        createdBy: user.id,
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
      };
      // In this order, the browser lays the page out at most once for the key press: the native
      // selection goes while nothing has changed yet; the span and its ring are measured and added
      // together (the painter rings the selected id once the span arrives); then the selection
      // marks are only taken away.
      window.getSelection()?.removeAllRanges();
      setSelected(a.id);
      writer.createAnnotation(a, label.name);
      undoStack.push({ t: "create", annotation: a, relations: [], label: label.name });
      bumpUndo();
      setSel(caretAt(a.end));
    },
    [bumpUndo, canEdit, doc.id, entityTypeByLabel, overlapProblem, say, setSel, setSelected, text, undoStack, user.id, user.name, writer],
  );

  const updateSpan = useCallback(
    (a: AnnotationDto, patch: AnnotationPatch, description: string) => {
      if (!canEdit()) return;
      const before = pick(a, patch);
      writer.updateAnnotation(a, patch, description);
      undoStack.push({ t: "update", id: a.id, before, after: patch, description });
      bumpUndo();
    },
    [bumpUndo, canEdit, undoStack, writer],
  );

  const changeLabel = useCallback(
    (a: AnnotationDto, label: LabelDto) => {
      if (a.labelId === label.id) return;
      const problem = overlapProblem(label, a.start, a.end, a.id);
      if (problem) {
        say(problem, undefined, "error");
        return;
      }
      const patch: AnnotationPatch = { labelId: label.id, attributes: keepKnownAttributes(a.attributes, label) };
      if (label.kind !== "entity") {
        if (a.entityId !== null) patch.entityId = null;
        if (a.entityType !== null) patch.entityType = null;
      } else if (!a.entityType || !label.entityTypes.includes(a.entityType)) {
        patch.entityType = entityTypeByLabel[label.id] ?? label.entityTypes[0] ?? null;
      }
      updateSpan(a, patch, `Relabel as ${label.name}`);
    },
    [entityTypeByLabel, overlapProblem, say, updateSpan],
  );

  const setBoundaries = useCallback(
    (a: AnnotationDto, range: { start: number; end: number }) => {
      const label = labelById.get(a.labelId);
      if (label) {
        const problem = overlapProblem(label, range.start, range.end, a.id);
        if (problem) {
          say(problem, undefined, "error");
          return;
        }
      }
      const q = buildQuoteSelector(text, range.start, range.end);
      updateSpan(a, { start: range.start, end: range.end, quote: q.exact, prefix: q.prefix, suffix: q.suffix }, "Move the span's boundaries");
    },
    [labelById, overlapProblem, say, text, updateSpan],
  );

  const deleteSpan = useCallback(
    (a: AnnotationDto) => {
      if (!canEdit()) return;
      const label = labelById.get(a.labelId)?.name ?? "span";
      const rels = relationsOf(a.id);
      writer.deleteAnnotation(a, label);
      undoStack.push({ t: "delete", annotation: a, relations: rels, label });
      bumpUndo();
      setSelected(null);
      setSel(caretAt(a.start));
      say(`Deleted ${label}${rels.length ? ` and ${plural(rels.length, "relation")}` : ""}`, { label: "Undo", run: runUndo });
    },
    [bumpUndo, canEdit, labelById, relationsOf, runUndo, say, setSel, setSelected, undoStack, writer],
  );

  const addRelation = useCallback(
    (type: string, fromId: string, toId: string) => {
      if (!canEdit()) return;
      if (currentLayer().relations.some((r) => r.type === type && r.fromId === fromId && r.toId === toId)) {
        say("That relation is already there.");
        return;
      }
      const relation: RelationDto = { id: crypto.randomUUID(), documentId: doc.id, type, fromId, toId, version: 1, createdAt: new Date().toISOString(), deletedAt: null };
      writer.createRelation(relation);
      undoStack.push({ t: "relate", relation });
      bumpUndo();
    },
    [bumpUndo, canEdit, currentLayer, doc.id, say, undoStack, writer],
  );

  const removeRelation = useCallback(
    (relation: RelationDto) => {
      if (!canEdit()) return;
      writer.deleteRelation(relation);
      undoStack.push({ t: "unrelate", relation });
      bumpUndo();
    },
    [bumpUndo, canEdit, undoStack, writer],
  );

  const runEntry = useCallback(
    (entry: UndoEntry, direction: "undo" | "redo"): boolean => {
      const back = direction === "undo";
      switch (entry.t) {
        case "create":
        case "delete": {
          const remove = (entry.t === "create") === back;
          if (remove) {
            const a = findSpan(entry.annotation.id);
            if (!a) return false;
            entry.annotation = a;
            entry.relations = relationsOf(a.id);
            writer.deleteAnnotation(a, entry.label);
            if (selectedRef.current === a.id) setSelected(null);
          } else {
            writer.restoreAnnotation(entry.annotation, entry.relations, entry.label);
          }
          return true;
        }
        case "update": {
          const a = findSpan(entry.id);
          if (!a) return false;
          writer.updateAnnotation(a, back ? entry.before : entry.after, `${back ? "Undo" : "Redo"}: ${entry.description}`);
          return true;
        }
        case "relate":
        case "unrelate": {
          const remove = (entry.t === "relate") === back;
          if (remove) writer.deleteRelation(entry.relation);
          else writer.restoreRelation(entry.relation);
          return true;
        }
      }
    },
    [findSpan, relationsOf, setSelected, writer],
  );

  const runUndoImpl = useCallback(() => {
    if (!canEdit()) return;
    const entry = undoStack.undo();
    if (!entry) {
      say("Nothing to undo.");
      return;
    }
    if (!runEntry(entry, "undo")) say("That change can't be undone any more: the span is gone.", undefined, "error");
    setToast(null);
    bumpUndo();
  }, [bumpUndo, canEdit, runEntry, say, undoStack]);
  const runRedoImpl = useCallback(() => {
    if (!canEdit()) return;
    const entry = undoStack.redo();
    if (!entry) {
      say("Nothing to redo.");
      return;
    }
    if (!runEntry(entry, "redo")) say("That change can't be redone any more: the span is gone.", undefined, "error");
    bumpUndo();
  }, [bumpUndo, canEdit, runEntry, say, undoStack]);
  useEffect(() => {
    undoRef.current = runUndoImpl;
    redoRef.current = runRedoImpl;
  }, [runUndoImpl, runRedoImpl]);

  const submit = useCallback(() => {
    if (!canWrite) {
      say("Your role can read this article but not submit it.", undefined, "error");
      return;
    }
    if (isSubmitted) {
      say("This article is already submitted.");
      return;
    }
    writer.submit();
    say("Submitted. Your spans are saved and the article is marked done.");
  }, [canWrite, isSubmitted, say, writer]);
  const reopen = useCallback(() => {
    writer.reopen();
  }, [writer]);

  const openRelationPicker = useCallback(
    (a: AnnotationDto, requested?: string) => {
      const label = labelById.get(a.labelId);
      const type = requested ?? label?.relationTypes[0]?.type;
      if (!type) {
        say(`${label?.name ?? "This"} spans have no relations. Quotes get a speaker, claims a claimant.`);
        return;
      }
      if (!canEdit()) return;
      setPicker({ fromId: a.id, type });
    },
    [canEdit, labelById, say],
  );

  /** Opens the comment thread of a span (C, or the panel's button). */
  const openSpanComments = useCallback(
    (a: AnnotationDto) => setCommentsFor({ annotationId: a.id, label: `${labelById.get(a.labelId)?.name ?? "span"} “${a.quote.length > 50 ? `${a.quote.slice(0, 49)}…` : a.quote}”` }),
    [labelById],
  );

  // ----- pointer: selection, clicks, hover ------------------------------------------------------
  // A selection change waiting for its frame when the listeners below are re-attached (they are
  // whenever the span index changes, e.g. right after a tag) is handled by the new ones, not lost.
  const pendingSelectionRef = useRef(false);
  useEffect(() => {
    const root = articleRef.current;
    if (!root) return;
    let frame: number | null = null;
    const onSelectionChange = () => {
      if (frame !== null) return;
      frame = requestAnimationFrame(() => {
        frame = null;
        const mapper = mapperRef.current;
        const s = window.getSelection();
        if (!mapper || !s || s.rangeCount === 0 || s.isCollapsed) return;
        if (!root.contains(s.anchorNode) && !root.contains(s.focusNode)) return;
        const raw = mapper.selectionToOffsets(s);
        if (!raw || raw.end <= raw.start) return;
        const snapped = snapRef.current ? snapToWords(text, raw.start, raw.end) : snapToGraphemes(text, raw.start, raw.end);
        if (!snapped || snapped.end <= snapped.start) {
          setSel(null);
          return;
        }
        setSelected(null);
        setSel(raw.backward ? { anchor: snapped.end, focus: snapped.start } : { anchor: snapped.start, focus: snapped.end });
      });
    };
    const onClick = (e: MouseEvent) => {
      const mapper = mapperRef.current;
      const s = window.getSelection();
      if (!mapper || (s && !s.isCollapsed)) return; // a drag-selection, handled above
      const cp = offsetFromPoint(mapper, e.clientX, e.clientY);
      if (cp === null) return;
      const ch = characterAtPoint(mapper, e.clientX, e.clientY);
            const candidates = ch === null ? [] : spanIndex().at(ch).filter((a) => !paintTarget.isHidden(a.labelId));
      goalX.current = null;
      if (candidates.length) {
        const current = selectedRef.current && candidates.some((c) => c.id === selectedRef.current) ? selectedRef.current : null;
        const next = cycleSpanAt(candidates, current);
        if (next) {
          setSelected(next.id);
          setSel(caretAt(cp));
          if (candidates.length > 1) say(`${candidates.length} spans overlap here; click again for the next one.`);
          return;
        }
      }
      setSelected(null);
      setSel(caretAt(cp));
    };
    let hoverFrame: number | null = null;
    let lastHover = "";
    const onMove = (e: MouseEvent) => {
      const x = e.clientX;
      const y = e.clientY;
      if (hoverFrame !== null) return;
      hoverFrame = requestAnimationFrame(() => {
        hoverFrame = null;
        const mapper = mapperRef.current;
        if (!mapper) return;
        const ch = characterAtPoint(mapper, x, y);
                const spans = ch === null ? [] : spanIndex().at(ch).filter((a) => !paintTarget.isHidden(a.labelId));
        spans.sort((a, b) => a.end - a.start - (b.end - b.start));
        const key = spans.map((s) => `${s.id}:${s.version}:${s.note ?? ""}:${s.labelId}:${s.entityId ?? ""}`).join("|");
        if (key === lastHover) {
          if (spans.length) setHover((h) => (h ? { ...h, x, y } : h));
          return;
        }
        lastHover = key;
        setHover(spans.length ? { spanIds: spans.map((s) => s.id), x, y } : null);
      });
    };
    const onLeave = () => {
      lastHover = "";
      setHover(null);
    };
    // Focus that comes from a press of the mouse (or a touch) must not place a caret of its own: the
    // click or drag that follows does, and a caret placed here would scroll the page under the pointer.
    let pointerFocus = false;
    const onPointerDown = () => {
      pointerFocus = true;
      setTimeout(() => {
        pointerFocus = false;
      }, 0);
    };
    const onFocus = () => {
      cursor.set({ focused: true });
      if (!selRef.current && !pointerFocus) {
        // Start the caret at the first paragraph in view.
        const mapper = mapperRef.current;
        const first = Array.from(root.children).find((c) => c.getBoundingClientRect().bottom > 120) as HTMLElement | undefined;
        const start = first ? Number(first.dataset.start ?? 0) : 0;
        setSel(caretAt(mapper ? start : 0));
      }
    };
    const onBlur = () => cursor.set({ focused: false });
    document.addEventListener("selectionchange", onSelectionChange);
    root.addEventListener("click", onClick);
    root.addEventListener("mousemove", onMove);
    root.addEventListener("mouseleave", onLeave);
    root.addEventListener("pointerdown", onPointerDown);
    root.addEventListener("focus", onFocus);
    root.addEventListener("blur", onBlur);
    if (pendingSelectionRef.current) {
      pendingSelectionRef.current = false;
      onSelectionChange();
    }
    return () => {
      if (frame !== null) pendingSelectionRef.current = true;
      root.removeEventListener("pointerdown", onPointerDown);
      document.removeEventListener("selectionchange", onSelectionChange);
      root.removeEventListener("click", onClick);
      root.removeEventListener("mousemove", onMove);
      root.removeEventListener("mouseleave", onLeave);
      root.removeEventListener("focus", onFocus);
      root.removeEventListener("blur", onBlur);
      if (frame !== null) cancelAnimationFrame(frame);
      if (hoverFrame !== null) cancelAnimationFrame(hoverFrame);
    };
  }, [cursor, paintTarget, say, setSel, setSelected, spanIndex, text]);

  // ----- keyboard ----------------------------------------------------------------------------
  const verticalMove = useCallback(
    (s: CaretSelection, direction: -1 | 1, extend: boolean): CaretSelection | null => {
      const mapper = mapperRef.current;
      if (!mapper) return null;
      const rect = caretRect(mapper, s.focus);
      if (!rect) return null;
      const x = goalX.current ?? rect.left;
      goalX.current = x;
      let y = direction < 0 ? rect.top - rect.height * 0.5 : rect.bottom + rect.height * 0.5;
      if (y < 130 || y > window.innerHeight - 10) {
        window.scrollBy({ top: direction * rect.height * 3 });
        y -= direction * rect.height * 3;
      }
      const cp = offsetFromPoint(mapper, x + 1, y);
      if (cp === null || cp === s.focus) return moveCaret(text, s, direction, "line", extend);
      const at = snapToGraphemes(text, cp, cp).start;
      return extend ? { anchor: s.anchor, focus: at } : caretAt(at);
    },
    [text],
  );

  const handleKey = useCallback(
    (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const target = e.target instanceof Element ? e.target : null;
      const inField = isTextField(target);
      const inDialog = Boolean(target?.closest("[role='dialog'], [role='alertdialog']"));
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key;

      if (mod && !e.altKey && (key.toLowerCase() === "z" || key.toLowerCase() === "y")) {
        if (inField || inDialog) return; // the field's own undo
        e.preventDefault();
        if (key.toLowerCase() === "y" || e.shiftKey) runRedo();
        else runUndo();
        return;
      }
      if (inField || inDialog) return;
      const root = articleRef.current;
      const inArticle = Boolean(root && target && root.contains(target));
      const s = selRef.current;
      const selected = findSpan(selectedRef.current);

      const arrows: Record<string, [-1 | 1, CaretUnit]> = {
        ArrowLeft: [-1, "grapheme"],
        ArrowRight: [1, "grapheme"],
        Home: [-1, "line"],
        End: [1, "line"],
      };
      if (inArticle && (key in arrows || key === "ArrowUp" || key === "ArrowDown")) {
        e.preventDefault();
        const cur = s ?? caretAt(0);
        let next: CaretSelection | null;
        if (key === "ArrowUp" || key === "ArrowDown") {
          next = verticalMove(cur, key === "ArrowUp" ? -1 : 1, e.shiftKey);
        } else {
          goalX.current = null;
          const [dir, baseUnit] = arrows[key] as [-1 | 1, CaretUnit];
          const unit: CaretUnit = baseUnit === "line" ? (mod ? "document" : "line") : mod || e.altKey ? "word" : "grapheme";
          next = moveCaret(text, cur, dir, unit, e.shiftKey);
          if (unit === "document") scrollToOffset(next.focus);
        }
        if (next) {
          window.getSelection()?.removeAllRanges();
          setSelected(null);
          setSel(next);
        }
        return;
      }
      if (mod || e.altKey) return; // leave browser shortcuts alone

      if (key === "?") {
        e.preventDefault();
        setKeymapOpen(true);
        return;
      }
      if (key === "Escape") {
        window.getSelection()?.removeAllRanges();
        setHover(null);
        if (selectedRef.current) setSelected(null);
        if (s && !isCollapsed(s)) setSel(caretAt(s.focus));
        return;
      }
      if (DIGIT.test(key)) {
        const label = activeLabels.find((l) => l.hotkey === key);
        if (!label) return;
        e.preventDefault();
        if (s && !isCollapsed(s)) createSpan(label);
        else if (selected) changeLabel(selected, label);
        else say(`Select some text first, then press ${key} to tag it as ${label.name}.`);
        return;
      }
      if (key === "Tab" && inArticle) {
        const sorted = spanIndex().all().filter((a) => !paintTarget.isHidden(a.labelId));
        const next = adjacentSpan(sorted, selectedRef.current, s?.focus ?? 0, e.shiftKey ? -1 : 1);
        if (next) {
          e.preventDefault();
          selectSpan(next.id, { scroll: true });
        }
        return;
      }
      if ((key === "Delete" || key === "Backspace") && selected) {
        e.preventDefault();
        deleteSpan(selected);
        return;
      }
      if ((e.code === "BracketLeft" || e.code === "BracketRight") && selected) {
        e.preventDefault();
        const edge = e.shiftKey ? "end" : "start";
        const dir = e.code === "BracketLeft" ? -1 : 1;
        const next = adjustSpanEdge(text, selected, edge, dir, snapRef.current ? "word" : "grapheme");
        if (!next) say(`Can't move the ${edge} further that way.`);
        else if (canEdit()) setBoundaries(selected, next);
        return;
      }
      const lower = key.toLowerCase();
      if (lower === "n" && selected) {
        e.preventDefault();
        setFocusRequest({ field: "note", n: Date.now(), spanId: selected.id });
        return;
      }
      if (lower === "e" && selected) {
        e.preventDefault();
        if (labelById.get(selected.labelId)?.kind !== "entity") say("Only Entity spans link to the entity registry.");
        else setFocusRequest({ field: "entity", n: Date.now(), spanId: selected.id });
        return;
      }
      if (lower === "r" && selected) {
        e.preventDefault();
        openRelationPicker(selected);
        return;
      }
      if (lower === "c") {
        e.preventDefault();
        if (selected) openSpanComments(selected);
        else setCommentsFor({ annotationId: null, label: "the article" });
        return;
      }
      if (lower === "t" && canSeeTeammates) {
        e.preventDefault();
        setShowTeammates(!showTeammates);
        say(showTeammates ? "Teammates' spans hidden" : "Showing teammates' spans (dotted underline)");
        return;
      }
      if (lower === "s") {
        e.preventDefault();
        submit();
        return;
      }
      if (lower === "j" || lower === "k") {
        e.preventDefault();
        goInQueue(lower === "j" ? "next" : "previous");
      }
    },
    [activeLabels, canEdit, canSeeTeammates, goInQueue, showTeammates, changeLabel, createSpan, deleteSpan, findSpan, labelById, openRelationPicker, openSpanComments, paintTarget, runRedo, runUndo, say, scrollToOffset, selectSpan, setBoundaries, setSel, setSelected, spanIndex, submit, text, verticalMove],
  );
  const keyRef = useRef(handleKey);
  useEffect(() => {
    keyRef.current = handleKey;
  }, [handleKey]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => keyRef.current(e);
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  // ----- derived for rendering -----------------------------------------------------------------
  const deferredLayer = useDeferredValue(layer);
  const hoverSpans = useMemo(
    () => (hover ? hover.spanIds.map((id) => layer.annotations.find((a) => a.id === id)).filter((a): a is AnnotationDto => Boolean(a)) : []),
    [hover, layer],
  );
  const pickerFrom = picker ? findSpan(picker.fromId) : null;
  const onPanelSelect = useCallback((id: string) => selectSpan(id, { scroll: true, flash: true }), [selectSpan]);
  const createEntity = useCallback((input: { name: string; type: string | null; externalId: string | null }) => writer.createEntity(input), [writer]);
  const getMapper = useCallback(() => mapperRef.current, []);
  const labelCss = useMemo(() => labelMarkCss(labels), [labels]);
  const dragPreview = useCallback((r: { start: number; end: number } | null) => paintTarget.current()?.setPreview(r), [paintTarget]);
  const dragCommit = useCallback(
    (r: { start: number; end: number }) => {
      const a = findSpan(selectedRef.current);
      if (a && canEdit()) setBoundaries(a, r);
    },
    [canEdit, findSpan, setBoundaries],
  );
  const toggleHidden = useCallback(
    (id: string) =>
      setHidden((h) => {
        const next = new Set(h);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    [],
  );
  const showAllLabels = useCallback(() => setHidden(new Set()), []);
  const changeEntityType = useCallback((labelId: string, type: string) => setEntityTypeByLabel((m) => ({ ...m, [labelId]: type })), []);
  const tagFromPalette = useCallback(
    (l: LabelDto) => {
      const s = selRef.current;
      const selectedNow = findSpan(selectedRef.current);
      if (s && !isCollapsed(s)) createSpan(l);
      else if (selectedNow) changeLabel(selectedNow, l);
      else say(`Select some text first, then click ${l.name} (or press ${l.hotkey ?? "its key"}).`);
    },
    [changeLabel, createSpan, findSpan, say],
  );
  const teammatesCount = teammates.data ? teammates.data.spans.length : null;
  const teammatesPeople = teammates.data ? teammates.data.people : null;
  const teammatesError = teammates.isError ? (teammates.error as Error).message : null;
  const teammatesToggle = useMemo(
    () => (canSeeTeammates ? { on: showTeammates, onChange: setShowTeammates, spans: teammatesCount, people: teammatesPeople, error: teammatesError } : undefined),
    [canSeeTeammates, showTeammates, teammatesCount, teammatesPeople, teammatesError],
  );
  const statusText = assignmentStatus ? assignmentStatus.replace("_", " ") : "not started";

  return (
    <div className="sl-editor">
      {/* Each label's colour for its marks (mark-painter.ts), rendered with the page so nothing is injected later. */}
      <style>{labelCss}</style>
      <div className="sl-bars sticky top-14 z-20">
        <div className="surface border-b">
          <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2">
            <nav aria-label="Breadcrumb" className="text-muted min-w-0 flex-1 truncate text-sm">
              <Link href="/projects" className="hover:underline">
                Projects
              </Link>{" "}
              /{" "}
              <Link href={`/projects/${project.slug}`} className="hover:underline">
                {project.name}
              </Link>{" "}
              / <span className="text-[var(--text)]">{doc.title}</span>
            </nav>
            <QueueNav projectSlug={project.slug} neighbors={neighbors.data} isSubmitted={isSubmitted} navigating={navigating} />
            <span className="text-muted rounded border border-default px-1.5 py-0.5 text-xs capitalize" data-testid="assignment-status">
              {statusText}
            </span>
            <SaveStatus outbox={outbox} onDiscard={discardOp} />
            <button type="button" className="sl-key-button" onClick={() => setKeymapOpen(true)} aria-label="Keyboard shortcuts (?)" title="Keyboard shortcuts (?)">
              ?
            </button>
            <CommentsButton projectId={project.id} documentId={doc.id} onOpen={() => setCommentsFor({ annotationId: null, label: "the article" })} />
            {isSubmitted ? (
              assignmentStatus === "submitted" && canWrite ? (
                <button type="button" className="sl-secondary-button" onClick={reopen}>
                  Reopen
                </button>
              ) : null
            ) : (
              <button type="button" className="sl-primary-button" onClick={submit} disabled={!canWrite} title="Submit the article (S)">
                Submit
              </button>
            )}
          </div>
        </div>
        <LabelPalette
          labels={activeLabels}
          allLabels={labels}
          hidden={hidden}
          onToggleHidden={toggleHidden}
          onShowAll={showAllLabels}
          snap={snap}
          onSnapChange={setSnap}
          teammates={teammatesToggle}
          onTag={tagFromPalette}
          entityTypeByLabel={entityTypeByLabel}
          onEntityTypeChange={changeEntityType}
          readOnly={readOnly}
        />
      </div>

      <div className="mx-auto grid max-w-7xl gap-6 px-4 py-6 lg:grid-cols-[minmax(0,1fr)_24rem]">
        <main className="min-w-0">
          <h1 className="sl-title">{doc.title}</h1>
          <div className="mx-auto mb-4 max-w-[70ch] empty:hidden">
            <ReturnedBanner projectId={project.id} documentId={doc.id} onShowSpan={(id) => selectSpan(id, { scroll: true, flash: true })} />
          </div>
          {readOnly ? (
            <p className="text-muted mb-4 text-sm" role="note">
              {!canWrite ? "You can read this article; your role does not annotate." : "This article is submitted: reopen it to change your spans."}
            </p>
          ) : null}
          <p id="sl-reader-help" className="sr-only">
            Use the arrow keys to move the caret, Shift with arrows to select, and a label number to tag. Press question mark for all keys.
          </p>
          <div ref={wrapperRef} className="sl-reader-wrap">
            <ArticleText ref={articleRef} text={text} label={`Article text: ${doc.title}`} describedBy="sl-reader-help" />
            <ReaderOverlay
              wrapperRef={wrapperRef}
              getMapper={getMapper}
              text={text}
              cursor={cursor}
              findSpan={findSpan}
              layer={layer}
              labels={labels}
              onTag={createSpan}
              snap={snap}
              readOnly={readOnly}
              onDragPreview={dragPreview}
              onDragCommit={dragCommit}
              layoutTick={layoutTick}
            />
            <RelationArcs
              wrapperRef={wrapperRef}
              getMapper={getMapper}
              cursor={cursor}
              findSpan={findSpan}
              relationsOf={relationsOf}
              layer={layer}
              layoutTick={layoutTick}
            />
          </div>
          <SelectionAnnouncer cursor={cursor} index={index} />
        </main>

        <SpanPanel
          projectId={project.id}
          layer={deferredLayer}
          liveLayer={layer}
          labels={labels}
          hidden={hidden}
          cursor={cursor}
          readOnly={readOnly}
          focusRequest={focusRequest}
          onSelect={onPanelSelect}
          onChangeLabel={changeLabel}
          onUpdate={updateSpan}
          onDelete={deleteSpan}
          onOpenRelationPicker={openRelationPicker}
          onRemoveRelation={removeRelation}
          onCreateEntity={createEntity}
          onOpenComments={openSpanComments}
          undoState={undoState}
          onUndo={runUndo}
          onRedo={runRedo}
        />
      </div>

      <SpanTooltip info={hover} spans={hoverSpans} labels={labelById} entities={layer.entities} />
      <Toast toast={toast} onDismiss={() => setToast(null)} />
      {keymapOpen ? <KeymapDialog open onOpenChange={setKeymapOpen} labels={activeLabels} /> : null}
      {commentsFor ? (
        <CommentSurface
          projectId={project.id}
          documentId={doc.id}
          target={commentsFor}
          onClose={() => setCommentsFor(null)}
          onShowSpan={(id) => selectSpan(id, { scroll: true, flash: true })}
        />
      ) : null}
      {picker && pickerFrom ? (
        <RelationPicker
          from={pickerFrom}
          type={picker.type}
          labels={labels}
          layer={layer}
          onPick={(toId) => {
            addRelation(picker.type, picker.fromId, toId);
            setPicker(null);
          }}
          onClose={() => setPicker(null)}
        />
      ) : null}
      <ConflictHost writer={writer} findSpan={findSpan} labels={labelById} />
    </div>
  );
});
