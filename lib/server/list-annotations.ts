import "server-only";
import type { Db } from "@/db/connect";
import { documentExists, listDocumentAnnotations, listEditorSpans, type AnnotationScope } from "@/db/queries/annotations";
import { getEntitiesByIds } from "@/db/queries/entities";
import { listDocumentRelations } from "@/db/queries/relations";
import { authorizeProject, type Actor, type ProjectContext } from "@/lib/auth/guards";
import { hasPermission } from "@/lib/auth/permissions";
import type { EditorLayerWire, WireSpan } from "@/lib/api-client/editor-layer-wire";
import type { AnnotationLayerResponse, AssignmentDto } from "./annotation-dto";
import { DOCUMENT_NOT_FOUND, requireId, toAnnotationDtoWithOwner, toEntityDto, toRelationDto } from "./annotations-shared";
import { AppError } from "./errors";
import { UUID_PATTERN } from "@/lib/validation/ids";


/** `?layer=` → which spans; 422 for anything else. */
export function parseLayerParam(layer: string | null | undefined, actor: Actor): AnnotationScope {
  const value = (layer ?? "").trim() || "mine";
  if (value === "mine") return { kind: "owner", ownerId: actor.userId };
  if (value === "gold") return { kind: "gold" };
  if (value === "all") return { kind: "all" };
  if (UUID_PATTERN.test(value)) return { kind: "owner", ownerId: value.toLowerCase() };
  throw new AppError("validation_failed", `Unknown layer ${JSON.stringify(value)}: use mine, gold, all, or a member's user id.`, {
    fields: { layer: ["Use mine, gold, all, or a user id."] },
    details: { code: "invalid_layer" },
  });
}

/**
 * Who may read what: everyone reads their own layer; other people's layers and gold need
 * `annotations.readAll` (reviewers, managers, owners), or the project setting
 * `annotatorsSeeEachOther`.
 */
export function canReadScope(ctx: ProjectContext, scope: AnnotationScope): boolean {
  if (scope.kind === "owner" && scope.ownerId === ctx.actor.userId) return true;
  return hasPermission(ctx.role, "annotations.readAll") || ctx.project.settings.annotatorsSeeEachOther === true;
}

/**
 * A document's spans in one layer (or all), with the relations among them and the entities they
 * link to: GET /api/projects/:projectId/documents/:documentId/annotations?layer=mine|gold|all|<userId>.
 * One query per table (annotations with owner names, relations, entities); fast for thousands of spans.
 */
export async function listAnnotations(
  db: Db,
  actor: Actor,
  projectId: string,
  documentId: string,
  layer?: string | null,
): Promise<AnnotationLayerResponse> {
  const ctx = await authorizeProject(db, actor, projectId, "documents.read");
  const scope = parseLayerParam(layer, actor);
  if (!canReadScope(ctx, scope)) {
    throw new AppError(
      "forbidden",
      "In this project you see only your own layer: other annotators' spans and gold need a reviewer role, or the project setting that lets annotators see each other.",
    );
  }
  const docId = requireId(documentId, DOCUMENT_NOT_FOUND);
  const pid = ctx.project.id;
  if (!(await documentExists(db, pid, docId))) throw new AppError("not_found", DOCUMENT_NOT_FOUND);

  const [rows, allRelations] = await Promise.all([
    listDocumentAnnotations(db, { projectId: pid, documentId: docId, scope }),
    listDocumentRelations(db, { projectId: pid, documentId: docId }),
  ]);
  const ids = new Set(rows.map((r) => r.id));
  const relations = allRelations.filter((r) => ids.has(r.fromId) && ids.has(r.toId));
  const entityIds = [...new Set(rows.flatMap((r) => (r.entityId ? [r.entityId] : [])))];
  const entities = await getEntitiesByIds(db, pid, entityIds);
  return {
    annotations: rows.map(toAnnotationDtoWithOwner),
    relations: relations.map(toRelationDto),
    entities: entities.map(toEntityDto),
  };
}

/**
 * The editor's first load of MY layer, compact (lib/api-client/editor-layer-wire.ts): what the
 * document page embeds. The same spans, relations and entities as listAnnotations(…, "mine"),
 * with the span rows built by the database.
 */
export async function getEditorLayerWire(db: Db, actor: Actor, projectId: string, documentId: string, assignment: AssignmentDto | null): Promise<EditorLayerWire> {
  const ctx = await authorizeProject(db, actor, projectId, "documents.read");
  const docId = requireId(documentId, DOCUMENT_NOT_FOUND);
  const pid = ctx.project.id;
  if (!(await documentExists(db, pid, docId))) throw new AppError("not_found", DOCUMENT_NOT_FOUND);
  const [rows, allRelations] = await Promise.all([
    listEditorSpans(db, { projectId: pid, documentId: docId, ownerId: actor.userId }),
    listDocumentRelations(db, { projectId: pid, documentId: docId }),
  ]);
  const labels: string[] = [];
  const labelAt = new Map<string, number>();
  const creators: string[] = [];
  const creatorAt = new Map<string, number>();
  const spans: WireSpan[] = rows.map(([id, labelId, start, end, version, createdMs, updatedMs, createdBy, note, entityId, entityType, attributes]) => {
    let l = labelAt.get(labelId);
    if (l === undefined) {
      l = labels.push(labelId) - 1;
      labelAt.set(labelId, l);
    }
    let c = -1;
    if (createdBy !== null) {
      c = creatorAt.get(createdBy) ?? -1;
      if (c < 0) {
        c = creators.push(createdBy) - 1;
        creatorAt.set(createdBy, c);
      }
    }
    return [id, l, 0, start, end, version, Number(createdMs), Number(updatedMs), c, note, entityId, entityType, Object.keys(attributes ?? {}).length ? attributes : null];
  });
  const ids = new Set(rows.map((r) => r[0]));
  const relations = allRelations.filter((r) => ids.has(r.fromId) && ids.has(r.toId));
  const entityIds = [...new Set(rows.flatMap((r) => (r[9] ? [r[9]] : [])))];
  const entities = await getEntitiesByIds(db, pid, entityIds);
  return {
    v: 1,
    documentId: docId,
    labels,
    owners: [{ id: actor.userId, name: actor.name, layer: "annotator" }],
    creators,
    spans,
    relations: relations.filter((r) => r.deletedAt === null).map(toRelationDto),
    entities: entities.map(toEntityDto),
    assignment,
  };
}
