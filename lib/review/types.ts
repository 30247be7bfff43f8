/**
 * The review API's JSON shapes (GET/POST /api/projects/:projectId/documents/:documentId/review…,
 * …/gold/…). Type-only: shared by lib/server (which builds them) and the review page.
 * Offsets are Unicode code points into the document's exact text.
 */
import type { LabelDto } from "@/lib/server/dto";
import type { DisagreementKind, MergedItemKind } from "./compare-layers";
import type { WorkflowEvent, WorkflowStatus } from "./workflow";

export type AssignmentStatusName = "assigned" | "in_progress" | "submitted" | "returned" | "approved";

export interface ReviewAnnotatorDto {
  id: string;
  name: string;
  /** Two letters shown on the layer chip (unique within the document). */
  initials: string;
  /** The layer's colour (chips, side-by-side headers); labels keep their own colours. */
  color: string;
  assignmentStatus: AssignmentStatusName | null;
  submittedAt: string | null;
  /** Whether this layer takes part in the comparison (false: assigned but not started). */
  isCompared: boolean;
}

/** A span as the review view needs it (its quote is text[start:end]; prefix/suffix are not sent). */
export interface ReviewSpanDto {
  id: string;
  layer: "annotator" | "gold";
  ownerId: string | null;
  labelId: string;
  start: number;
  end: number;
  attributes: Record<string, string | boolean>;
  note: string | null;
  entityId: string | null;
  entityType: string | null;
  version: number;
  /** Gold spans: the annotator span accepted into gold. */
  sourceAnnotationId: string | null;
  updatedAt: string;
}

export interface ReviewRelationDto {
  id: string;
  type: string;
  fromId: string;
  toId: string;
  version: number;
}

export interface ReviewLayerDto {
  annotator: ReviewAnnotatorDto;
  annotations: ReviewSpanDto[];
  relations: ReviewRelationDto[];
}

export interface ReviewDecisionDto {
  id: string;
  decision: "accept" | "reject" | "approve" | "return";
  reason: string | null;
  /** Span decisions (accept / reject) name the annotator span; article decisions have null. */
  annotationId: string | null;
  reviewerId: string | null;
  reviewerName: string | null;
  createdAt: string;
}

/** One merged item of the comparison, by span ids (the spans are in `layers`). */
export interface MergedItemDto {
  key: string;
  kind: MergedItemKind;
  differences: DisagreementKind[];
  start: number;
  end: number;
  labelIds: string[];
  annotators: { annotator: string; spanIds: string[] }[];
  missing: string[];
}

export interface MergedDto {
  annotators: string[];
  items: MergedItemDto[];
  counts: Record<MergedItemKind, number> & { total: number; disagreements: number };
}

export interface ReviewEntityDto {
  id: string;
  name: string;
  type: string | null;
}

export interface ReviewViewDto {
  document: { id: string; title: string; text: string; length: number; status: WorkflowStatus; updatedAt: string };
  labels: LabelDto[];
  layers: ReviewLayerDto[];
  /** Null in the read-only view annotators get when the project lets them see each other. */
  gold: { annotations: ReviewSpanDto[]; relations: ReviewRelationDto[] } | null;
  merged: MergedDto;
  decisions: ReviewDecisionDto[];
  entities: ReviewEntityDto[];
  status: WorkflowStatus;
  access: {
    /** "review": reviewers, managers, owners. "read-only": annotators allowed to see each other. */
    mode: "review" | "read-only";
    canDecide: boolean;
    canWriteGold: boolean;
    canComment: boolean;
  };
  /** Reviewer actions that can succeed now (empty in read-only mode). */
  actions: WorkflowEvent[];
}

export interface WorkflowResultDto {
  document: { id: string; status: WorkflowStatus };
  /** Assignments whose status changed. */
  assignments: { userId: string; status: AssignmentStatusName }[];
  decision: ReviewDecisionDto | null;
  /** The article comment posted with a return, when one was given. */
  commentId: string | null;
}

export interface AcceptResultDto {
  /** The gold span (new, or the identical one already in gold). */
  annotation: ReviewSpanDto;
  created: boolean;
  /** Gold relations created because both ends are now in gold. */
  relations: ReviewRelationDto[];
}

export interface AcceptAgreedResultDto {
  /** Agreed items considered. */
  agreedItems: number;
  /** New gold spans. */
  accepted: number;
  /** Agreed items already in gold (nothing written). */
  alreadyInGold: number;
  /** Agreed items not accepted because the gold layer's overlap rules forbid them. */
  skipped: { start: number; end: number; labelId: string; reason: string }[];
  /** Gold relations created. */
  relations: number;
}

export interface RejectResultDto {
  decision: ReviewDecisionDto;
}

export interface FeedbackCommentDto {
  id: string;
  annotationId: string | null;
  /** For comments on a span: where it is (code points) and its text. */
  span: { start: number; end: number; quote: string } | null;
  authorId: string | null;
  authorName: string | null;
  body: string;
  createdAt: string;
}

export interface ReviewFeedbackDto {
  status: WorkflowStatus;
  myAssignmentStatus: AssignmentStatusName | null;
  /** Article decisions (approve / return) and rejections of the caller's spans, newest first. */
  decisions: ReviewDecisionDto[];
  /** Comments on the article and on the caller's spans, oldest first. */
  comments: FeedbackCommentDto[];
}
