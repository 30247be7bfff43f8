/**
 * The review page's data: React Query `queryOptions` factories (the only place these keys live) and
 * the mutations of review, gold and the article workflow. Contract: lib/review/types.ts.
 */
import { queryOptions, useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import type {
  AcceptAgreedResultDto,
  AcceptResultDto,
  RejectResultDto,
  ReviewFeedbackDto,
  ReviewSpanDto,
  ReviewViewDto,
  WorkflowResultDto,
} from "@/lib/review/types";
import { availableReviewerEvents } from "@/lib/review/workflow";
import type { AnnotationDto } from "@/lib/server/annotation-dto";
import type { ReviewDashboardDto } from "@/lib/server/review-queue";
import { fetchJson } from "./fetch-json";

export const reviewKeys = {
  all: ["review"] as const,
  dashboard: (projectId: string, offset: number) => [...reviewKeys.all, "dashboard", projectId, offset] as const,
  view: (projectId: string, documentId: string) => [...reviewKeys.all, "view", projectId, documentId] as const,
  feedback: (projectId: string, documentId: string) => [...reviewKeys.all, "feedback", projectId, documentId] as const,
};

const base = (projectId: string, documentId: string) => `/api/projects/${encodeURIComponent(projectId)}/documents/${encodeURIComponent(documentId)}`;

export function reviewViewQuery(projectId: string, documentId: string) {
  return queryOptions({
    queryKey: reviewKeys.view(projectId, documentId),
    queryFn: () => fetchJson<ReviewViewDto>(`${base(projectId, documentId)}/review`),
    staleTime: 60_000,
    refetchOnWindowFocus: false,
  });
}

export function reviewDashboardQuery(projectId: string, offset = 0) {
  return queryOptions({
    queryKey: reviewKeys.dashboard(projectId, offset),
    queryFn: () => fetchJson<ReviewDashboardDto>(`/api/projects/${encodeURIComponent(projectId)}/review-queue?offset=${offset}`),
    staleTime: 15_000,
  });
}

export function reviewFeedbackQuery(projectId: string, documentId: string) {
  return queryOptions({
    queryKey: reviewKeys.feedback(projectId, documentId),
    queryFn: () => fetchJson<ReviewFeedbackDto>(`${base(projectId, documentId)}/review/feedback`),
    staleTime: 30_000,
  });
}

/** Refetches the review (and feedback) of a document, e.g. after a live event. */
export function invalidateReview(qc: QueryClient, projectId: string, documentId: string): Promise<void> {
  return qc.invalidateQueries({
    predicate: (q) => {
      const k = q.queryKey;
      return k[0] === reviewKeys.all[0] && k[2] === projectId && k[3] === documentId;
    },
  });
}

function updateView(qc: QueryClient, projectId: string, documentId: string, fn: (v: ReviewViewDto) => ReviewViewDto): ReviewViewDto | undefined {
  const key = reviewKeys.view(projectId, documentId);
  const before = qc.getQueryData<ReviewViewDto>(key);
  if (before) qc.setQueryData(key, fn(before));
  return before;
}

function useWorkflow(projectId: string, documentId: string, action: "start" | "approve" | "return") {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body?: { reason: string; comment?: string | null; annotatorIds?: string[] }) =>
      fetchJson<WorkflowResultDto>(`${base(projectId, documentId)}/review/${action}`, { method: "POST", json: body ?? {} }),
    onSuccess: (result) => {
      // The actions follow from the new status at once (the same rule the server uses), so a key
      // pressed right after — S, then Enter — acts on the new state, not the refetch's old one.
      updateView(qc, projectId, documentId, (v) => ({
        ...v,
        status: result.document.status,
        document: { ...v.document, status: result.document.status },
        actions: v.access.canDecide ? availableReviewerEvents(result.document.status) : [],
      }));
    },
    onSettled: () => invalidateReview(qc, projectId, documentId),
  });
}

export const useStartReview = (projectId: string, documentId: string) => useWorkflow(projectId, documentId, "start");
export const useApproveDocument = (projectId: string, documentId: string) => useWorkflow(projectId, documentId, "approve");
export const useReturnDocument = (projectId: string, documentId: string) => useWorkflow(projectId, documentId, "return");

const PENDING_PREFIX = "pending-gold-";

export function isPendingGold(id: string): boolean {
  return id.startsWith(PENDING_PREFIX);
}

/**
 * Accepts a span into gold. Optimistic: a provisional gold copy appears at once (so the item shows
 * "in gold"), replaced by the server's span, or removed again if the server refuses.
 */
export function useAcceptSpan(projectId: string, documentId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (span: ReviewSpanDto) =>
      fetchJson<AcceptResultDto>(`${base(projectId, documentId)}/gold/accept`, { method: "POST", json: { annotationId: span.id } }),
    onMutate: (span) => {
      const pendingId = `${PENDING_PREFIX}${span.id}`;
      updateView(qc, projectId, documentId, (v) =>
        v.gold
          ? {
              ...v,
              gold: {
                ...v.gold,
                annotations: [...v.gold.annotations, { ...span, id: pendingId, layer: "gold", ownerId: null, sourceAnnotationId: span.id, version: 1 }],
              },
            }
          : v,
      );
      return { pendingId };
    },
    onError: (_err, _span, ctx) => {
      if (!ctx) return;
      updateView(qc, projectId, documentId, (v) =>
        v.gold ? { ...v, gold: { ...v.gold, annotations: v.gold.annotations.filter((g) => g.id !== ctx.pendingId) } } : v,
      );
    },
    onSuccess: (result, _span, ctx) => {
      updateView(qc, projectId, documentId, (v) => {
        if (!v.gold) return v;
        const rest = v.gold.annotations.filter((g) => g.id !== ctx?.pendingId && g.id !== result.annotation.id);
        return {
          ...v,
          gold: {
            annotations: [...rest, result.annotation].sort((a, b) => a.start - b.start || b.end - a.end),
            relations: [...v.gold.relations, ...result.relations.filter((r) => !v.gold!.relations.some((x) => x.id === r.id))],
          },
          decisions: result.created
            ? [
                {
                  id: `local-${result.annotation.id}`,
                  decision: "accept" as const,
                  reason: null,
                  annotationId: result.annotation.sourceAnnotationId,
                  reviewerId: null,
                  reviewerName: null,
                  createdAt: new Date().toISOString(),
                },
                ...v.decisions,
              ]
            : v.decisions,
        };
      });
    },
  });
}

export function useAcceptAgreed(projectId: string, documentId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (annotatorIds?: string[]) =>
      fetchJson<AcceptAgreedResultDto>(`${base(projectId, documentId)}/gold/accept-agreed`, { method: "POST", json: annotatorIds ? { annotatorIds } : {} }),
    onSettled: () => invalidateReview(qc, projectId, documentId),
  });
}

export function useRejectSpan(projectId: string, documentId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { annotationId: string; reason: string }) =>
      fetchJson<RejectResultDto>(`${base(projectId, documentId)}/gold/reject`, { method: "POST", json: input }),
    onSuccess: (result) => {
      updateView(qc, projectId, documentId, (v) => ({ ...v, decisions: [result.decision, ...v.decisions] }));
    },
  });
}

/** Deletes a gold span (the annotation API; needs gold.write). */
export function useDeleteGoldSpan(projectId: string, documentId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (span: { id: string; version: number }) =>
      fetchJson<{ annotation: AnnotationDto }>(`/api/projects/${encodeURIComponent(projectId)}/annotations/${encodeURIComponent(span.id)}?version=${span.version}`, {
        method: "DELETE",
      }),
    onMutate: (span) => {
      const before = updateView(qc, projectId, documentId, (v) =>
        v.gold
          ? {
              ...v,
              gold: {
                annotations: v.gold.annotations.filter((g) => g.id !== span.id),
                relations: v.gold.relations.filter((r) => r.fromId !== span.id && r.toId !== span.id),
              },
            }
          : v,
      );
      return { before };
    },
    onError: (_e, _s, ctx) => {
      if (ctx?.before) qc.setQueryData(reviewKeys.view(projectId, documentId), ctx.before);
    },
    onSettled: () => invalidateReview(qc, projectId, documentId),
  });
}

/** Changes a gold span's label (the annotation API; needs gold.write). */
export function useRelabelGoldSpan(projectId: string, documentId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; version: number; labelId: string }) =>
      fetchJson<{ annotation: AnnotationDto }>(`/api/projects/${encodeURIComponent(projectId)}/annotations/${encodeURIComponent(input.id)}`, {
        method: "PATCH",
        json: { version: input.version, labelId: input.labelId },
      }),
    onMutate: (input) => {
      const before = updateView(qc, projectId, documentId, (v) =>
        v.gold ? { ...v, gold: { ...v.gold, annotations: v.gold.annotations.map((g) => (g.id === input.id ? { ...g, labelId: input.labelId } : g)) } } : v,
      );
      return { before };
    },
    onError: (_e, _s, ctx) => {
      if (ctx?.before) qc.setQueryData(reviewKeys.view(projectId, documentId), ctx.before);
    },
    onSettled: () => invalidateReview(qc, projectId, documentId),
  });
}
