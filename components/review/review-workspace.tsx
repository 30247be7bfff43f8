"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useEffect, useEffectEvent, useLayoutEffect, useMemo, useRef, useState } from "react";
import { ArticleText } from "@/components/annotator/article-text";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { FormError } from "@/components/ui/field";
import { createOffsetIndex } from "@/lib/annotation/offsets";
import {
  isPendingGold,
  reviewViewQuery,
  useAcceptAgreed,
  useAcceptSpan,
  useApproveDocument,
  useDeleteGoldSpan,
  useRejectSpan,
  useRelabelGoldSpan,
  useReturnDocument,
  useStartReview,
} from "@/lib/api-client/review";
import { createDomOffsetMapper, type DomOffsetMapper } from "@/lib/dom/range-offsets";
import { DIFFERENCE_MARKERS } from "@/lib/review/compare-layers";
import {
  compareEnabledLayers,
  filterItems,
  goldIndexOf,
  ITEM_FILTERS,
  itemStatus,
  rejectedSpanIds,
  step,
  type ItemFilter,
  type ReviewLayerSpan,
} from "@/lib/review/review-model";
import type { ReviewSpanDto, ReviewViewDto } from "@/lib/review/types";
import { statusLabel, transition, type WorkflowEvent } from "@/lib/review/workflow";
import { CommentsButton } from "@/components/comments/comments-button";
import { CommentSurface } from "./comment-surface";
import { DisagreementMarkers } from "./disagreement-markers";
import { GoldRow, ItemDetail, ItemRow, snippet } from "./item-views";
import { LayerChips } from "./layer-chips";
import { RejectDialog, ReturnDialog, ReviewKeymapDialog } from "./review-dialogs";
import { actionForKey, type ReviewAction } from "./review-keymap";
import { ReviewPainter, type PaintSpan, type PaintTarget } from "./review-painter";
import type { LiveStatus } from "@/lib/api-client/live";
import { useReviewLive } from "./use-review-live";
import { VirtualList } from "./virtual-list";
import { isTextField } from "@/lib/dom/text-field";

export interface ReviewWorkspaceProps {
  project: { id: string; slug: string; name: string };
  documentId: string;
  user: { id: string; name: string };
}

type Mode = "merged" | "side" | "gold";
const MODES: { value: Mode; label: string }[] = [
  { value: "merged", label: "Merged" },
  { value: "side", label: "Side by side" },
  { value: "gold", label: "Gold only" },
];

const ITEM_ROW = 58;
const GOLD_ROW = 54;

/** The review of one article: loads it, then hands over to the workspace. */
export function ReviewWorkspace(props: ReviewWorkspaceProps) {
  const query = useQuery(reviewViewQuery(props.project.id, props.documentId));
  const live = useReviewLive(props.project.id, props.documentId, props.user.id);
  if (query.isPending) {
    return (
      <div className="flex h-[calc(100dvh-3.5rem)] items-center justify-center" role="status" aria-live="polite">
        <div className="text-muted flex items-center gap-3 text-sm">
          <span className="size-4 animate-spin rounded-full border-2 border-current border-t-transparent" aria-hidden />
          Loading the article and every annotator&apos;s layer…
        </div>
      </div>
    );
  }
  if (query.isError) {
    return (
      <main className="mx-auto max-w-lg space-y-4 px-4 py-24">
        <h1 className="text-xl font-semibold">The review could not be loaded</h1>
        <FormError message={query.error.message} />
        <div className="flex gap-2">
          <Button onClick={() => void query.refetch()}>Try again</Button>
          <Link href={`/projects/${props.project.slug}/review`} className="inline-flex h-10 items-center px-3 text-sm underline">
            Back to the review queue
          </Link>
        </div>
      </main>
    );
  }
  return <ReviewLoaded {...props} view={query.data} isRefreshing={query.isFetching} liveStatus={live.status} />;
}


function scrollIntoViewOf(scroller: HTMLElement | null, mapper: DomOffsetMapper | null, start: number, end: number): void {
  if (!scroller || !mapper) return;
  try {
    const rect = mapper.offsetsToRange(start, Math.min(end, start + 400)).getBoundingClientRect();
    const box = scroller.getBoundingClientRect();
    if (rect.top < box.top + 48 || rect.bottom > box.bottom - 48) scroller.scrollTop += rect.top - box.top - box.height / 3;
  } catch {
    // offsets outside the text: nothing to scroll to
  }
}

function ReviewLoaded({
  project,
  documentId,
  view,
  isRefreshing,
  liveStatus,
}: ReviewWorkspaceProps & { view: ReviewViewDto; isRefreshing: boolean; liveStatus: LiveStatus }) {
  const text = view.document.text;
  const index = useMemo(() => createOffsetIndex(text), [text]);
  const spanText = useCallback((s: { start: number; end: number }) => index.sliceCp(s.start, s.end), [index]);
  const labels = useMemo(() => new Map(view.labels.map((l) => [l.id, l])), [view.labels]);
  const annotators = useMemo(() => new Map(view.layers.map((l) => [l.annotator.id, l.annotator])), [view.layers]);
  const entities = useMemo(() => new Map(view.entities.map((e) => [e.id, e])), [view.entities]);
  const isReviewer = view.access.mode === "review";
  const canWriteGold = view.access.canWriteGold && view.gold !== null;
  const canDecide = view.access.canDecide;

  // ---- layers, mode, comparison -------------------------------------------------------------
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const enabled = useMemo(
    () => new Set(view.layers.filter((l) => l.annotator.isCompared && !hidden.has(l.annotator.id)).map((l) => l.annotator.id)),
    [view.layers, hidden],
  );
  const enabledList = useMemo(() => view.layers.map((l) => l.annotator.id).filter((id) => enabled.has(id)), [view.layers, enabled]);
  const [mode, setMode] = useState<Mode>("merged");
  const [pair, setPair] = useState<[string | null, string | null]>([null, null]);
  const left = pair[0] && enabled.has(pair[0]) ? pair[0] : (enabledList[0] ?? null);
  const right = pair[1] && enabled.has(pair[1]) && pair[1] !== left ? pair[1] : (enabledList.find((id) => id !== left) ?? null);
  const comparedIds = mode === "side" ? [left, right].filter((x): x is string => x !== null) : enabledList;
  const comparedKey = comparedIds.join(",");
  const comparison = useMemo(() => compareEnabledLayers(view.layers, new Set(comparedKey ? comparedKey.split(",") : [])), [view.layers, comparedKey]);

  const gold = useMemo(() => view.gold?.annotations ?? [], [view.gold]);
  const goldSorted = useMemo(() => [...gold].sort((a, b) => a.start - b.start || b.end - a.end), [gold]);
  const goldIndex = useMemo(() => goldIndexOf(gold), [gold]);
  const rejected = useMemo(() => rejectedSpanIds(view.decisions), [view.decisions]);
  const statuses = useMemo(() => comparison.items.map((i) => itemStatus(i, goldIndex, rejected)), [comparison, goldIndex, rejected]);
  const [filter, setFilter] = useState<ItemFilter>("all");
  const visible = useMemo(() => filterItems(comparison.items, statuses, filter), [comparison, statuses, filter]);
  const filterCounts = useMemo(
    () => Object.fromEntries(ITEM_FILTERS.map((f) => [f.value, filterItems(comparison.items, statuses, f.value).length])) as Record<ItemFilter, number>,
    [comparison, statuses],
  );
  const spanOwner = useMemo(() => {
    const m = new Map<string, string>();
    for (const l of view.layers) for (const s of l.annotations) m.set(s.id, l.annotator.id);
    return m;
  }, [view.layers]);
  const goldRelationCount = useMemo(() => {
    const m = new Map<string, number>();
    for (const r of view.gold?.relations ?? []) m.set(r.fromId, (m.get(r.fromId) ?? 0) + 1);
    return m;
  }, [view.gold]);

  // ---- focus ------------------------------------------------------------------------------------
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const [focusSpanId, setFocusSpanId] = useState<string | null>(null);
  const [focusGoldId, setFocusGoldId] = useState<string | null>(null);
  const keyToPos = useMemo(() => new Map(visible.map((itemIdx, pos) => [comparison.items[itemIdx]!.key, pos])), [visible, comparison]);
  const activePos = focusKey !== null ? (keyToPos.get(focusKey) ?? -1) : -1;
  const lastPos = useRef(0);
  const focusedItem = activePos >= 0 ? comparison.items[visible[activePos]!]! : null;
  const focusedSpan: ReviewLayerSpan | null = focusedItem ? (focusedItem.spans.find((s) => s.id === focusSpanId) ?? focusedItem.spans[0] ?? null) : null;
  const goldPos = focusGoldId ? goldSorted.findIndex((g) => g.id === focusGoldId) : -1;
  const focusedGold = goldPos >= 0 ? goldSorted[goldPos]! : null;

  useEffect(() => {
    if (activePos >= 0) lastPos.current = activePos;
  }, [activePos]);
  // When the focused item leaves the list (accepted under "Open", layer hidden), focus its neighbour.
  useEffect(() => {
    if (focusKey !== null && activePos === -1 && visible.length > 0) {
      const pos = Math.min(lastPos.current, visible.length - 1);
      setFocusKey(comparison.items[visible[pos]!]!.key);
      setFocusSpanId(null);
    }
  }, [focusKey, activePos, visible, comparison]);

  const focusItemAt = useCallback(
    (pos: number) => {
      const idx = visible[pos];
      if (idx === undefined) return;
      setFocusKey(comparison.items[idx]!.key);
      setFocusSpanId(null);
    },
    [visible, comparison],
  );

  // ---- text, mappers, painter ---------------------------------------------------------------------
  const [mainRoot, setMainRoot] = useState<HTMLDivElement | null>(null);
  const [rightRoot, setRightRoot] = useState<HTMLDivElement | null>(null);
  const [mainScroller, setMainScroller] = useState<HTMLDivElement | null>(null);
  const [rightScroller, setRightScroller] = useState<HTMLDivElement | null>(null);
  const mainMapper = useMemo(() => (mainRoot ? createDomOffsetMapper(mainRoot, index) : null), [mainRoot, index]);
  const rightMapper = useMemo(() => (rightRoot ? createDomOffsetMapper(rightRoot, index) : null), [rightRoot, index]);
  const [painter] = useState(() => new ReviewPainter());
  const [readyAt, setReadyAt] = useState<number | null>(null);
  useEffect(() => () => painter.destroy(), [painter]);
  useEffect(() => painter.setLabels(view.labels), [painter, view.labels]);

  useLayoutEffect(() => {
    const targets: PaintTarget[] = [];
    const styleOf = (kind: string): PaintSpan["style"] => (kind === "agreed" ? "agreed" : (kind as PaintSpan["style"]));
    if (mode === "merged" && mainMapper) {
      const spans: PaintSpan[] = [];
      for (const item of comparison.items) {
        if (item.kind === "agreed") {
          const s = item.spans[0]!;
          spans.push({ start: s.start, end: s.end, labelId: s.labelId, style: "agreed" });
        } else for (const s of item.spans) spans.push({ start: s.start, end: s.end, labelId: s.labelId, style: styleOf(item.kind) });
      }
      targets.push({ mapper: mainMapper, spans });
    } else if (mode === "side") {
      for (const [who, mapper] of [
        [left, mainMapper],
        [right, rightMapper],
      ] as const) {
        if (!who || !mapper) continue;
        const spans: PaintSpan[] = [];
        for (const item of comparison.items)
          for (const s of item.spans) if (s.annotator === who) spans.push({ start: s.start, end: s.end, labelId: s.labelId, style: styleOf(item.kind) });
        targets.push({ mapper, spans });
      }
    } else if (mode === "gold" && mainMapper) {
      targets.push({ mapper: mainMapper, spans: gold.map((g) => ({ start: g.start, end: g.end, labelId: g.labelId, style: "plain" as const })) });
    }
    painter.paint(targets);
    if (mainMapper && readyAt === null) {
      const frame = requestAnimationFrame(() => {
        performance.mark("review-ready");
        setReadyAt(performance.now());
      });
      return () => cancelAnimationFrame(frame);
    }
  }, [painter, mode, comparison, gold, mainMapper, rightMapper, left, right, readyAt]);

  // Focus highlight + scroll.
  useEffect(() => {
    if (mode === "gold") {
      painter.setFocus(focusedGold && mainMapper ? [{ mapper: mainMapper, ...focusedGold }] : [], null);
      if (focusedGold) scrollIntoViewOf(mainScroller, mainMapper, focusedGold.start, focusedGold.end);
      return;
    }
    if (!focusedItem) {
      painter.setFocus([], null);
      return;
    }
    const envelopes = [mainMapper, mode === "side" ? rightMapper : null].filter((m): m is DomOffsetMapper => m !== null).map((mapper) => ({ mapper, start: focusedItem.start, end: focusedItem.end }));
    const spanMapper = mode === "side" && focusedSpan?.annotator === right ? rightMapper : mainMapper;
    painter.setFocus(envelopes, focusedSpan && spanMapper ? { mapper: spanMapper, start: focusedSpan.start, end: focusedSpan.end } : null);
    scrollIntoViewOf(mainScroller, mainMapper, focusedItem.start, focusedItem.end);
    if (mode === "side") scrollIntoViewOf(rightScroller, rightMapper, focusedItem.start, focusedItem.end);
  }, [painter, mode, focusedItem, focusedSpan, focusedGold, mainMapper, rightMapper, mainScroller, rightScroller, right]);

  // ---- mutations, messages ----------------------------------------------------------------------
  const [toast, setToast] = useState<{ message: string; tone: "info" | "error"; id: number } | null>(null);
  const say = useCallback((message: string, tone: "info" | "error" = "info") => setToast({ message, tone, id: Date.now() }), []);
  useEffect(() => {
    if (!toast) return;
    const t = setTimeout(() => setToast(null), toast.tone === "error" ? 9000 : 5000);
    return () => clearTimeout(t);
  }, [toast]);

  const startReview = useStartReview(project.id, documentId);
  const approve = useApproveDocument(project.id, documentId);
  const returnDoc = useReturnDocument(project.id, documentId);
  const accept = useAcceptSpan(project.id, documentId);
  const acceptAgreed = useAcceptAgreed(project.id, documentId);
  const reject = useRejectSpan(project.id, documentId);
  const deleteGold = useDeleteGoldSpan(project.id, documentId);
  const relabelGold = useRelabelGoldSpan(project.id, documentId);

  const [rejecting, setRejecting] = useState<ReviewLayerSpan | null>(null);
  const [returning, setReturning] = useState(false);
  const [keysOpen, setKeysOpen] = useState(false);
  const [commentTarget, setCommentTarget] = useState<{ annotationId: string | null; label: string } | null>(null);

  const explainRefusal = useCallback(
    (event: WorkflowEvent) => {
      const t = transition(view.status, event);
      say(t.ok ? "That can't be done right now." : t.message, "error");
    },
    [view.status, say],
  );

  const doAccept = useCallback(
    (span: ReviewLayerSpan) => {
      if (!canWriteGold) return say("Your role can't change the gold layer.", "error");
      if (goldIndex.match(span)) return say("This span is already in gold.");
      accept.mutate(span, {
        onSuccess: (r) => say(r.created ? `Accepted into gold${r.relations.length ? `, with ${r.relations.length} relation${r.relations.length === 1 ? "" : "s"}` : ""}.` : "Already in gold."),
        onError: (e) => say(e.message, "error"),
      });
    },
    [accept, canWriteGold, goldIndex, say],
  );

  const doAcceptAgreed = useCallback(() => {
    if (!canWriteGold) return say("Your role can't change the gold layer.", "error");
    const all = view.layers.filter((l) => l.annotator.isCompared).map((l) => l.annotator.id);
    const ids = enabledList.length === all.length ? undefined : enabledList;
    if (ids && ids.length === 0) return say("Switch on at least one layer first.", "error");
    say("Accepting every agreed span…");
    acceptAgreed.mutate(ids, {
      onSuccess: (r) =>
        say(
          `Accepted ${r.accepted} agreed span${r.accepted === 1 ? "" : "s"} into gold` +
            (r.alreadyInGold ? ` (${r.alreadyInGold} already there)` : "") +
            (r.relations ? `, ${r.relations} relation${r.relations === 1 ? "" : "s"}` : "") +
            (r.skipped.length ? `; ${r.skipped.length} skipped: ${r.skipped[0]!.reason}` : "") +
            ".",
        ),
      onError: (e) => say(e.message, "error"),
    });
  }, [acceptAgreed, canWriteGold, enabledList, view.layers, say]);

  const doApprove = useCallback(() => {
    if (!canDecide) return say("Your role can't approve articles.", "error");
    if (!view.actions.includes("approve")) return explainRefusal("approve");
    approve.mutate(undefined, { onSuccess: () => say("Article approved."), onError: (e) => say(e.message, "error") });
  }, [approve, canDecide, view.actions, explainRefusal, say]);

  const doStart = useCallback(() => {
    if (!canDecide) return say("Your role can't review articles.", "error");
    if (!view.actions.includes("start_review")) return explainRefusal("start_review");
    startReview.mutate(undefined, { onSuccess: () => say("Review started. Approve with Enter when you're done."), onError: (e) => say(e.message, "error") });
  }, [startReview, canDecide, view.actions, explainRefusal, say]);

  const doReturnOpen = useCallback(() => {
    if (!canDecide) return say("Your role can't return articles.", "error");
    if (!view.actions.includes("return")) return explainRefusal("return");
    returnDoc.reset();
    setReturning(true);
  }, [canDecide, view.actions, explainRefusal, returnDoc, say]);

  const openReject = useCallback(
    (span: ReviewLayerSpan) => {
      if (!canWriteGold) return say("Your role can't adjudicate spans.", "error");
      reject.reset();
      setRejecting(span);
    },
    [canWriteGold, reject, say],
  );

  const openComment = useCallback(
    (span: ReviewLayerSpan | null) => {
      setCommentTarget(
        span
          ? { annotationId: span.id, label: `${annotators.get(span.annotator)?.name ?? "A"}'s ${labels.get(span.labelId)?.name ?? "span"} “${snippet(spanText(span), 50)}”` }
          : { annotationId: null, label: "the article" },
      );
    },
    [annotators, labels, spanText],
  );

  // ---- keys --------------------------------------------------------------------------------------
  const listRef = useRef<HTMLDivElement | null>(null);
  const onAction = useEffectEvent((action: ReviewAction) => {
    const inGoldMode = mode === "gold";
    switch (action) {
      case "next":
      case "prev": {
        const delta = action === "next" ? 1 : -1;
        if (inGoldMode) {
          const pos = step(goldPos, delta, goldSorted.length);
          if (pos >= 0) setFocusGoldId(goldSorted[pos]!.id);
        } else {
          const pos = step(activePos, delta, visible.length);
          if (pos >= 0) focusItemAt(pos);
        }
        return;
      }
      case "nextSpan":
      case "prevSpan": {
        if (!focusedItem || focusedItem.spans.length < 2) return;
        const i = focusedItem.spans.findIndex((s) => s.id === focusedSpan?.id);
        const n = focusedItem.spans.length;
        setFocusSpanId(focusedItem.spans[(i + (action === "nextSpan" ? 1 : n - 1)) % n]!.id);
        return;
      }
      case "accept":
        if (!focusedSpan) return say("Focus an item first (J / K).", "error");
        doAccept(focusedSpan);
        return;
      case "acceptAgreed":
        doAcceptAgreed();
        return;
      case "reject":
        if (!focusedSpan) return say("Focus an item first (J / K).", "error");
        openReject(focusedSpan);
        return;
      case "comment":
        openComment(focusedSpan);
        return;
      case "approve":
        doApprove();
        return;
      case "return":
        doReturnOpen();
        return;
      case "startReview":
        doStart();
        return;
      case "cycleMode": {
        const modes = MODES.filter((m) => m.value !== "gold" || view.gold !== null);
        const i = modes.findIndex((m) => m.value === mode);
        setMode(modes[(i + 1) % modes.length]!.value);
        return;
      }
      case "help":
        setKeysOpen(true);
        return;
    }
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const target = e.target instanceof Element ? e.target : null;
      if (isTextField(target) || target?.closest("[role='dialog']")) return;
      const where = target && listRef.current?.contains(target) ? "list" : !target || target === document.body || target.closest("[data-review-body]") ? "body" : "other";
      const action = actionForKey(e, where);
      if (!action) return;
      e.preventDefault();
      onAction(action);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  // ---- render ------------------------------------------------------------------------------------
  const counts = comparison.counts;
  const disagreementItems = useMemo(() => comparison.items.filter((i) => i.kind !== "agreed"), [comparison]);
  const returnable = useMemo(
    () => view.layers.map((l) => l.annotator).filter((a) => a.assignmentStatus === "submitted" || a.assignmentStatus === "approved"),
    [view.layers],
  );
  const textClass =
    "relative mx-auto max-w-[72ch] px-8 py-10 font-serif text-[1.06rem] leading-[2.2] whitespace-pre-wrap [&_.sl-article]:outline-none [&_p]:mb-3 [&_.sl-p-empty]:min-h-4";

  const itemList = (
    <VirtualList
      id="review-items"
      label="Review items"
      count={visible.length}
      rowHeight={ITEM_ROW}
      activeIndex={activePos}
      className="min-h-0 flex-1 focus-visible:outline-offset-[-2px]"
      empty={
        <p className="text-muted p-4 text-sm">
          {comparison.items.length === 0
            ? enabled.size === 0
              ? "Switch on at least one layer to compare."
              : "No spans in the layers shown."
            : "Nothing matches this filter."}
        </p>
      }
      renderRow={(pos, isActive) => {
        const item = comparison.items[visible[pos]!]!;
        return (
          <ItemRow
            item={item}
            status={statuses[visible[pos]!]!}
            quote={snippet(spanText(item), 80)}
            labels={labels}
            annotators={annotators}
            isActive={isActive}
            onClick={() => {
              focusItemAt(pos);
              listRef.current?.focus();
            }}
          />
        );
      }}
    />
  );

  const goldList = (id: string) => (
    <VirtualList
      id={id}
      label="Gold spans"
      count={goldSorted.length}
      rowHeight={GOLD_ROW}
      activeIndex={goldPos}
      className="min-h-0 flex-1"
      empty={<p className="text-muted p-4 text-sm">Gold is empty. Accept spans with A, or every agreed span with Shift+A.</p>}
      renderRow={(pos, isActive) => {
        const g = goldSorted[pos]!;
        const sourceOwner = g.sourceAnnotationId ? spanOwner.get(g.sourceAnnotationId) : undefined;
        return (
          <GoldRow
            span={g}
            quote={snippet(spanText(g), 70)}
            labels={labels}
            labelList={view.labels}
            source={sourceOwner ? annotators.get(sourceOwner) : undefined}
            relationCount={goldRelationCount.get(g.id) ?? 0}
            isPending={isPendingGold(g.id)}
            isActive={isActive}
            canEdit={canWriteGold}
            onClick={() => setFocusGoldId(g.id)}
            onRelabel={(labelId) =>
              relabelGold.mutate({ id: g.id, version: g.version, labelId }, { onSuccess: () => say("Gold label changed."), onError: (e) => say(e.message, "error") })
            }
            onDelete={() => deleteGold.mutate(g, { onSuccess: () => say("Gold span deleted."), onError: (e) => say(e.message, "error") })}
          />
        );
      }}
    />
  );

  const textColumn = (which: "main" | "right", who: string | null) => (
    <div
      ref={which === "main" ? setMainScroller : setRightScroller}
      className="relative min-h-0 min-w-0 flex-1 overflow-y-auto"
      data-review-body
      data-testid={which === "main" ? "review-text" : "review-text-right"}
    >
      {mode === "side" && who ? (
        <div className="surface sticky top-0 z-20 flex items-center gap-2 border-b px-4 py-1.5 text-sm">
          <label className="text-muted text-xs" htmlFor={`side-${which}`}>
            {which === "main" ? "Left" : "Right"}
          </label>
          <select
            id={`side-${which}`}
            className="border-default rounded border bg-[var(--surface)] px-2 py-1 text-sm"
            value={who}
            onChange={(e) => setPair(which === "main" ? [e.target.value, right === e.target.value ? left : right] : [left, e.target.value])}
          >
            {enabledList.map((id) => (
              <option key={id} value={id}>
                {annotators.get(id)?.initials} · {annotators.get(id)?.name}
              </option>
            ))}
          </select>
          <span aria-hidden className="inline-block size-3 rounded-full" style={{ background: annotators.get(who)?.color }} />
        </div>
      ) : null}
      <div className={textClass}>
        <h1 className="mb-6 font-sans text-2xl font-semibold whitespace-normal">{view.document.title}</h1>
        <ArticleText ref={which === "main" ? setMainRoot : setRightRoot} text={text} label={mode === "side" && who ? `Article text, ${annotators.get(who)?.name}'s layer` : "Article text"} />
        {which === "main" && mode === "merged" ? (
          <DisagreementMarkers
            scroller={mainScroller}
            root={mainRoot}
            mapper={mainMapper}
            items={disagreementItems}
            focusedKey={focusKey}
            onPick={(key) => {
              const pos = keyToPos.get(key);
              if (pos !== undefined) focusItemAt(pos);
              else {
                setFilter("all");
                setFocusKey(key);
              }
            }}
          />
        ) : null}
      </div>
    </div>
  );

  return (
    <div
      className="flex h-[calc(100dvh-3.5rem)] flex-col"
      data-testid="review-workspace"
      data-review-ready={readyAt !== null ? "true" : undefined}
      data-status={view.status}
      data-mode={mode}
    >
      <div className="surface shrink-0 border-b px-4 py-2">
        <nav aria-label="Breadcrumb" className="text-muted text-xs">
          <Link href="/projects" className="hover:underline">
            Projects
          </Link>{" "}
          /{" "}
          <Link href={`/projects/${project.slug}`} className="hover:underline">
            {project.name}
          </Link>{" "}
          /{" "}
          <Link href={`/projects/${project.slug}/review`} className="hover:underline">
            Review
          </Link>
        </nav>
        <div className="mt-1 flex flex-wrap items-center gap-x-4 gap-y-2">
          <p className="max-w-[28rem] truncate font-semibold" title={view.document.title}>
            {view.document.title}
          </p>
          <span className="border-default rounded-full border px-2 py-0.5 text-xs font-medium" data-testid="document-status">
            {statusLabel(view.status)}
          </span>
          <p className="text-muted text-xs" aria-label="Comparison summary">
            ✓ {counts.agreed} agreed · {DIFFERENCE_MARKERS.boundary.icon} {counts.boundary} boundary · {DIFFERENCE_MARKERS.label.icon} {counts.label} label ·{" "}
            {DIFFERENCE_MARKERS.missing.icon} {counts.missing} missing · ★ {gold.length} in gold
          </p>
          {isRefreshing ? <span className="text-muted text-xs">updating…</span> : null}
          <LiveBadge status={liveStatus} />
          <div className="ml-auto flex flex-wrap items-center gap-2">
            <div role="radiogroup" aria-label="View mode" className="border-default inline-flex rounded-md border p-0.5">
              {MODES.filter((m) => m.value !== "gold" || view.gold !== null).map((m) => (
                <button
                  key={m.value}
                  type="button"
                  role="radio"
                  aria-checked={mode === m.value}
                  onClick={() => setMode(m.value)}
                  className={cn("rounded px-2.5 py-1 text-xs", mode === m.value ? "bg-accent-600 text-white" : "hover:bg-black/5 dark:hover:bg-white/10")}
                >
                  {m.label}
                </button>
              ))}
            </div>
            {canDecide ? (
              <>
                {view.actions.includes("start_review") ? (
                  <Button size="sm" onClick={doStart} isLoading={startReview.isPending} aria-keyshortcuts="S">
                    Start review
                  </Button>
                ) : null}
                <Button size="sm" onClick={doApprove} isLoading={approve.isPending} disabled={!view.actions.includes("approve")} aria-keyshortcuts="Enter" title="Approve the article (Enter)">
                  Approve
                </Button>
                <Button size="sm" variant="secondary" onClick={doReturnOpen} disabled={!view.actions.includes("return")} aria-keyshortcuts="Shift+R" title="Return to annotator (Shift+R)">
                  Return…
                </Button>
              </>
            ) : null}
            <CommentsButton projectId={project.id} documentId={documentId} onOpen={() => openComment(null)} className="inline-flex h-8 items-center rounded-md px-3 text-sm hover:bg-black/5 dark:hover:bg-white/10" />
            <Button size="sm" variant="ghost" onClick={() => setKeysOpen(true)} aria-label="Keyboard shortcuts (?)">
              ? Keys
            </Button>
          </div>
        </div>
        <div className="mt-2 flex flex-wrap items-center gap-x-6 gap-y-2">
          <LayerChips
            annotators={view.layers.map((l) => l.annotator)}
            enabled={enabled}
            onToggle={(id) =>
              setHidden((h) => {
                const next = new Set(h);
                if (next.has(id)) next.delete(id);
                else next.add(id);
                return next;
              })
            }
          />
          <ul className="text-muted flex flex-wrap items-center gap-3 text-xs" aria-label="Legend">
            <li>
              <span className="rounded bg-black/15 px-1 dark:bg-white/20">solid</span> agreed
            </li>
            <li>
              <span className="underline decoration-dashed decoration-2">↔ dashed</span> boundary
            </li>
            <li>
              <span className="underline decoration-wavy">≠ wavy</span> label
            </li>
            <li>
              <span className="underline decoration-dotted decoration-2">∅ dotted</span> missing
            </li>
          </ul>
        </div>
        {!isReviewer ? (
          <p className="mt-2 rounded bg-amber-50 px-2 py-1 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-200">
            Read-only: this project lets annotators see each other&apos;s layers. Gold, decisions and approval are for reviewers.
          </p>
        ) : null}
        {!painter.supported ? (
          <p className="mt-2 text-xs text-red-700 dark:text-red-400">This browser can&apos;t paint highlights (CSS Custom Highlight API); use the item list, or a current Chrome, Edge, Safari or Firefox.</p>
        ) : null}
      </div>

      <div className={cn("grid min-h-0 flex-1", isReviewer ? "grid-cols-[21rem_minmax(0,1fr)_22rem]" : "grid-cols-[21rem_minmax(0,1fr)]")}>
        <aside className="border-default flex min-h-0 flex-col border-r" aria-label={mode === "gold" ? "Gold spans" : "Items"}>
          {mode === "gold" ? (
            <>
              <h2 className="border-default border-b px-3 py-2 text-sm font-semibold">Gold ({goldSorted.length})</h2>
              <div ref={listRef} className="flex min-h-0 flex-1 flex-col">
                {goldList("gold-main")}
              </div>
            </>
          ) : (
            <>
              <div role="radiogroup" aria-label="Show items" className="border-default flex flex-wrap gap-1 border-b px-2 py-2">
                {ITEM_FILTERS.map((f) => (
                  <button
                    key={f.value}
                    type="button"
                    role="radio"
                    aria-checked={filter === f.value}
                    onClick={() => setFilter(f.value)}
                    className={cn("rounded px-2 py-0.5 text-xs", filter === f.value ? "bg-accent-600 text-white" : "hover:bg-black/5 dark:hover:bg-white/10")}
                  >
                    {f.label} <span className={filter === f.value ? "" : "text-muted"}>{filterCounts[f.value]}</span>
                  </button>
                ))}
              </div>
              <div ref={listRef} className="flex min-h-0 flex-1 flex-col">
                {itemList}
              </div>
            </>
          )}
        </aside>

        <main className="flex min-h-0 min-w-0" aria-label="Article">
          {textColumn("main", mode === "side" ? left : null)}
          {mode === "side" ? (
            right ? (
              <>
                <div className="border-default border-l" />
                {textColumn("right", right)}
              </>
            ) : (
              <p className="text-muted p-6 text-sm">Side by side needs two layers switched on.</p>
            )
          ) : null}
        </main>

        {isReviewer ? (
          <aside className="border-default flex min-h-0 flex-col border-l" aria-label="Adjudication">
            <div className="border-default max-h-[55%] shrink-0 overflow-y-auto border-b p-3">
              {mode === "gold" ? (
                <RecentDecisions view={view} annotators={annotators} spanOwner={spanOwner} />
              ) : focusedItem ? (
                <ItemDetail
                  item={focusedItem}
                  status={statuses[visible[activePos]!]!}
                  focusedSpanId={focusedSpan?.id ?? null}
                  labels={labels}
                  annotators={annotators}
                  entities={entities}
                  spanText={spanText}
                  isInGold={(s) => goldIndex.match(s) !== undefined}
                  isRejected={(s) => rejected.has(s.id)}
                  canAdjudicate={canWriteGold}
                  canComment={view.access.canComment}
                  onFocusSpan={setFocusSpanId}
                  onAccept={doAccept}
                  onReject={openReject}
                  onComment={openComment}
                />
              ) : (
                <p className="text-muted text-sm">
                  Press <kbd className="border-default rounded border px-1 text-xs">J</kbd> to go to the first item, or pick one in the list. Accept spans into gold with{" "}
                  <kbd className="border-default rounded border px-1 text-xs">A</kbd>, every agreed span with <kbd className="border-default rounded border px-1 text-xs">Shift</kbd>+
                  <kbd className="border-default rounded border px-1 text-xs">A</kbd>.
                </p>
              )}
            </div>
            {mode !== "gold" ? (
              <>
                <div className="border-default flex items-center justify-between border-b px-3 py-2">
                  <h2 className="text-sm font-semibold">Gold ({goldSorted.length})</h2>
                  {canWriteGold ? (
                    <Button size="sm" variant="secondary" className="h-7 px-2 text-xs" onClick={doAcceptAgreed} isLoading={acceptAgreed.isPending} aria-keyshortcuts="Shift+A">
                      Accept all agreed
                    </Button>
                  ) : null}
                </div>
                {goldList("gold-side")}
              </>
            ) : null}
          </aside>
        ) : null}
      </div>

      <div role="status" aria-live="polite" className="pointer-events-none fixed right-4 bottom-4 z-50 max-w-md">
        {toast ? (
          <div
            key={toast.id}
            className={cn(
              "pointer-events-auto rounded-md border px-3 py-2 text-sm shadow-lg",
              toast.tone === "error" ? "border-red-300 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100" : "surface",
            )}
          >
            {toast.message}
          </div>
        ) : null}
      </div>

      <RejectDialog
        open={rejecting !== null}
        onOpenChange={(o) => !o && setRejecting(null)}
        spanDescription={
          rejecting ? `${annotators.get(rejecting.annotator)?.name ?? "An annotator"}'s ${labels.get(rejecting.labelId)?.name ?? "span"} “${snippet(spanText(rejecting), 80)}”` : ""
        }
        isPending={reject.isPending}
        error={reject.error}
        onSubmit={(reason) => {
          if (!rejecting) return;
          reject.mutate(
            { annotationId: rejecting.id, reason },
            {
              onSuccess: () => {
                setRejecting(null);
                say("Span rejected; its annotator will see your reason.");
              },
            },
          );
        }}
      />
      <ReturnDialog
        open={returning}
        onOpenChange={setReturning}
        returnable={returnable}
        isPending={returnDoc.isPending}
        error={returnDoc.error}
        onSubmit={(input) =>
          returnDoc.mutate(input, {
            onSuccess: () => {
              setReturning(false);
              say("Article returned to its annotators.");
            },
          })
        }
      />
      <ReviewKeymapDialog open={keysOpen} onOpenChange={setKeysOpen} />
      <CommentSurface
        projectId={project.id}
        documentId={documentId}
        target={commentTarget}
        onClose={() => setCommentTarget(null)}
      />
    </div>
  );
}

function RecentDecisions({
  view,
  annotators,
  spanOwner,
}: {
  view: ReviewViewDto;
  annotators: ReadonlyMap<string, { name: string }>;
  spanOwner: ReadonlyMap<string, string>;
}) {
  const recent = view.decisions.slice(0, 30);
  return (
    <section aria-label="Decisions">
      <h2 className="mb-2 text-sm font-semibold">Decisions ({view.decisions.length})</h2>
      {recent.length === 0 ? (
        <p className="text-muted text-sm">No decisions yet.</p>
      ) : (
        <ul className="space-y-1 text-xs">
          {recent.map((d) => {
            const owner = d.annotationId ? spanOwner.get(d.annotationId) : undefined;
            return (
              <li key={d.id}>
                <span className="font-medium">{d.decision}</span>
                {owner ? ` · ${annotators.get(owner)?.name ?? "a span"}'s span` : d.annotationId ? " · a span" : " · the article"}
                {d.reason ? ` — ${d.reason}` : ""} <span className="text-muted">{d.reviewerName ? `by ${d.reviewerName}` : ""}</span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

export type { ReviewSpanDto };

/** Whether teammates' changes arrive by themselves: said in words, not only by the dot's colour. */
function LiveBadge({ status }: { status: LiveStatus }) {
  const text: Record<LiveStatus, [string, string, string]> = {
    live: ["● live", "Teammates' changes appear here as they are saved.", "text-emerald-700 dark:text-emerald-400"],
    polling: ["● live (polling)", "This server can't push changes; the review refreshes every few seconds.", "text-emerald-700 dark:text-emerald-400"],
    connecting: ["○ connecting", "Connecting for live changes…", "text-muted"],
    reconnecting: ["○ reconnecting", "The live connection dropped; reconnecting. Reload if this stays.", "text-amber-700 dark:text-amber-400"],
  };
  const [label, title, cls] = text[status];
  return (
    <span className={`text-xs ${cls}`} title={title} data-testid="live-status">
      {label}
    </span>
  );
}
