"use client";
import { Dialog } from "@/components/ui/dialog";

/**
 * Where the review page's comments open (C on a focused span, or "Comments" for the article).
 * Mounts the comment thread of components/comments when it is available.
 */
export function CommentSurface({
  target,
  onClose,
}: {
  projectId: string;
  documentId: string;
  target: { annotationId: string | null; label: string } | null;
  onClose: () => void;
}) {
  return (
    <Dialog open={target !== null} onOpenChange={(o) => !o && onClose()} title={target ? `Comments on ${target.label}` : "Comments"}>
      <p className="text-muted text-sm">Comments are not available in this build yet. Use the reason of a rejection or a return to tell the annotator what to change.</p>
    </Dialog>
  );
}
