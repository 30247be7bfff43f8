/**
 * The library and assignment API contract (type-only: safe to import anywhere).
 *
 *   GET    /api/projects/:projectId/documents?cursor=&q=&status=&assignee=&label=&limit=
 *            → LibraryPageDto   (documents.read; `status` is a ProgressCategory; `assignee` a user id,
 *              "me" or "none"; `label` a label id; 50 per page, keyset `cursor` from `nextCursor`)
 *   GET    /api/projects/:projectId/assignments/summary → LibrarySummaryDto (documents.read)
 *   GET    /api/projects/:projectId/assignments?cursor=&q=&status=&assignee=&label=
 *            → AssignmentMatrixDto (assignments.manage)
 *   POST   /api/projects/:projectId/assignments   AssignRequest → AssignResultDto (assignments.manage)
 *   DELETE /api/projects/:projectId/assignments   UnassignRequest → UnassignResultDto (assignments.manage)
 */
export type ProgressCategory = "approved" | "submitted" | "in_progress" | "untouched";
export type AssignmentStatusName = "assigned" | "in_progress" | "submitted" | "returned" | "approved";
export type ProjectRoleName = "owner" | "manager" | "reviewer" | "annotator";

export interface LibraryAssigneeDto {
  userId: string;
  name: string;
  status: AssignmentStatusName;
}

export interface LibraryItemDto {
  id: string;
  title: string;
  /** In characters (code points). */
  length: number;
  status: string;
  progress: ProgressCategory;
  assignees: LibraryAssigneeDto[];
  /** Live spans in annotator layers (for roles without annotations.readAll: only your own). */
  spanCount: number;
  goldCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface LibraryPageDto {
  items: LibraryItemDto[];
  /** Articles matching the filter (all pages). */
  total: number;
  nextCursor: string | null;
}

export interface LibraryFilterDto {
  q?: string;
  status?: ProgressCategory;
  assignee?: string;
  label?: string;
}

export interface ProjectProgressDto {
  total: number;
  approved: number;
  submitted: number;
  inProgress: number;
  untouched: number;
}

export interface AnnotatorProgressDto {
  userId: string;
  name: string;
  role: ProjectRoleName | null;
  assigned: number;
  inProgress: number;
  returned: number;
  /** Submitted or approved. */
  done: number;
}

export interface PersonDto {
  userId: string;
  name: string;
  email: string;
  role: ProjectRoleName;
}

export interface LibrarySummaryDto {
  progress: ProjectProgressDto;
  annotators: AnnotatorProgressDto[];
  people: PersonDto[];
  labels: { id: string; name: string; color: string; kind: string }[];
  /** What the viewer may do here. */
  canImport: boolean;
  canAssign: boolean;
}

/** Assign by hand (every listed person to every listed article) or balanced (`perDocument` people each). */
export interface AssignRequest {
  /** The articles; or `filter` for every article matching a library filter. */
  documentIds?: string[];
  filter?: LibraryFilterDto;
  userIds: string[];
  /** Balanced mode: each article ends up with this many of `userIds`. */
  perDocument?: number;
}

export interface AssignResultDto {
  /** Assignments created. */
  created: number;
  /** Pairs that already existed (left unchanged). */
  alreadyAssigned: number;
  documents: number;
  /** New assignments per person. */
  perUser: { userId: string; name: string; created: number }[];
}

export interface UnassignRequest {
  documentIds: string[];
  userIds: string[];
  /** Also remove assignments already submitted or approved (their submission is lost). */
  force?: boolean;
}

export interface UnassignResultDto {
  removed: number;
}

export interface AssignmentMatrixDto {
  people: PersonDto[];
  rows: { id: string; title: string; progress: ProgressCategory; cells: Record<string, AssignmentStatusName> }[];
  total: number;
  nextCursor: string | null;
}
