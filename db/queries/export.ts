/**
 * Reading an export selection out of the database, in batches, so memory does not grow with the
 * project.
 *
 * Documents are read in `documents.id` order with KEYSET pagination (`id > <last id of the previous
 * batch> ORDER BY id LIMIT n`): no server-side cursor and no open transaction, so it works the same on
 * `pg` and on PGlite (where a long transaction would block every other request of the app). For each
 * batch there is one query for its annotations (joined with labels, the annotator's user row and the
 * linked entity) and one for its relations.
 *
 * Consistency: each batch is read as it is at that moment. A document added during a long export is
 * included only if its id sorts after the batch being read; spans edited meanwhile appear as they are
 * when their batch is read (and are verified against the text by the writers in any case).
 *
 * Every function is scoped by the project id from the auth context.
 */
import { and, asc, eq, gt, gte, isNull, lt, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../connect";
import { annotations, assignments, documents, entities, labels, projectMembers, relations, users, type DocumentStatus } from "../schema";

/** Which layer's spans are exported. */
export type ExportLayerFilter = { kind: "gold" } | { kind: "all" } | { kind: "annotator"; userId: string };

export interface ExportSelection {
  projectId: string;
  layer: ExportLayerFilter;
  /** Document statuses to include; empty = every status. */
  statuses: readonly DocumentStatus[];
  /** Only spans with these labels; empty = every label. Documents are not filtered by it. */
  labelIds: readonly string[];
  /** Only documents assigned to this user (any assignment state). */
  assigneeId: string | null;
  /** Documents created at or after this instant. */
  createdFrom: Date | null;
  /** Documents created strictly before this instant. */
  createdBefore: Date | null;
}

export interface ExportDocumentRow {
  id: string;
  title: string;
  text: string;
  sourceUrl: string | null;
  meta: Record<string, unknown>;
  status: DocumentStatus;
}

export interface ExportAnnotationRow {
  id: string;
  documentId: string;
  layer: "annotator" | "gold";
  /** E-mail of the layer's owner; null for gold. */
  ownerEmail: string | null;
  labelId: string;
  labelName: string;
  start: number;
  end: number;
  quote: string;
  attributes: Record<string, string | boolean>;
  note: string | null;
  entityId: string | null;
  entityName: string | null;
  entityExternalId: string | null;
  entityType: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ExportRelationRow {
  id: string;
  documentId: string;
  type: string;
  fromId: string;
  toId: string;
}

export interface ExportBatch {
  documents: ExportDocumentRow[];
  annotations: ExportAnnotationRow[];
  relations: ExportRelationRow[];
}

export const DEFAULT_EXPORT_BATCH_SIZE = 200;
/**
 * A batch stops early once its texts add up to this many code points (a batch always holds at least
 * one document), so a project of very long articles does not hold 200 of them at once.
 */
export const DEFAULT_EXPORT_BATCH_TEXT_BUDGET = 4_000_000;

function uuidArray(ids: readonly string[]): SQL {
  return sql`${sql.param([...ids])}::uuid[]`;
}

function documentConditions(selection: ExportSelection): SQL {
  const conditions: (SQL | undefined)[] = [eq(documents.projectId, selection.projectId)];
  if (selection.statuses.length > 0) {
    conditions.push(sql`${documents.status} = any(${sql.param([...selection.statuses])}::text[])`);
  }
  if (selection.assigneeId !== null) {
    conditions.push(
      sql`exists (select 1 from ${assignments} where ${assignments.documentId} = ${documents.id} and ${assignments.projectId} = ${selection.projectId} and ${assignments.userId} = ${selection.assigneeId})`,
    );
  }
  if (selection.createdFrom !== null) conditions.push(gte(documents.createdAt, selection.createdFrom));
  if (selection.createdBefore !== null) conditions.push(lt(documents.createdAt, selection.createdBefore));
  return and(...conditions) as SQL;
}

/** The span columns the conditions use: the annotations table or an alias of it. */
interface AnnotationColumns {
  projectId: typeof annotations.projectId;
  deletedAt: typeof annotations.deletedAt;
  layer: typeof annotations.layer;
  ownerId: typeof annotations.ownerId;
  labelId: typeof annotations.labelId;
}

/** The layer and label conditions for spans of `table` (the annotations table or an alias of it). */
function spanConditions(table: AnnotationColumns, selection: ExportSelection): SQL {
  const conditions: SQL[] = [eq(table.projectId, selection.projectId), isNull(table.deletedAt)];
  if (selection.layer.kind === "gold") conditions.push(eq(table.layer, "gold"));
  else if (selection.layer.kind === "annotator") {
    conditions.push(eq(table.layer, "annotator"), eq(table.ownerId, selection.layer.userId));
  }
  if (selection.labelIds.length > 0) conditions.push(sql`${table.labelId} = any(${uuidArray(selection.labelIds)})`);
  return and(...conditions) as SQL;
}

/**
 * The next batch of documents after `afterId` (null: from the start), at most `limit` documents and,
 * past the first, at most `textBudget` code points of text.
 */
export async function listExportDocumentBatch(
  db: Db,
  selection: ExportSelection,
  afterId: string | null,
  options: { limit?: number; textBudget?: number } = {},
): Promise<ExportDocumentRow[]> {
  const limit = options.limit ?? DEFAULT_EXPORT_BATCH_SIZE;
  const budget = options.textBudget ?? DEFAULT_EXPORT_BATCH_TEXT_BUDGET;
  const where = afterId === null ? documentConditions(selection) : and(documentConditions(selection), gt(documents.id, afterId));
  // Ids and lengths first (cheap), so the texts of one batch stay within the budget.
  const heads = await db
    .select({ id: documents.id, length: documents.length })
    .from(documents)
    .where(where)
    .orderBy(asc(documents.id))
    .limit(limit);
  if (heads.length === 0) return [];
  const ids: string[] = [];
  let total = 0;
  for (const head of heads) {
    if (ids.length > 0 && total + head.length > budget) break;
    ids.push(head.id);
    total += head.length;
  }
  return db
    .select({
      id: documents.id,
      title: documents.title,
      text: documents.text,
      sourceUrl: documents.sourceUrl,
      meta: documents.meta,
      status: documents.status,
    })
    .from(documents)
    .where(and(eq(documents.projectId, selection.projectId), sql`${documents.id} = any(${uuidArray(ids)})`))
    .orderBy(asc(documents.id));
}

/** The selected spans of these documents (not deleted), with label name, annotator e-mail and entity. */
export async function listExportAnnotations(db: Db, selection: ExportSelection, documentIds: readonly string[]): Promise<ExportAnnotationRow[]> {
  if (documentIds.length === 0) return [];
  return db
    .select({
      id: annotations.id,
      documentId: annotations.documentId,
      layer: annotations.layer,
      ownerEmail: users.email,
      labelId: annotations.labelId,
      labelName: labels.name,
      start: annotations.startOffset,
      end: annotations.endOffset,
      quote: annotations.quote,
      attributes: annotations.attributes,
      note: annotations.note,
      entityId: annotations.entityId,
      entityName: entities.name,
      entityExternalId: entities.externalId,
      entityType: annotations.entityType,
      createdAt: annotations.createdAt,
      updatedAt: annotations.updatedAt,
    })
    .from(annotations)
    .innerJoin(labels, eq(labels.id, annotations.labelId))
    .leftJoin(users, eq(users.id, annotations.ownerId))
    .leftJoin(entities, eq(entities.id, annotations.entityId))
    .where(and(spanConditions(annotations, selection), sql`${annotations.documentId} = any(${uuidArray(documentIds)})`))
    .orderBy(asc(annotations.documentId), asc(annotations.startOffset), asc(annotations.id));
}

const fromSpan = alias(annotations, "export_from");
const toSpan = alias(annotations, "export_to");

/** Relations of these documents (not deleted) whose two ends are both selected spans. */
export async function listExportRelations(db: Db, selection: ExportSelection, documentIds: readonly string[]): Promise<ExportRelationRow[]> {
  if (documentIds.length === 0) return [];
  return db
    .select({
      id: relations.id,
      documentId: relations.documentId,
      type: relations.type,
      fromId: relations.fromId,
      toId: relations.toId,
    })
    .from(relations)
    .innerJoin(fromSpan, eq(fromSpan.id, relations.fromId))
    .innerJoin(toSpan, eq(toSpan.id, relations.toId))
    .where(
      and(
        eq(relations.projectId, selection.projectId),
        isNull(relations.deletedAt),
        sql`${relations.documentId} = any(${uuidArray(documentIds)})`,
        spanConditions(fromSpan as unknown as AnnotationColumns, selection),
        spanConditions(toSpan as unknown as AnnotationColumns, selection),
      ),
    )
    .orderBy(asc(relations.documentId), asc(relations.createdAt), asc(relations.id));
}

async function readBatch(
  db: Db,
  selection: ExportSelection,
  afterId: string | null,
  limit: number,
  textBudget: number | undefined,
): Promise<ExportBatch> {
  const docs = await listExportDocumentBatch(db, selection, afterId, { limit, textBudget });
  if (docs.length === 0) return { documents: docs, annotations: [], relations: [] };
  const ids = docs.map((d) => d.id);
  const spans = await listExportAnnotations(db, selection, ids);
  const rels = await listExportRelations(db, selection, ids);
  return { documents: docs, annotations: spans, relations: rels };
}

/**
 * The whole selection, batch by batch (see the module comment). The next batch is read while the
 * caller works through the current one (at most two batches in memory), so the database and the
 * writer run side by side instead of taking turns.
 */
export async function* streamExportBatches(
  db: Db,
  selection: ExportSelection,
  options: { batchSize?: number; textBudget?: number; maxDocuments?: number } = {},
): AsyncGenerator<ExportBatch> {
  const batchSize = options.batchSize ?? DEFAULT_EXPORT_BATCH_SIZE;
  let remaining = options.maxDocuments ?? Number.POSITIVE_INFINITY;
  const read = (afterId: string | null): Promise<ExportBatch> => readBatch(db, selection, afterId, Math.min(batchSize, remaining), options.textBudget);
  let next: Promise<ExportBatch> | null = remaining > 0 ? read(null) : null;
  try {
    while (next) {
      const batch = await next;
      next = null;
      if (batch.documents.length === 0) return;
      remaining -= batch.documents.length;
      if (remaining > 0) next = read(batch.documents[batch.documents.length - 1]!.id);
      yield batch;
    }
  } finally {
    // The caller stopped early (or failed): let a read in flight finish without an unhandled rejection.
    next?.catch(() => undefined);
  }
}

/** How many documents and (unverified) spans the selection holds. */
export async function countExportSelection(db: Db, selection: ExportSelection): Promise<{ documents: number; spans: number }> {
  const [docs] = await db.select({ n: sql<number>`count(*)::int` }).from(documents).where(documentConditions(selection));
  const [spans] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(annotations)
    .innerJoin(documents, eq(documents.id, annotations.documentId))
    .where(and(spanConditions(annotations, selection), documentConditions(selection)));
  return { documents: docs?.n ?? 0, spans: spans?.n ?? 0 };
}

/** True once the project has a (not deleted) gold span. */
export async function hasGoldAnnotations(db: Db, projectId: string): Promise<boolean> {
  const rows = await db
    .select({ id: annotations.id })
    .from(annotations)
    .where(and(eq(annotations.projectId, projectId), eq(annotations.layer, "gold"), isNull(annotations.deletedAt)))
    .limit(1);
  return rows.length > 0;
}

/** Gold spans of the project (not deleted). */
export async function countGoldSpans(db: Db, projectId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(annotations)
    .where(and(eq(annotations.projectId, projectId), eq(annotations.layer, "gold"), isNull(annotations.deletedAt)));
  return row?.n ?? 0;
}

/** Documents of the project. */
export async function countProjectDocuments(db: Db, projectId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(documents).where(eq(documents.projectId, projectId));
  return row?.n ?? 0;
}

export interface ExportAnnotatorRow {
  userId: string;
  email: string;
  name: string;
  /** Spans in their layer (not deleted). */
  spans: number;
}

/** People with an annotator layer in the project (members or not any more), by e-mail. */
export async function listExportAnnotators(db: Db, projectId: string): Promise<ExportAnnotatorRow[]> {
  return db
    .select({ userId: users.id, email: users.email, name: users.name, spans: sql<number>`count(*)::int` })
    .from(annotations)
    .innerJoin(users, eq(users.id, annotations.ownerId))
    .where(and(eq(annotations.projectId, projectId), eq(annotations.layer, "annotator"), isNull(annotations.deletedAt)))
    .groupBy(users.id, users.email, users.name)
    .orderBy(asc(users.email));
}

/**
 * A user by e-mail (case-insensitive) or id who is a member of the project or owns spans in it;
 * undefined otherwise (users of other projects are not revealed).
 */
export async function findProjectAnnotator(db: Db, projectId: string, emailOrId: string): Promise<{ userId: string; email: string; name: string } | undefined> {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(emailOrId);
  const match = isUuid ? eq(users.id, emailOrId) : sql`lower(${users.email}) = ${emailOrId.trim().toLowerCase()}`;
  const [row] = await db
    .select({ userId: users.id, email: users.email, name: users.name })
    .from(users)
    .where(
      and(
        match,
        sql`(exists (select 1 from ${projectMembers} where ${projectMembers.projectId} = ${projectId} and ${projectMembers.userId} = ${users.id})
          or exists (select 1 from ${annotations} where ${annotations.projectId} = ${projectId} and ${annotations.ownerId} = ${users.id}))`,
      ),
    )
    .limit(1);
  return row;
}

/** Members of the project (for the assignee filter), by e-mail. */
export async function listProjectMemberUsers(db: Db, projectId: string): Promise<{ userId: string; email: string; name: string; role: string }[]> {
  return db
    .select({ userId: users.id, email: users.email, name: users.name, role: projectMembers.role })
    .from(projectMembers)
    .innerJoin(users, eq(users.id, projectMembers.userId))
    .where(eq(projectMembers.projectId, projectId))
    .orderBy(asc(users.email));
}
