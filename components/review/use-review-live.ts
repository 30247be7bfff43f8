"use client";

/**
 * Keeps the review fresh while teammates work: refetches the review when a document event arrives.
 * (Wired to lib/api-client/live.ts's `useDocumentEvents` once the live hub is in place.)
 */
export function useReviewLive(_projectId: string, _documentId: string, _userId: string): { isLive: boolean } {
  return { isLive: false };
}
