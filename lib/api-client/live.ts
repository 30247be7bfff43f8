"use client";

import { useEffect, useRef, useState } from "react";
import type { LiveChangeEvent, LiveReadyEvent } from "@/lib/server/document-events";

/**
 * Live changes of one document, from the Server-Sent Events stream at
 * `/api/projects/:projectId/documents/:documentId/events`.
 *
 * `onChange` gets each committed change (`kind`, `id`, `actorId`), or `null` when the caller should
 * simply refetch — after the stream reconnects (events may have been missed) and on every tick when
 * the server can't notify and we poll instead. The status is for the UI: "live", "polling",
 * "connecting" or "reconnecting".
 */
export type LiveStatus = "connecting" | "live" | "polling" | "reconnecting";

const FALLBACK_POLL_MS = 5_000;

export function useDocumentEvents(
  projectId: string,
  documentId: string,
  onChange: (change: LiveChangeEvent | null) => void,
  options: { enabled?: boolean } = {},
): { status: LiveStatus } {
  const enabled = options.enabled ?? true;
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);

  useEffect(() => {
    if (!enabled) return;
    let poll: ReturnType<typeof setInterval> | null = null;
    let source: EventSource | null = null;
    let wasLive = false;
    const startPolling = (ms: number) => {
      source?.close();
      source = null;
      if (poll) return;
      setStatus("polling");
      poll = setInterval(() => onChangeRef.current(null), ms);
    };
    if (typeof EventSource === "undefined") {
      startPolling(FALLBACK_POLL_MS);
    } else {
      const url = `/api/projects/${encodeURIComponent(projectId)}/documents/${encodeURIComponent(documentId)}/events`;
      source = new EventSource(url);
      source.addEventListener("ready", (e) => {
        const ready = JSON.parse((e as MessageEvent<string>).data) as LiveReadyEvent;
        if (ready.mode === "polling") {
          startPolling(ready.pollIntervalMs);
          return;
        }
        setStatus("live");
        // Back after a drop: whatever happened meanwhile was not heard, so refetch once.
        if (wasLive) onChangeRef.current(null);
        wasLive = true;
      });
      source.addEventListener("change", (e) => {
        onChangeRef.current(JSON.parse((e as MessageEvent<string>).data) as LiveChangeEvent);
      });
      source.onerror = () => {
        if (!source) return;
        // CLOSED: the browser gave up (the server answered with an error); poll instead.
        if (source.readyState === EventSource.CLOSED) {
          console.warn("[live] the event stream closed; polling for changes instead");
          startPolling(FALLBACK_POLL_MS);
        } else {
          setStatus("reconnecting");
        }
      };
    }
    return () => {
      source?.close();
      if (poll) clearInterval(poll);
    };
  }, [projectId, documentId, enabled]);

  return { status: enabled ? status : "connecting" };
}
