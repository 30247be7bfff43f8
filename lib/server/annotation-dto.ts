/**
 * The annotation API contract shared by the server (lib/server/annotations*.ts, app/api/…) and the
 * editor (lib/api-client/annotations.ts, components/annotator). Type-only: safe to import anywhere.
 *
 * Routes (all JSON; errors are `{ error: { code, message, fields?, details? } }`):
 *   GET    /api/projects/:projectId/documents/:documentId/annotations?layer=mine|gold|all|<userId>
 *            → AnnotationLayerResponse   (annotators see only `mine` unless the project lets them see others)
 *   POST   /api/projects/:projectId/documents/:documentId/annotations      body CreateAnnotationRequest
 *            header Idempotency-Key: <uuid>   → 201 { annotation: AnnotationDto }  (a replayed key returns the
 *            first response again, applied once)
 *   PATCH  /api/projects/:projectId/annotations/:annotationId               body UpdateAnnotationRequest
 *            → 200 { annotation }  |  409 version_conflict with details: { current: AnnotationDto }
 *   DELETE /api/projects/:projectId/annotations/:annotationId?version=N
 *            → 200 { annotation (deletedAt set), removedRelations: RelationDto[] }  | 409 as above
 *   POST   /api/projects/:projectId/annotations/:annotationId/restore       body { relationIds?: string[] }
 *            → 200 { annotation, restoredRelations: RelationDto[] }   (undo of a delete)
 *   POST   /api/projects/:projectId/documents/:documentId/relations         body CreateRelationRequest (+ Idempotency-Key)
 *            → 201 { relation }
 *   DELETE /api/projects/:projectId/relations/:relationId                   → 200 { relation }
 *   POST   /api/projects/:projectId/relations/:relationId/restore           → 200 { relation }
 *   GET    /api/projects/:projectId/entities?q=<prefix>&limit=20            → { entities: EntityDto[] }
 *   POST   /api/projects/:projectId/entities                                body CreateEntityRequest → 201 { entity }
 *   POST   /api/projects/:projectId/documents/:documentId/submit            → 200 { assignment: AssignmentDto }
 *   POST   /api/projects/:projectId/documents/:documentId/reopen            → 200 { assignment: AssignmentDto }
 *
 * All offsets are Unicode code points into the document's exact text.
 */

export type AnnotationLayerName = "annotator" | "gold";

export interface AnnotationDto {
  id: string;
  documentId: string;
  layer: AnnotationLayerName;
  /** Whose layer (null for gold). */
  ownerId: string | null;
  ownerName: string | null;
  labelId: string;
  start: number;
  end: number;
  quote: string;
  prefix: string;
  suffix: string;
  attributes: Record<string, string | boolean>;
  note: string | null;
  entityId: string | null;
  entityType: string | null;
  version: number;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export interface RelationDto {
  id: string;
  documentId: string;
  type: string;
  fromId: string;
  toId: string;
  version: number;
  createdAt: string;
  deletedAt: string | null;
}

export interface EntityDto {
  id: string;
  name: string;
  type: string | null;
  externalId: string | null;
}

export interface AssignmentDto {
  documentId: string;
  userId: string;
  status: "assigned" | "in_progress" | "submitted" | "returned" | "approved";
  submittedAt: string | null;
}

export interface AnnotationLayerResponse {
  annotations: AnnotationDto[];
  relations: RelationDto[];
  /** Entities referenced by these annotations. */
  entities: EntityDto[];
}

export interface CreateAnnotationRequest {
  /** Client-generated UUID so an optimistic span keeps its id. */
  id?: string;
  labelId: string;
  start: number;
  end: number;
  /** text[start:end] as the client saw it; the server refuses a mismatch (422 quote_mismatch). */
  quote: string;
  attributes?: Record<string, string | boolean>;
  note?: string | null;
  entityId?: string | null;
  entityType?: string | null;
  /** "gold" needs gold.write; default: the caller's own layer. */
  layer?: AnnotationLayerName;
}

export interface UpdateAnnotationRequest {
  /** The version the edit is based on; an older one is refused with 409. */
  version: number;
  labelId?: string;
  start?: number;
  end?: number;
  quote?: string;
  attributes?: Record<string, string | boolean>;
  note?: string | null;
  entityId?: string | null;
  entityType?: string | null;
}

export interface CreateRelationRequest {
  id?: string;
  type: string;
  fromId: string;
  toId: string;
}

export interface CreateEntityRequest {
  name: string;
  type?: string | null;
  externalId?: string | null;
}

/** Limits the server enforces (and the editor shows). */
export const NOTE_MAX_LENGTH = 5000;
export const ATTRIBUTE_TEXT_MAX_LENGTH = 500;
