import type { AnnotationDto, RelationDto } from "@/lib/server/annotation-dto";
import type { AnnotationPatch } from "@/lib/api-client/annotations";

/** One undoable user action (see lib/annotation/undo-stack.ts). */
export type UndoEntry =
  | { t: "create"; annotation: AnnotationDto; relations: RelationDto[]; label: string }
  | { t: "delete"; annotation: AnnotationDto; relations: RelationDto[]; label: string }
  | { t: "update"; id: string; before: AnnotationPatch; after: AnnotationPatch; description: string }
  | { t: "relate"; relation: RelationDto }
  | { t: "unrelate"; relation: RelationDto };

export interface EditorUser {
  id: string;
  name: string;
}

/** What the page hands the editor about the project. */
export interface EditorProject {
  id: string;
  slug: string;
  name: string;
}

/**
 * "Put the cursor in this span's note (N) or entity field (E)". Handled once, by the details of that
 * span only: a request must not pull focus into another span's details selected later.
 */
export interface FocusRequest {
  field: "note" | "entity";
  /** When it was asked for (also its identity). */
  n: number;
  spanId: string;
}
