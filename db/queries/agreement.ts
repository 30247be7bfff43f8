/**
 * Reads for inter-annotator agreement (lib/server/agreement.ts). Always scoped by project id.
 * Written as plain SQL through `db.execute` (both drivers answer `{ rows }`): these are bulk
 * reads of hundreds of thousands of spans, and one round trip per batch matters more than the
 * query builder's mapping.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../connect";
import type { DocumentStatus } from "../schema";

function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

export interface AgreementScope {
  projectId: string;
  /** Only these annotators' layers (null: everyone's). */
  annotatorIds?: readonly string[] | null;
  /** Only documents in these workflow statuses. */
  statuses?: readonly DocumentStatus[] | null;
  /** Only these documents. */
  documentIds?: readonly string[] | null;
}

/** One layer of one document: an annotator's (`ownerId`) or gold (`ownerId` null). */
export interface LayerPresenceRow {
  documentId: string;
  ownerId: string | null;
}

/**
 * Which layers exist in which documents of the project. An annotator has a layer in a document
 * when they have at least one live span there, OR their assignment on it is submitted/approved
 * (they finished and may have found nothing: an empty layer, not a missing one). The gold layer
 * exists when the document has at least one live gold span. Ordered by document id.
 */
export async function listLayerPresence(db: Db, scope: AgreementScope): Promise<LayerPresenceRow[]> {
  const filters: SQL[] = [];
  if (scope.statuses && scope.statuses.length > 0) filters.push(sql`and d.status = any(${sql.param([...scope.statuses])}::text[])`);
  if (scope.documentIds) filters.push(sql`and d.id = any(${sql.param([...scope.documentIds])}::uuid[])`);
  if (scope.annotatorIds) filters.push(sql`and (l.owner_id is null or l.owner_id = any(${sql.param([...scope.annotatorIds])}::uuid[]))`);
  const result = await db.execute(sql`
    select l.document_id as "documentId", l.owner_id as "ownerId"
    from (
      select document_id, owner_id from annotations
      where project_id = ${scope.projectId}::uuid and layer = 'annotator' and deleted_at is null
      group by document_id, owner_id
      union
      select document_id, user_id from assignments
      where project_id = ${scope.projectId}::uuid and status in ('submitted', 'approved')
      union
      select document_id, null::uuid from annotations
      where project_id = ${scope.projectId}::uuid and layer = 'gold' and deleted_at is null
      group by document_id
    ) l
    join documents d on d.id = l.document_id and d.project_id = ${scope.projectId}::uuid
    where true ${sql.join(filters, sql` `)}
    order by l.document_id
  `);
  return rowsOf<LayerPresenceRow>(result);
}

export interface AgreementTextRow {
  id: string;
  text: string;
  length: number;
}

/** The texts of these documents of the project (any order). */
export async function listDocumentTexts(db: Db, projectId: string, documentIds: readonly string[]): Promise<AgreementTextRow[]> {
  if (documentIds.length === 0) return [];
  const result = await db.execute(sql`
    select id, text, length from documents
    where project_id = ${projectId}::uuid and id = any(${sql.param([...documentIds])}::uuid[])
  `);
  return rowsOf<AgreementTextRow>(result);
}

/** The live spans of one layer of one document, packed (see listAgreementLayerSpans). */
export interface AgreementLayerSpansRow {
  documentId: string;
  /** Null for gold. */
  ownerId: string | null;
  /**
   * "start,end,label,start,end,label,…": code-point offsets and the 1-based position of the span's
   * label in the `labelIds` passed in (0 if it is not among them).
   */
  spans: string;
}

/**
 * Live spans of these documents, one row per layer: the listed annotators' layers and, when
 * `includeGold`, the gold layer; only spans whose label is in `labelIds`. One query for the whole
 * batch. Packing each layer's spans into one string makes a 10,000-article project's 600,000 spans
 * cost 30,000 rows to decode instead of 600,000 (measured in bench/agreement.ts).
 */
export async function listAgreementLayerSpans(
  db: Db,
  params: {
    projectId: string;
    documentIds: readonly string[];
    annotatorIds: readonly string[];
    labelIds: readonly string[];
    includeGold: boolean;
  },
): Promise<AgreementLayerSpansRow[]> {
  if (params.documentIds.length === 0 || params.labelIds.length === 0) return [];
  const annotatorLayer = sql`(layer = 'annotator' and owner_id = any(${sql.param([...params.annotatorIds])}::uuid[]))`;
  const layers = params.includeGold ? sql`(${annotatorLayer} or layer = 'gold')` : annotatorLayer;
  const labels = sql.param([...params.labelIds]);
  const result = await db.execute(sql`
    select document_id as "documentId", owner_id as "ownerId",
           string_agg(start_offset::text || ',' || end_offset::text || ',' || coalesce(array_position(${labels}::uuid[], label_id), 0)::text, ',') as "spans"
    from annotations
    where project_id = ${params.projectId}::uuid
      and document_id = any(${sql.param([...params.documentIds])}::uuid[])
      and deleted_at is null
      and ${layers}
      and label_id = any(${labels}::uuid[])
    group by document_id, owner_id
  `);
  return rowsOf<AgreementLayerSpansRow>(result);
}

/**
 * Display names of these users, limited to people the project knows: members, and former members
 * whose spans or assignments remain in it.
 */
export async function listProjectUserNames(db: Db, projectId: string, userIds: readonly string[]): Promise<{ id: string; name: string; email: string }[]> {
  if (userIds.length === 0) return [];
  const result = await db.execute(sql`
    select u.id, u.name, u.email from users u
    where u.id = any(${sql.param([...userIds])}::uuid[])
      and (exists (select 1 from project_members m where m.project_id = ${projectId}::uuid and m.user_id = u.id)
        or exists (select 1 from assignments s where s.project_id = ${projectId}::uuid and s.user_id = u.id)
        or exists (select 1 from annotations a where a.project_id = ${projectId}::uuid and a.owner_id = u.id))
  `);
  return rowsOf<{ id: string; name: string; email: string }>(result);
}
