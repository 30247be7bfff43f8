import { and, asc, eq, getTableColumns, isNotNull, isNull, ne, sql, type SQL } from "drizzle-orm";
import type { Db } from "../connect";
import { isUuid } from "../ids";
import type { AuditEventInput } from "./audit";
import { annotations, documents, labels, projectMembers, projects, users, type AnnotationLayer, type AssignmentStatus, type DocumentStatus, type OverlapPolicy, type ProjectRole } from "../schema";
import { prepared } from "./prepared";
import type { ProjectRow } from "./projects";

export type AnnotationRow = typeof annotations.$inferSelect;
export type NewAnnotation = typeof annotations.$inferInsert;
/** An annotation with its owner's display name (null for gold). */
export type AnnotationWithOwner = AnnotationRow & { ownerName: string | null };

/** Which spans of a document to list. */
export type AnnotationScope =
  | { kind: "owner"; ownerId: string }
  | { kind: "gold" }
  /** Every layer: all annotators' and gold. */
  | { kind: "all" };

const withOwner = { ...getTableColumns(annotations), ownerName: users.name };

function scopeCondition(scope: AnnotationScope): SQL | undefined {
  switch (scope.kind) {
    case "owner":
      return and(eq(annotations.ownerId, scope.ownerId), eq(annotations.layer, "annotator"));
    case "gold":
      return eq(annotations.layer, "gold");
    case "all":
      return undefined;
  }
}

/** One span as {@link listDocumentAnnotations} receives it: a JSON array in this column order. */
type RawAnnotation = [
  id: string,
  projectId: string,
  documentId: string,
  layer: AnnotationLayer,
  ownerId: string | null,
  labelId: string,
  startOffset: number,
  endOffset: number,
  quote: string,
  prefix: string,
  suffix: string,
  attributes: Record<string, string | boolean>,
  note: string | null,
  entityId: string | null,
  entityType: string | null,
  sourceAnnotationId: string | null,
  version: number,
  createdBy: string | null,
  updatedBy: string | null,
  createdAt: string,
  updatedAt: string,
  deletedAt: string | null,
  ownerName: string | null,
];

/**
 * The live spans of one document in a scope, ordered by start, longer first, with the owner's name.
 * Uses `annotations_document_owner_idx` for one owner and `annotations_document_layer_idx` for gold.
 *
 * The database sends them as ONE JSON array (`json_agg`, through `db.execute`: both drivers answer
 * `{ rows }`) that Node reads with `JSON.parse`: a review loads 15,000 spans at once, and row by row
 * through PGlite's protocol and Drizzle's mapping that took 0.6–1.1 s on PGlite (0.25–0.4 s as JSON).
 */
export async function listDocumentAnnotations(
  db: Db,
  params: { projectId: string; documentId: string; scope: AnnotationScope },
): Promise<AnnotationWithOwner[]> {
  const a = annotations;
  const result = await db.execute(sql`
    select coalesce(json_agg(json_build_array(
             ${a.id}, ${a.projectId}, ${a.documentId}, ${a.layer}, ${a.ownerId}, ${a.labelId}, ${a.startOffset}, ${a.endOffset},
             ${a.quote}, ${a.prefix}, ${a.suffix}, ${a.attributes}, ${a.note}, ${a.entityId}, ${a.entityType}, ${a.sourceAnnotationId},
             ${a.version}, ${a.createdBy}, ${a.updatedBy}, ${a.createdAt}, ${a.updatedAt}, ${a.deletedAt}, ${users.name}
           ) order by ${a.startOffset}, ${a.endOffset} desc, ${a.id}), '[]'::json)::text as "spans"
      from ${a}
      left join ${users} on ${users.id} = ${a.ownerId}
     where ${and(eq(a.documentId, params.documentId), eq(a.projectId, params.projectId), isNull(a.deletedAt), scopeCondition(params.scope))}
  `);
  const text = (result as unknown as { rows: { spans: string }[] }).rows[0]?.spans ?? "[]";
  return (JSON.parse(text) as RawAnnotation[]).map((r) => ({
    id: r[0],
    projectId: r[1],
    documentId: r[2],
    layer: r[3],
    ownerId: r[4],
    labelId: r[5],
    startOffset: r[6],
    endOffset: r[7],
    quote: r[8],
    prefix: r[9],
    suffix: r[10],
    attributes: r[11],
    note: r[12],
    entityId: r[13],
    entityType: r[14],
    sourceAnnotationId: r[15],
    version: r[16],
    createdBy: r[17],
    updatedBy: r[18],
    createdAt: new Date(r[19]),
    updatedAt: new Date(r[20]),
    deletedAt: r[21] === null ? null : new Date(r[21]),
    ownerName: r[22],
  }));
}

/** One annotation of the project (deleted ones too), with its owner's name. */
export async function getAnnotation(db: Db, projectId: string, id: string): Promise<AnnotationWithOwner | undefined> {
  const [row] = await db
    .select(withOwner)
    .from(annotations)
    .leftJoin(users, eq(users.id, annotations.ownerId))
    .where(and(eq(annotations.projectId, projectId), eq(annotations.id, id)))
    .limit(1);
  return row;
}

/**
 * Inserts the annotation unless a row with its id already exists (in any project); returns the new
 * row, or undefined when the id was taken (the caller decides whether that is a replay or a clash).
 */
export async function insertAnnotationIfAbsent(db: Db, values: NewAnnotation): Promise<AnnotationRow | undefined> {
  const [row] = await db.insert(annotations).values(values).onConflictDoNothing({ target: annotations.id }).returning();
  return row;
}

/**
 * A new span and everything that goes with it in ONE statement — one round trip, and atomic with no
 * transaction around it: the annotation row, its audit event, the idempotency record with the
 * response to replay (when the request had a key) and the live-update NOTIFY (delivered when the
 * statement commits). A span id or idempotency key that is already taken, or a document or label
 * deleted meanwhile, makes the whole statement fail (unique / foreign-key violation) and nothing is
 * written: the caller then takes its transactional path, which tells those cases apart. The row's
 * timestamps come with it, so the caller knows the whole row (and its response) before writing.
 */
export async function insertAnnotationAtOnce(
  db: Db,
  params: {
    row: Required<Pick<NewAnnotation, "id" | "projectId" | "documentId" | "layer" | "labelId" | "startOffset" | "endOffset" | "quote" | "prefix" | "suffix" | "attributes" | "createdAt" | "updatedAt">> &
      Pick<NewAnnotation, "ownerId" | "note" | "entityId" | "entityType" | "createdBy" | "updatedBy">;
    audit: AuditEventInput;
    idempotency: { userId: string; key: string; status: number; response: unknown } | null;
    notify: { channel: string; payload: string };
  },
): Promise<void> {
  const { row, audit, idempotency, notify } = params;
  const claim = idempotency
    ? sql`, claim as (
        insert into idempotency_keys (user_id, key, status, response)
        values (${idempotency.userId}, ${idempotency.key}, ${idempotency.status}, ${JSON.stringify(idempotency.response)}::jsonb)
      )`
    : sql``;
  await db.execute(sql`
    with ins as (
      insert into annotations (id, project_id, document_id, layer, owner_id, label_id, start_offset, end_offset, quote, prefix, suffix,
                               attributes, note, entity_id, entity_type, created_by, updated_by, created_at, updated_at)
      values (${row.id}, ${row.projectId}, ${row.documentId}, ${row.layer}, ${row.ownerId ?? null}, ${row.labelId}, ${row.startOffset}, ${row.endOffset},
              ${row.quote}, ${row.prefix}, ${row.suffix}, ${JSON.stringify(row.attributes)}::jsonb, ${row.note ?? null}, ${row.entityId ?? null},
              ${row.entityType ?? null}, ${row.createdBy ?? null}, ${row.updatedBy ?? null}, ${row.createdAt.toISOString()}::timestamptz, ${row.updatedAt.toISOString()}::timestamptz)
      returning id
    ), audit as (
      insert into audit_events (project_id, actor_id, action, entity_type, entity_id, before, after)
      values (${audit.projectId}, ${audit.actorId}, ${audit.action}, ${audit.entityType}, ${audit.entityId},
              ${audit.before === undefined || audit.before === null ? null : JSON.stringify(audit.before)}::jsonb,
              ${audit.after === undefined || audit.after === null ? null : JSON.stringify(audit.after)}::jsonb)
    )${claim}
    select pg_notify(${notify.channel}, ${notify.payload}) from ins
  `);
}

/** Fields an edit may change. */
export type AnnotationChanges = Partial<
  Pick<NewAnnotation, "labelId" | "startOffset" | "endOffset" | "quote" | "prefix" | "suffix" | "attributes" | "note" | "entityId" | "entityType">
>;

/**
 * Optimistic-concurrency update: applies `changes` only if the live row still has `version`, and
 * bumps the version. Undefined when no row matched (stale version, deleted, or missing).
 */
export async function updateAnnotationIfVersion(
  db: Db,
  params: { projectId: string; id: string; version: number; actorId: string; changes: AnnotationChanges },
): Promise<AnnotationRow | undefined> {
  const [row] = await db
    .update(annotations)
    .set({ ...params.changes, version: sql`${annotations.version} + 1`, updatedAt: sql`now()`, updatedBy: params.actorId })
    .where(
      and(
        eq(annotations.projectId, params.projectId),
        eq(annotations.id, params.id),
        eq(annotations.version, params.version),
        isNull(annotations.deletedAt),
      ),
    )
    .returning();
  return row;
}

/** Soft delete at `version` (bumps it). Undefined when the live row no longer has that version. */
export async function softDeleteAnnotationIfVersion(
  db: Db,
  params: { projectId: string; id: string; version: number; actorId: string },
): Promise<AnnotationRow | undefined> {
  const [row] = await db
    .update(annotations)
    .set({ deletedAt: sql`now()`, version: sql`${annotations.version} + 1`, updatedAt: sql`now()`, updatedBy: params.actorId })
    .where(
      and(
        eq(annotations.projectId, params.projectId),
        eq(annotations.id, params.id),
        eq(annotations.version, params.version),
        isNull(annotations.deletedAt),
      ),
    )
    .returning();
  return row;
}

/** Brings a soft-deleted annotation back (bumps the version). Undefined when it was not deleted. */
export async function restoreAnnotationRow(db: Db, params: { projectId: string; id: string; actorId: string }): Promise<AnnotationRow | undefined> {
  const [row] = await db
    .update(annotations)
    .set({ deletedAt: null, version: sql`${annotations.version} + 1`, updatedAt: sql`now()`, updatedBy: params.actorId })
    .where(and(eq(annotations.projectId, params.projectId), eq(annotations.id, params.id), isNotNull(annotations.deletedAt)))
    .returning();
  return row;
}

export interface OverlappingSpan {
  id: string;
  labelId: string;
  labelName: string;
  overlapPolicy: OverlapPolicy;
  start: number;
  end: number;
  quote: string;
}

/**
 * Live spans of one layer (document + layer + owner) sharing at least one code point with
 * `[start, end)`, with their label's overlap policy. Ordered by start.
 */
export async function findOverlappingAnnotations(
  db: Db,
  params: {
    projectId: string;
    documentId: string;
    layer: AnnotationLayer;
    ownerId: string | null;
    start: number;
    end: number;
    excludeId?: string;
  },
): Promise<OverlappingSpan[]> {
  return db
    .select({
      id: annotations.id,
      labelId: annotations.labelId,
      labelName: labels.name,
      overlapPolicy: labels.overlapPolicy,
      start: annotations.startOffset,
      end: annotations.endOffset,
      quote: annotations.quote,
    })
    .from(annotations)
    .innerJoin(labels, eq(labels.id, annotations.labelId))
    .where(
      and(
        eq(annotations.documentId, params.documentId),
        eq(annotations.projectId, params.projectId),
        params.ownerId === null ? isNull(annotations.ownerId) : eq(annotations.ownerId, params.ownerId),
        eq(annotations.layer, params.layer),
        isNull(annotations.deletedAt),
        sql`${annotations.startOffset} < ${params.end}`,
        sql`${annotations.endOffset} > ${params.start}`,
        params.excludeId ? ne(annotations.id, params.excludeId) : undefined,
      ),
    )
    .orderBy(asc(annotations.startOffset));
}

/**
 * Serialises writers of one layer for the rest of the transaction (overlap checks are
 * read-then-write). A transaction-scoped advisory lock; released at commit or rollback.
 */
export async function lockAnnotationLayer(db: Db, params: { documentId: string; layer: AnnotationLayer; ownerId: string | null }): Promise<void> {
  const key = `annotation-layer:${params.documentId}:${params.layer}:${params.ownerId ?? ""}`;
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
}

/** What a write needs to know about its document, without its (possibly long) text. */
export interface DocumentWriteTarget {
  id: string;
  contentHash: string;
  length: number;
  status: DocumentStatus;
  /** The user's assignment status on this document, null without one. */
  myAssignmentStatus: AssignmentStatus | null;
  /**
   * Whether someone was assigned to the document (by a manager: rows an annotator started
   * themselves by writing, `assigned_by = user_id`, don't count).
   */
  hasAssignments: boolean;
}

/** The document (scoped by project) with the user's assignment state, in one query. */
export async function getDocumentWriteTarget(
  db: Db,
  params: { projectId: string; documentId: string; userId: string },
): Promise<DocumentWriteTarget | undefined> {
  const [row] = await db
    .select({
      id: documents.id,
      contentHash: documents.contentHash,
      length: documents.length,
      status: documents.status,
      // Written out: drizzle renders `${documents.id}` unqualified in a one-table select list, which
      // inside the subquery would mean assignments.id.
      myAssignmentStatus: sql<AssignmentStatus | null>`(select a.status from assignments a where a.document_id = "documents"."id" and a.user_id = ${params.userId})`,
      hasAssignments: sql<boolean>`exists (select 1 from assignments a where a.document_id = "documents"."id" and a.assigned_by is distinct from a.user_id)`,
    })
    .from(documents)
    .where(and(eq(documents.projectId, params.projectId), eq(documents.id, params.documentId)))
    .limit(1);
  return row;
}

/** Just the text of a document of the project. */
export async function getDocumentText(db: Db, projectId: string, documentId: string): Promise<{ text: string; contentHash: string } | undefined> {
  const [row] = await db
    .select({ text: documents.text, contentHash: documents.contentHash })
    .from(documents)
    .where(and(eq(documents.projectId, projectId), eq(documents.id, documentId)))
    .limit(1);
  return row;
}

/** Whether a document exists in the project (no text is read). */
export async function documentExists(db: Db, projectId: string, documentId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: documents.id })
    .from(documents)
    .where(and(eq(documents.projectId, projectId), eq(documents.id, documentId)))
    .limit(1);
  return row !== undefined;
}

export type LabelRowForWrite = typeof labels.$inferSelect & {
  /** Whether any label of the project restricts overlaps (else overlap checks can be skipped). */
  projectHasOverlapRules: boolean;
};

/** A label of the project (archived ones too), plus whether the project has any overlap rule. */
export async function getLabelForWrite(db: Db, projectId: string, labelId: string): Promise<LabelRowForWrite | undefined> {
  const [row] = await db
    .select({
      ...getTableColumns(labels),
      projectHasOverlapRules: sql<boolean>`exists (select 1 from labels l2 where l2.project_id = ${projectId} and l2.overlap_policy <> 'any')`,
    })
    .from(labels)
    .where(and(eq(labels.projectId, projectId), eq(labels.id, labelId)))
    .limit(1);
  return row;
}

/** What creating a span reads before it writes: {@link getSaveContext}. */
export interface SaveContext {
  /** The project and the user's role in it; undefined when not a member (or the project is archived or unknown). */
  membership: { project: ProjectRow; role: ProjectRole } | undefined;
  /** The document of that project, undefined when it has none by that id (or no id was given). */
  target: DocumentWriteTarget | undefined;
  /** The label of that project (archived ones too), undefined likewise. */
  label: LabelRowForWrite | undefined;
}

function buildSaveContext(db: Db, by: "id" | "slug", name: string) {
  const userId = sql.placeholder("userId");
  return db
    .select({
      project: projects,
      role: projectMembers.role,
      documentId: documents.id,
      contentHash: documents.contentHash,
      length: documents.length,
      status: documents.status,
      myAssignmentStatus: sql<AssignmentStatus | null>`(select a.status from assignments a where a.document_id = "documents"."id" and a.user_id = ${userId})`,
      hasAssignments: sql<boolean>`exists (select 1 from assignments a where a.document_id = "documents"."id" and a.assigned_by is distinct from a.user_id)`,
      label: labels,
      projectHasOverlapRules: sql<boolean>`exists (select 1 from labels l2 where l2.project_id = "projects"."id" and l2.overlap_policy <> 'any')`,
    })
    .from(projects)
    .innerJoin(projectMembers, and(eq(projectMembers.projectId, projects.id), eq(projectMembers.userId, userId)))
    .leftJoin(documents, and(eq(documents.projectId, projects.id), eq(documents.id, sql.placeholder("documentId"))))
    .leftJoin(labels, and(eq(labels.projectId, projects.id), eq(labels.id, sql.placeholder("labelId"))))
    .where(and(by === "id" ? eq(projects.id, sql.placeholder("projectKey")) : eq(projects.slug, sql.placeholder("projectKey")), isNull(projects.archivedAt)))
    .limit(1)
    .prepare(name);
}

/**
 * Membership, document write target and label in one round trip: what {@link getProjectMembership},
 * {@link getDocumentWriteTarget} and {@link getLabelForWrite} answer, for the save path (every span
 * tagged in the editor). The caller still decides in the same order (membership, then the document,
 * then the label); a document or label id that is not a UUID is simply not found.
 */
export async function getSaveContext(
  db: Db,
  params: { userId: string; projectIdOrSlug: string; documentId: string | null; labelId: string | null },
): Promise<SaveContext> {
  const by = isUuid(params.projectIdOrSlug) ? "id" : "slug";
  const query = prepared(db, `save_context_by_${by}`, (d, name) => buildSaveContext(d, by, name));
  const uuidOrNull = (id: string | null) => (id !== null && isUuid(id) ? id : null);
  const [row] = await query.execute({
    userId: params.userId,
    projectKey: params.projectIdOrSlug,
    documentId: uuidOrNull(params.documentId),
    labelId: uuidOrNull(params.labelId),
  });
  if (!row) return { membership: undefined, target: undefined, label: undefined };
  return {
    membership: { project: row.project, role: row.role },
    target:
      row.documentId === null || row.contentHash === null || row.length === null || row.status === null
        ? undefined
        : {
            id: row.documentId,
            contentHash: row.contentHash,
            length: row.length,
            status: row.status,
            myAssignmentStatus: row.myAssignmentStatus,
            hasAssignments: row.hasAssignments,
          },
    label: row.label ? { ...row.label, projectHasOverlapRules: row.projectHasOverlapRules } : undefined,
  };
}

/** Annotations of the project by id, each with its label's kind and relation types (for relation checks). */
export async function getAnnotationsWithLabels(
  db: Db,
  projectId: string,
  ids: string[],
): Promise<(AnnotationRow & { labelName: string; labelKind: LabelRow["kind"]; labelRelationTypes: LabelRow["relationTypes"] })[]> {
  if (ids.length === 0) return [];
  return db
    .select({
      ...getTableColumns(annotations),
      labelName: labels.name,
      labelKind: labels.kind,
      labelRelationTypes: labels.relationTypes,
    })
    .from(annotations)
    .innerJoin(labels, eq(labels.id, annotations.labelId))
    .where(and(eq(annotations.projectId, projectId), sql`${annotations.id} = any(${sql.param(ids)}::uuid[])`));
}

type LabelRow = typeof labels.$inferSelect;

/**
 * One owner's live spans of a document as a JSON array of arrays, built by the database, for the
 * editor's first load (lib/api-client/editor-layer-wire.ts): `[id, labelId, start, end, version,
 * createdAt ms, updatedAt ms, createdBy, note, entityId, entityType, attributes]`, ordered like
 * listDocumentAnnotations. No quote, prefix or suffix: the browser cuts them from the text. One row
 * and no per-span object mapping, so 5,000 spans cost a few milliseconds instead of a hundred.
 */
export type EditorSpanRow = [string, string, number, number, number, number, number, string | null, string | null, string | null, string | null, Record<string, string | boolean>];

export async function listEditorSpans(db: Db, params: { projectId: string; documentId: string; ownerId: string }): Promise<EditorSpanRow[]> {
  const result = await db.execute(sql`
    select coalesce(json_agg(json_build_array(
             a.id, a.label_id, a.start_offset, a.end_offset, a.version,
             floor(extract(epoch from a.created_at) * 1000)::bigint,
             floor(extract(epoch from a.updated_at) * 1000)::bigint,
             a.created_by, a.note, a.entity_id, a.entity_type, a.attributes)
           order by a.start_offset, a.end_offset desc, a.id), '[]'::json)::text as spans
    from annotations a
    where a.document_id = ${params.documentId} and a.project_id = ${params.projectId}
      and a.deleted_at is null and a.layer = 'annotator' and a.owner_id = ${params.ownerId}
  `);
  const row = (result as unknown as { rows?: { spans: string }[] }).rows?.[0];
  return row ? (JSON.parse(row.spans) as EditorSpanRow[]) : [];
}
