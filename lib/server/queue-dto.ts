/**
 * "My queue": the signed-in member's assigned articles in a project (type-only contract).
 *
 *   GET /api/projects/:projectId/queue?offset=0&limit=200 → QueueDto
 *       Order: returned first, then in progress, then assigned, then submitted, then approved;
 *       within each, the order the articles were added.
 *   GET /api/projects/:projectId/queue/neighbors?documentId=<id> → QueueNeighborsDto
 *       For J / K in the editor: `previous` / `next` are the articles before / after `documentId`
 *       among MY assigned articles in the order they were added (stable while statuses change, so
 *       J then K comes back). `nextTodo` is the first article of my queue still to do (returned,
 *       in progress or assigned) other than this one — where "Submit and next" should go.
 *       For an article I am not assigned to, previous/next/position are null; nextTodo still answers.
 *
 * Both need documents.read (every role); each member sees only their own queue.
 */
export type QueueStatus = "assigned" | "in_progress" | "submitted" | "returned" | "approved";

export interface QueueItemDto {
  documentId: string;
  title: string;
  /** In characters (code points). */
  length: number;
  status: QueueStatus;
  /** My live spans on it. */
  spanCount: number;
  /** When my assignment last changed. */
  updatedAt: string;
  submittedAt: string | null;
}

export interface QueueCountsDto {
  returned: number;
  inProgress: number;
  assigned: number;
  submitted: number;
  approved: number;
  total: number;
}

export interface QueueDto {
  items: QueueItemDto[];
  counts: QueueCountsDto;
  /** Offset of the next page, or null when this was the last. */
  nextOffset: number | null;
}

export interface QueueNeighborDto {
  documentId: string;
  title: string;
  status: QueueStatus;
}

export interface QueueNeighborsDto {
  documentId: string;
  previous: QueueNeighborDto | null;
  next: QueueNeighborDto | null;
  nextTodo: QueueNeighborDto | null;
  /** 1-based position of this article among my assigned articles (added order), or null. */
  position: number | null;
  total: number;
}
