/**
 * Reading an export selection out of the database, in batches, so memory does not grow with the
 * project.
 *
 * Documents are read in `documents.id` order with KEYSET pagination (`id > <last id of the previous
 * batch> ORDER BY id LIMIT n`): no server-side cursor and no open transaction, so it works the same on
 * `pg` and on PGlite (where a long transaction would block every other request of the app). For each
 * batch, one cheap query picks the ids and one reads the documents with their spans and relations
 * (see {@link readExportBatch}).
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

/**
 * Which span columns a batch reads. `core` is what formats of offsets and labels write (id, label,
 * offsets, quote): a third of the bytes of `full`, which has everything (layer and owner, attributes,
 * note, entity link, timestamps).
 */
export type ExportSpanColumns = "core" | "full";

/** One span of a `core` read, as the database sends it (a JSON array, in this order). */
export type ExportCoreSpanTuple = [id: string, labelId: string, start: number, end: number, quote: string];

/** One span of a `full` read: the core columns, then the rest (timestamps as ISO 8601 text). */
export type ExportFullSpanTuple = [
  id: string,
  labelId: string,
  start: number,
  end: number,
  quote: string,
  layer: "annotator" | "gold",
  ownerId: string | null,
  attributes: Record<string, string | boolean>,
  note: string | null,
  entityId: string | null,
  entityName: string | null,
  entityExternalId: string | null,
  entityType: string | null,
  createdAt: string,
  updatedAt: string,
];

export type ExportSpanTuple<C extends ExportSpanColumns> = C extends "core" ? ExportCoreSpanTuple : ExportFullSpanTuple;

export interface ExportRelationRow {
  id: string;
  type: string;
  fromId: string;
  toId: string;
}

/**
 * A document of a batch with its selected spans (as tuples: a million spans are not worth a
 * million intermediate objects; the export pipeline builds its span objects from them directly)
 * and the relations whose two ends are both selected spans.
 */
export interface ExportBatchDocument<C extends ExportSpanColumns> extends ExportDocumentRow {
  spans: ExportSpanTuple<C>[];
  relations: ExportRelationRow[];
  /** `core` reads: how many of the spans have attributes, a note or an entity link. Null for `full`. */
  spansWithDetails: number | null;
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
 * The ids of the next batch of documents after `afterId` (null: from the start), at most `limit`
 * documents and, past the first, at most `textBudget` code points of text (ids and stored lengths
 * only: cheap), so one batch of very long articles stays small.
 */
export async function listExportBatchIds(
  db: Db,
  selection: ExportSelection,
  afterId: string | null,
  options: { limit?: number; textBudget?: number } = {},
): Promise<string[]> {
  const limit = options.limit ?? DEFAULT_EXPORT_BATCH_SIZE;
  const budget = options.textBudget ?? DEFAULT_EXPORT_BATCH_TEXT_BUDGET;
  const where = afterId === null ? documentConditions(selection) : and(documentConditions(selection), gt(documents.id, afterId));
  const heads = await db
    .select({ id: documents.id, length: documents.length })
    .from(documents)
    .where(where)
    .orderBy(asc(documents.id))
    .limit(limit);
  const ids: string[] = [];
  let total = 0;
  for (const head of heads) {
    if (ids.length > 0 && total + head.length > budget) break;
    ids.push(head.id);
    total += head.length;
  }
  return ids;
}

interface RawExportDocumentRow extends ExportDocumentRow {
  /** JSON text of the span tuples, or null without spans. */
  spans: string | null;
  /** Spans with details (`core` reads only). */
  withDetails: number | null;
  /** JSON text of [id, type, fromId, toId] tuples, or null without relations. */
  relations: string | null;
}

/**
 * Label names and span owners' e-mails by id, filled as batches need them: an export names a
 * handful of labels and annotators a million times, so the database sends ids and each name is
 * looked up once per export.
 */
export interface ExportNameCache {
  labels: Map<string, string>;
  owners: Map<string, string>;
}

export function createExportNameCache(): ExportNameCache {
  return { labels: new Map(), owners: new Map() };
}

async function resolveNames(
  db: Db,
  cache: ExportNameCache,
  documents: readonly ExportBatchDocument<ExportSpanColumns>[],
  columns: ExportSpanColumns,
): Promise<void> {
  const labelIds = new Set<string>();
  const ownerIds = new Set<string>();
  for (const doc of documents) {
    for (const s of doc.spans) {
      if (!cache.labels.has(s[1])) labelIds.add(s[1]);
      // Only full reads carry the owner (and only annotators' layers have one).
      const ownerId = columns === "full" ? (s as ExportFullSpanTuple)[6] : null;
      if (ownerId !== null && !cache.owners.has(ownerId)) ownerIds.add(ownerId);
    }
  }
  const [labelRows, ownerRows] = await Promise.all([
    labelIds.size === 0 ? [] : db.select({ id: labels.id, name: labels.name }).from(labels).where(sql`${labels.id} = any(${uuidArray([...labelIds])})`),
    ownerIds.size === 0 ? [] : db.select({ id: users.id, email: users.email }).from(users).where(sql`${users.id} = any(${uuidArray([...ownerIds])})`),
  ]);
  for (const r of labelRows) cache.labels.set(r.id, r.name);
  for (const r of ownerRows) cache.owners.set(r.id, r.email);
}

const FROM_SPAN = "export_from";
const TO_SPAN = "export_to";
const fromSpan = alias(annotations, FROM_SPAN);
const toSpan = alias(annotations, TO_SPAN);

/** The correlated subquery that builds one document's spans (and, for `core`, counts details). */
function spanSubquery(selection: ExportSelection, columns: ExportSpanColumns): SQL {
  const core = sql`${annotations.id}, ${annotations.labelId}, ${annotations.startOffset}, ${annotations.endOffset}, ${annotations.quote}`;
  if (columns === "core") {
    return sql`
      select json_agg(json_build_array(${core}))::text as "spans",
             (count(*) filter (where ${annotations.attributes} <> '{}'::jsonb or ${annotations.note} is not null or ${annotations.entityId} is not null))::int as "withDetails"
        from ${annotations}
       where ${annotations.documentId} = ${documents.id} and ${spanConditions(annotations, selection)}`;
  }
  return sql`
      select json_agg(json_build_array(
               ${core}, ${annotations.layer}, ${annotations.ownerId}, ${annotations.attributes}, ${annotations.note},
               ${annotations.entityId}, ${entities.name}, ${entities.externalId}, ${annotations.entityType},
               ${annotations.createdAt}, ${annotations.updatedAt}))::text as "spans",
             null::int as "withDetails"
        from ${annotations}
        left join ${entities} on ${entities.id} = ${annotations.entityId}
       where ${annotations.documentId} = ${documents.id} and ${spanConditions(annotations, selection)}`;
}

/**
 * These documents with their selected spans (not deleted; `columns` says which span columns) and
 * the relations whose two ends are both selected spans: ONE query, in which the database builds
 * each document's spans and relations as JSON arrays (`json_agg`, through `db.execute`: both
 * drivers answer `{ rows }`) that Node reads with `JSON.parse`. Span order is left to the writers,
 * which sort anyway. Label names and owners' e-mails go into `cache`, looked up once per export.
 *
 * This is the export's widest read (a million spans for a big project). Row by row through the
 * query builder (one query for documents, one for spans joined with labels and users, one for
 * relations), the driver's per-column parsing and Drizzle's row mapping were most of a JSONL
 * export's time, and three round trips per batch kept the writer waiting.
 */
export async function readExportBatch<C extends ExportSpanColumns>(
  db: Db,
  selection: ExportSelection,
  documentIds: readonly string[],
  columns: C,
  cache: ExportNameCache = createExportNameCache(),
): Promise<ExportBatchDocument<C>[]> {
  if (documentIds.length === 0) return [];
  const result = await db.execute(sql`
    select ${documents.id} as "id", ${documents.title} as "title", ${documents.text} as "text",
           ${documents.sourceUrl} as "sourceUrl", ${documents.meta} as "meta", ${documents.status} as "status",
           s."spans", s."withDetails",
           (select json_agg(json_build_array(${relations.id}, ${relations.type}, ${relations.fromId}, ${relations.toId})
                   order by ${relations.createdAt}, ${relations.id})::text
              from ${relations}
              join ${annotations} as ${sql.identifier(FROM_SPAN)} on ${fromSpan.id} = ${relations.fromId}
              join ${annotations} as ${sql.identifier(TO_SPAN)} on ${toSpan.id} = ${relations.toId}
             where ${relations.documentId} = ${documents.id} and ${relations.projectId} = ${selection.projectId}
               and ${relations.deletedAt} is null
               and ${spanConditions(fromSpan as unknown as AnnotationColumns, selection)}
               and ${spanConditions(toSpan as unknown as AnnotationColumns, selection)}) as "relations"
      from ${documents}
      cross join lateral (${spanSubquery(selection, columns)}) as s
     where ${documents.projectId} = ${selection.projectId} and ${documents.id} = any(${uuidArray(documentIds)})
     order by ${documents.id}
  `);
  const rows = (result as unknown as { rows: RawExportDocumentRow[] }).rows;
  const batch = rows.map(({ spans, withDetails, relations: relationsJson, ...doc }): ExportBatchDocument<C> => ({
    ...doc,
    spans: spans === null ? [] : (JSON.parse(spans) as ExportSpanTuple<C>[]),
    relations:
      relationsJson === null
        ? []
        : (JSON.parse(relationsJson) as [string, string, string, string][]).map(([id, type, fromId, toId]) => ({ id, type, fromId, toId })),
    spansWithDetails: withDetails,
  }));
  await resolveNames(db, cache, batch, columns);
  return batch;
}

/**
 * The whole selection, batch by batch (see the module comment). The next batch (its ids, then its
 * contents) is read while the caller works through the current one — at most two batches in
 * memory — so the database and the writer work at the same time instead of taking turns.
 */
export async function* streamExportBatches<C extends ExportSpanColumns>(
  db: Db,
  selection: ExportSelection,
  columns: C,
  cache: ExportNameCache,
  options: { batchSize?: number; textBudget?: number; maxDocuments?: number } = {},
): AsyncGenerator<ExportBatchDocument<C>[]> {
  const batchSize = options.batchSize ?? DEFAULT_EXPORT_BATCH_SIZE;
  let remaining = options.maxDocuments ?? Number.POSITIVE_INFINITY;
  let afterId: string | null = null;
  const read = async (): Promise<ExportBatchDocument<C>[] | null> => {
    if (remaining <= 0) return null;
    const ids = await listExportBatchIds(db, selection, afterId, { limit: Math.min(batchSize, remaining), textBudget: options.textBudget });
    if (ids.length === 0) return null;
    afterId = ids[ids.length - 1]!;
    remaining -= ids.length;
    return readExportBatch(db, selection, ids, columns, cache);
  };
  let next = read();
  try {
    for (;;) {
      const batch = await next;
      if (!batch) return;
      next = read();
      yield batch;
    }
  } finally {
    // The caller stopped early (or failed): let a read in flight finish without an unhandled rejection.
    next.catch(() => undefined);
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
