"use client";
import { CommentThreads } from "@/components/comments/comment-threads";
import { Dialog } from "@/components/ui/dialog";

/**
 * Where comments open (C on a focused span, or "Comments" for the article): the threads of that
 * span or of the whole article, in a dialog.
 */
export function CommentSurface({
  projectId,
  documentId,
  target,
  onClose,
  onShowSpan,
}: {
  projectId: string;
  documentId: string;
  target: { annotationId: string | null; label: string } | null;
  onClose: () => void;
  onShowSpan?: (annotationId: string) => void;
}) {
  return (
    <Dialog open={target !== null} onOpenChange={(o) => !o && onClose()} title={target?.annotationId ? `Comments on ${target.label}` : "Comments on the article"}>
      {target ? (
        <CommentThreads
          projectId={projectId}
          documentId={documentId}
          annotationId={target.annotationId ?? undefined}
          onShowSpan={
            onShowSpan
              ? (id) => {
                  onClose();
                  onShowSpan(id);
                }
              : undefined
          }
        />
      ) : null}
    </Dialog>
  );
}
