"use client";

import { useQuery } from "@tanstack/react-query";
import { documentCommentsQuery } from "@/lib/api-client/comments";

/** "Comments" with the number of unread ones (and of mentions of you) — in words, not only a dot. */
export function CommentsButton({ projectId, documentId, onOpen, className }: { projectId: string; documentId: string; onOpen: () => void; className?: string }) {
  const query = useQuery(documentCommentsQuery(projectId, documentId));
  const total = query.data?.comments.length ?? 0;
  const unread = query.data?.unread ?? 0;
  const mentions = query.data?.unreadMentions ?? 0;
  const label = unread ? `Comments, ${unread} new${mentions ? `, ${mentions} mentioning you` : ""}` : `Comments (${total})`;
  return (
    <button type="button" className={className ?? "sl-secondary-button"} onClick={onOpen} aria-label={label} title={label} data-testid="comments-button">
      Comments{total ? ` (${total})` : ""}
      {unread ? (
        <span className="ml-1.5 rounded-full bg-accent-600 px-1.5 text-xs font-semibold text-white" data-testid="comments-unread">
          {unread} new{mentions ? " · @you" : ""}
        </span>
      ) : null}
    </button>
  );
}
