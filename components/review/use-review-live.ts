"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef } from "react";
import { useDocumentEvents, type LiveStatus } from "@/lib/api-client/live";
import { invalidateComments } from "@/lib/api-client/comments";
import { invalidateReview } from "@/lib/api-client/review";

/**
 * Keeps the review fresh while teammates work: a teammate's change to the article (a span, a
 * relation, a comment, the workflow) refetches the review within a moment. Changes of one's own
 * are already in the cache through their mutations. Bursts (accept all agreed, an import) are
 * coalesced into one refetch.
 */
export function useReviewLive(projectId: string, documentId: string, userId: string): { isLive: boolean; status: LiveStatus } {
  const qc = useQueryClient();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  const onChange = useCallback(
    (change: { kind?: string; actorId?: string | null } | null) => {
      if (change && change.actorId === userId) return;
      if (!change || change.kind === "comment") void invalidateComments(qc, projectId, documentId);
      if (timer.current) return;
      timer.current = setTimeout(() => {
        timer.current = null;
        void invalidateReview(qc, projectId, documentId);
      }, 100);
    },
    [qc, projectId, documentId, userId],
  );
  const { status } = useDocumentEvents(projectId, documentId, onChange);
  return { isLive: status === "live" || status === "polling", status };
}
