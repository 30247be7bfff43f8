"use client";
import { memo, useCallback, useSyncExternalStore } from "react";
import type { OpMeta } from "@/lib/api-client/annotations";
import type { Outbox, OutboxSnapshot } from "@/lib/api-client/outbox";

/** The outbox's state, re-rendering only the component that reads it (not the whole editor). */
export function useOutboxSnapshot(outbox: Outbox<OpMeta>): OutboxSnapshot<OpMeta> {
  return useSyncExternalStore(
    useCallback((cb) => outbox.subscribe(cb), [outbox]),
    () => outbox.snapshot(),
    () => outbox.snapshot(),
  );
}

/** The always-visible save state: Saving… / Saved ✓ / Offline — n queued / Error — message. */
export function describeSaveState(snapshot: OutboxSnapshot<OpMeta>): { text: string; tone: "ok" | "busy" | "warn" | "error" } {
  const n = snapshot.ops.length;
  const notStored = snapshot.persisted ? "" : " (not stored on this device)";
  const head = snapshot.ops[0];
  if (head?.status === "failed") {
    return { text: `Error — ${head.error?.message ?? "the server refused a change."}${notStored}`, tone: "error" };
  }
  if (n === 0) return { text: "Saved ✓", tone: "ok" };
  if (snapshot.phase === "offline") return { text: `Offline — ${n} queued${notStored}`, tone: "warn" };
  if (snapshot.phase === "retrying") return { text: `Server busy — ${n} queued, retrying${notStored}`, tone: "warn" };
  return { text: `Saving…${notStored}`, tone: "busy" };
}

export const SaveStatus = memo(function SaveStatus({
  outbox,
  onDiscard,
}: {
  outbox: Outbox<OpMeta>;
  onDiscard: (opId: string) => void;
}) {
  const snapshot = useOutboxSnapshot(outbox);
  const onRetry = () => outbox.retryNow();
  const onRetryOp = (opId: string) => outbox.retry(opId);
  const { text, tone } = describeSaveState(snapshot);
  const head = snapshot.ops[0];
  const failed = head?.status === "failed" ? head : null;
  const isConflict = failed?.error?.code === "version_conflict";
  return (
    <div className="flex max-w-full items-center gap-2">
      <span role="status" aria-live="polite" data-testid="save-status" data-tone={tone} className={`sl-save sl-save-${tone}`} title={failed ? failed.meta.description : undefined}>
        {text}
      </span>
      {tone === "warn" ? (
        <button type="button" className="sl-link-button" onClick={onRetry}>
          Retry now
        </button>
      ) : null}
      {failed && !isConflict ? (
        <>
          <button type="button" className="sl-link-button" onClick={() => onRetryOp(failed.id)}>
            Retry
          </button>
          <button type="button" className="sl-link-button" onClick={() => onDiscard(failed.id)} title={`Discard: ${failed.meta.description}`}>
            Discard change
          </button>
        </>
      ) : null}
    </div>
  );
});
