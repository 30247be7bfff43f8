"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { documentCommentsQuery, useCreateComment, useDeleteComment, useMarkCommentsRead } from "@/lib/api-client/comments";
import { completeMention, findMentions, type MentionHandle } from "@/lib/review/mentions";
import type { CommentDto, CommentHandleDto } from "@/lib/server/comments";
import { COMMENT_MAX_LENGTH } from "@/lib/review/limits";

/**
 * Comment threads of one article: on the article and on its spans, with replies, @mentions of
 * members (suggested as you type "@"), "new" markers for what arrived since you last read, and a
 * composer that keeps your draft when a send fails. Bodies render as text, never as HTML.
 */
export interface CommentThreadsProps {
  projectId: string;
  documentId: string;
  /** Show (and write) the threads of this span; null for the article's threads; undefined for all. */
  annotationId?: string | null;
  /** How to name a span in thread headers ("Claim “…”"). */
  describeSpan?: (c: CommentDto) => string;
  onShowSpan?: (annotationId: string) => void;
}

function toHandles(dto: readonly CommentHandleDto[]): MentionHandle[] {
  return dto.map((h) => ({ userId: h.userId, handle: h.handle, name: h.name, email: "" }));
}

function when(iso: string): string {
  const d = new Date(iso);
  const sameDay = d.toDateString() === new Date().toDateString();
  return sameDay ? d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" }) : d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

function shortQuote(q: string): string {
  return q.length > 70 ? `${q.slice(0, 69)}…` : q;
}

/** The body as text, with @mentions emphasised. */
function Body({ text, handles, selfId }: { text: string; handles: MentionHandle[]; selfId: string | null }) {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const m of findMentions(text, handles)) {
    if (m.index > at) parts.push(text.slice(at, m.index));
    parts.push(
      <strong key={m.index} className={m.userId === selfId ? "rounded bg-amber-100 px-0.5 text-amber-900 dark:bg-amber-900 dark:text-amber-100" : "text-accent-700 dark:text-accent-300"}>
        {text.slice(m.index, m.index + m.length)}
      </strong>,
    );
    at = m.index + m.length;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <p className="whitespace-pre-wrap break-words">{parts}</p>;
}

export function CommentThreads({ projectId, documentId, annotationId, describeSpan, onShowSpan }: CommentThreadsProps) {
  const query = useQuery(documentCommentsQuery(projectId, documentId));
  const markRead = useMarkCommentsRead(projectId, documentId);
  const [showAll, setShowAll] = useState(annotationId === undefined);
  const [replyTo, setReplyTo] = useState<string | null>(null);
  const data = query.data;
  const handles = useMemo(() => toHandles(data?.handles ?? []), [data?.handles]);

  // What is on screen counts as read (the "new" markers stay until the thread is closed).
  const newest = data?.comments.reduce<string | null>((m, c) => (m === null || c.createdAt > m ? c.createdAt : m), null) ?? null;
  const markedUpTo = useRef<string | null>(null);
  const { mutate: markReadMutate } = markRead;
  useEffect(() => {
    if (!data || !newest || data.unread === 0 || markedUpTo.current === newest) return;
    markedUpTo.current = newest;
    markReadMutate(newest);
  }, [data, newest, markReadMutate]);

  if (query.isPending) return <p className="text-muted text-sm" role="status">Loading comments…</p>;
  if (query.isError || !data) {
    return (
      <p className="text-sm text-red-700 dark:text-red-400" role="alert">
        Couldn&apos;t load the comments: {query.error?.message ?? "unknown error"}{" "}
        <button type="button" className="underline" onClick={() => void query.refetch()}>
          Try again
        </button>
      </p>
    );
  }

  const selfId = data.viewerId;
  const roots = data.comments.filter((c) => c.parentId === null);
  const repliesOf = new Map<string, CommentDto[]>();
  for (const c of data.comments) if (c.parentId) repliesOf.set(c.parentId, [...(repliesOf.get(c.parentId) ?? []), c]);
  const shown = showAll || annotationId === undefined ? roots : roots.filter((r) => r.annotationId === (annotationId ?? null));
  const target = annotationId ?? null;
  const focusLabel = annotationId === undefined ? null : annotationId === null ? "the article" : "this span";

  return (
    <div className="space-y-3 text-sm" data-testid="comment-threads">
      {annotationId !== undefined ? (
        <div className="flex items-center gap-2 text-xs">
          <span className="text-muted">
            {shown.length} thread{shown.length === 1 ? "" : "s"} {showAll ? "in the article" : `on ${focusLabel}`}
          </span>
          <button type="button" className="ml-auto underline" onClick={() => setShowAll((v) => !v)} aria-pressed={showAll}>
            {showAll ? `Only ${focusLabel}` : `All comments (${roots.length})`}
          </button>
        </div>
      ) : null}

      {shown.length === 0 ? (
        <p className="text-muted rounded-md border border-dashed p-3 text-center">
          No comments {focusLabel ? `on ${focusLabel}` : "yet"}. Write the first one below; type @ to mention a teammate.
        </p>
      ) : (
        <ol className="max-h-[45vh] space-y-3 overflow-auto pr-1" aria-label="Comment threads" tabIndex={0}>
          {shown.map((root) => (
            <li key={root.id} className="rounded-md border p-2" data-testid="comment-thread">
              <p className="text-muted mb-1 text-xs">
                {root.span ? (
                  <>
                    On {describeSpan ? describeSpan(root) : `“${shortQuote(root.span.quote)}”`}
                    {root.span.deleted ? " (span deleted)" : null}
                    {onShowSpan && root.annotationId && !root.span.deleted ? (
                      <button type="button" className="ml-2 underline" onClick={() => onShowSpan(root.annotationId!)}>
                        Show span
                      </button>
                    ) : null}
                  </>
                ) : (
                  "On the article"
                )}
              </p>
              <ul className="space-y-2">
                {[root, ...(repliesOf.get(root.id) ?? [])].map((c) => (
                  <CommentItem key={c.id} comment={c} handles={handles} selfId={selfId} projectId={projectId} documentId={documentId} isReply={c.id !== root.id} />
                ))}
              </ul>
              {data.canComment ? (
                replyTo === root.id ? (
                  <Composer
                    projectId={projectId}
                    documentId={documentId}
                    handles={handles}
                    parentId={root.id}
                    annotationId={root.annotationId}
                    label="Reply"
                    autoFocus
                    onDone={() => setReplyTo(null)}
                  />
                ) : (
                  <button type="button" className="mt-1 text-xs underline" onClick={() => setReplyTo(root.id)}>
                    Reply
                  </button>
                )
              ) : null}
            </li>
          ))}
        </ol>
      )}

      {data.canComment ? (
        <Composer projectId={projectId} documentId={documentId} handles={handles} parentId={null} annotationId={target} label={target ? "Comment on this span" : "Comment on the article"} />
      ) : (
        <p className="text-muted text-xs">Your role can read comments but not write them.</p>
      )}
    </div>
  );
}

function CommentItem({
  comment: c,
  handles,
  selfId,
  projectId,
  documentId,
  isReply,
}: {
  comment: CommentDto;
  handles: MentionHandle[];
  selfId: string | null;
  projectId: string;
  documentId: string;
  isReply: boolean;
}) {
  const del = useDeleteComment(projectId, documentId);
  const [confirm, setConfirm] = useState(false);
  return (
    <li className={isReply ? "ml-4 border-l pl-2" : undefined} data-testid="comment" data-unread={c.isUnread ? "true" : undefined}>
      <div className="flex flex-wrap items-baseline gap-x-2">
        <span className="font-medium">{c.authorName ?? "A former member"}</span>
        <time className="text-muted text-xs" dateTime={c.createdAt}>
          {when(c.createdAt)}
        </time>
        {c.isUnread ? <span className="rounded bg-accent-600 px-1 text-[0.65rem] font-semibold uppercase text-white">new</span> : null}
        {c.canDelete ? (
          confirm ? (
            <span className="ml-auto text-xs">
              Delete this comment?{" "}
              <button type="button" className="text-red-700 underline dark:text-red-400" onClick={() => del.mutate(c.id)} disabled={del.isPending}>
                {del.isPending ? "Deleting…" : "Delete"}
              </button>{" "}
              <button type="button" className="underline" onClick={() => setConfirm(false)}>
                Keep
              </button>
            </span>
          ) : (
            <button type="button" className="text-muted ml-auto text-xs underline" onClick={() => setConfirm(true)} aria-label={`Delete comment by ${c.authorName ?? "a former member"}`}>
              Delete
            </button>
          )
        ) : null}
      </div>
      <Body text={c.body} handles={handles} selfId={selfId} />
      {del.isError ? (
        <p className="text-xs text-red-700 dark:text-red-400" role="alert">
          Couldn&apos;t delete: {del.error instanceof Error ? del.error.message : "unknown error"}
        </p>
      ) : null}
    </li>
  );
}

/** The "@prefix" being typed at the caret, if any. */
function mentionAtCaret(value: string, caret: number): { start: number; prefix: string } | null {
  const before = value.slice(0, caret);
  const m = /(^|[^\p{L}\p{N}._+\-@])@([\p{L}\p{N}._+\-]*)$/u.exec(before);
  if (!m) return null;
  return { start: caret - m[2]!.length - 1, prefix: m[2]! };
}

function Composer({
  projectId,
  documentId,
  handles,
  parentId,
  annotationId,
  label,
  autoFocus,
  onDone,
}: {
  projectId: string;
  documentId: string;
  handles: MentionHandle[];
  parentId: string | null;
  annotationId: string | null;
  label: string;
  autoFocus?: boolean;
  onDone?: () => void;
}) {
  const create = useCreateComment(projectId, documentId);
  const [draft, setDraft] = useState("");
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const ref = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  const mention = mentionAtCaret(draft, caret);
  const suggestions = mention && dismissed !== mention.start ? completeMention(mention.prefix, handles) : [];

  const send = () => {
    const body = draft.trim();
    if (!body || create.isPending) return;
    create.mutate(
      { body, annotationId, parentId },
      {
        onSuccess: () => {
          setDraft("");
          onDone?.();
        },
      },
    );
  };

  const insert = (h: MentionHandle) => {
    if (!mention) return;
    const next = `${draft.slice(0, mention.start)}@${h.handle} ${draft.slice(caret)}`;
    const at = mention.start + h.handle.length + 2;
    setDraft(next);
    setCaret(at);
    requestAnimationFrame(() => {
      ref.current?.focus();
      ref.current?.setSelectionRange(at, at);
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (suggestions.length) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        setActive((a) => (a + (e.key === "ArrowDown" ? 1 : -1) + suggestions.length) % suggestions.length);
        return;
      }
      if (e.key === "Enter" || e.key === "Tab") {
        e.preventDefault();
        insert(suggestions[Math.min(active, suggestions.length - 1)]!);
        return;
      }
      if (e.key === "Escape") {
        e.preventDefault();
        e.stopPropagation();
        setDismissed(mention?.start ?? null);
        return;
      }
    }
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      send();
    }
  };

  const tooLong = draft.length > COMMENT_MAX_LENGTH;
  return (
    <div className="relative mt-2">
      <label htmlFor={id} className="mb-1 block text-xs font-medium">
        {label}
      </label>
      <textarea
        id={id}
        ref={ref}
        value={draft}
        autoFocus={autoFocus}
        rows={parentId ? 2 : 3}
        className="w-full rounded-md border border-default bg-transparent px-2 py-1.5 text-sm"
        placeholder="Type @ to mention a teammate. Ctrl+Enter sends."
        role="combobox"
        aria-expanded={suggestions.length > 0}
        aria-controls={`${id}-mentions`}
        aria-autocomplete="list"
        aria-activedescendant={suggestions.length ? `${id}-m-${Math.min(active, suggestions.length - 1)}` : undefined}
        onChange={(e) => {
          setDraft(e.target.value);
          setCaret(e.target.selectionStart);
          setActive(0);
        }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
        onKeyDown={onKeyDown}
      />
      {suggestions.length ? (
        <ul id={`${id}-mentions`} role="listbox" aria-label="Mention a member" className="surface absolute z-10 mt-1 w-full rounded-md border shadow-lg">
          {suggestions.map((h, i) => (
            <li
              key={h.userId}
              id={`${id}-m-${i}`}
              role="option"
              aria-selected={i === Math.min(active, suggestions.length - 1)}
              className={`cursor-pointer px-2 py-1 text-sm ${i === Math.min(active, suggestions.length - 1) ? "bg-accent-600 text-white" : ""}`}
              onMouseDown={(e) => {
                e.preventDefault();
                insert(h);
              }}
            >
              {h.name} <span className="opacity-75">@{h.handle}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="mt-1 flex items-center gap-2">
        <button type="button" className="sl-primary-button" onClick={send} disabled={!draft.trim() || tooLong || create.isPending}>
          {create.isPending ? (create.failureCount > 0 ? `Retrying (${create.failureCount})…` : "Sending…") : parentId ? "Reply" : "Comment"}
        </button>
        {onDone ? (
          <button type="button" className="sl-secondary-button" onClick={onDone}>
            Cancel
          </button>
        ) : null}
        <span className={`ml-auto text-xs ${tooLong ? "text-red-700 dark:text-red-400" : "text-muted"}`}>
          {tooLong ? `${(draft.length - COMMENT_MAX_LENGTH).toLocaleString()} characters over the limit` : null}
        </span>
      </div>
      {create.isError ? (
        <p className="mt-1 text-xs text-red-700 dark:text-red-400" role="alert">
          Not sent: {create.error instanceof Error ? create.error.message : "unknown error"} Your text is kept; send it again when you are ready.
        </p>
      ) : null}
    </div>
  );
}
