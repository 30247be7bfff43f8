import { queryOptions, useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import type { CommentDto, DocumentCommentsDto } from "@/lib/server/comments";
import { fetchJson, isPermanentError } from "./fetch-json";

/** Comment threads of one article: React Query factories (the only place these keys live) and writes. */
export const commentKeys = {
  all: ["comments"] as const,
  document: (projectId: string, documentId: string) => [...commentKeys.all, projectId, documentId] as const,
};

const base = (projectId: string, documentId: string) => `/api/projects/${encodeURIComponent(projectId)}/documents/${encodeURIComponent(documentId)}/comments`;

export function documentCommentsQuery(projectId: string, documentId: string) {
  return queryOptions({
    queryKey: commentKeys.document(projectId, documentId),
    queryFn: () => fetchJson<DocumentCommentsDto>(base(projectId, documentId)),
    staleTime: 30_000,
  });
}

export function invalidateComments(qc: QueryClient, projectId: string, documentId: string): Promise<void> {
  return qc.invalidateQueries({ queryKey: commentKeys.document(projectId, documentId) });
}

/** Network trouble is retried (with backoff); what the server refused is shown at once. */
const retry = (failures: number, err: unknown) => !isPermanentError(err) && failures < 4;
const retryDelay = (attempt: number) => Math.min(8_000, 500 * 2 ** attempt);

export function useCreateComment(projectId: string, documentId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { body: string; annotationId?: string | null; parentId?: string | null }) =>
      fetchJson<{ comment: CommentDto }>(base(projectId, documentId), { method: "POST", json: input }).then((r) => r.comment),
    retry,
    retryDelay,
    onSuccess: (comment) => {
      qc.setQueryData<DocumentCommentsDto>(commentKeys.document(projectId, documentId), (d) =>
        d && !d.comments.some((c) => c.id === comment.id) ? { ...d, comments: [...d.comments, comment] } : d,
      );
      void invalidateComments(qc, projectId, documentId);
    },
  });
}

export function useDeleteComment(projectId: string, documentId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (commentId: string) =>
      fetchJson<{ id: string }>(`/api/projects/${encodeURIComponent(projectId)}/comments/${encodeURIComponent(commentId)}`, { method: "DELETE" }),
    retry,
    retryDelay,
    onSuccess: ({ id }) => {
      qc.setQueryData<DocumentCommentsDto>(commentKeys.document(projectId, documentId), (d) => (d ? { ...d, comments: d.comments.filter((c) => c.id !== id) } : d));
      void invalidateComments(qc, projectId, documentId);
    },
  });
}

/**
 * Marks the article's comments read up to `upTo`. The markers of what is on screen stay until the
 * thread is closed (people read the "new" labels); only the counts are cleared at once.
 */
export function useMarkCommentsRead(projectId: string, documentId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (upTo: string) => fetchJson<{ lastReadAt: string }>(`${base(projectId, documentId)}/read`, { method: "POST", json: { upTo } }),
    retry,
    retryDelay,
    onSuccess: ({ lastReadAt }) => {
      qc.setQueryData<DocumentCommentsDto>(commentKeys.document(projectId, documentId), (d) => (d ? { ...d, unread: 0, unreadMentions: 0, lastReadAt } : d));
    },
  });
}
