import "server-only";
import type { Db } from "@/db/connect";
import { documentExists, listDocumentAnnotations, type AnnotationScope } from "@/db/queries/annotations";
import { getEntitiesByIds } from "@/db/queries/entities";
import { listDocumentRelations } from "@/db/queries/relations";
import { authorizeProject, type Actor, type ProjectContext } from "@/lib/auth/guards";
import { hasPermission } from "@/lib/auth/permissions";
import type { AnnotationLayerResponse } from "./annotation-dto";
import { DOCUMENT_NOT_FOUND, requireId, toAnnotationDtoWithOwner, toEntityDto, toRelationDto } from "./annotations-shared";
import { AppError } from "./errors";

const USER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `?layer=` → which spans; 422 for anything else. */
export function parseLayerParam(layer: string | null | undefined, actor: Actor): AnnotationScope {
  const value = (layer ?? "").trim() || "mine";
  if (value === "mine") return { kind: "owner", ownerId: actor.userId };
  if (value === "gold") return { kind: "gold" };
  if (value === "all") return { kind: "all" };
  if (USER_ID.test(value)) return { kind: "owner", ownerId: value.toLowerCase() };
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

  const rows = await listDocumentAnnotations(db, { projectId: pid, documentId: docId, scope });
  const ids = new Set(rows.map((r) => r.id));
  const relations = rows.length ? (await listDocumentRelations(db, { projectId: pid, documentId: docId })).filter((r) => ids.has(r.fromId) && ids.has(r.toId)) : [];
  const entityIds = [...new Set(rows.flatMap((r) => (r.entityId ? [r.entityId] : [])))];
  const entities = await getEntitiesByIds(db, pid, entityIds);
  return {
    annotations: rows.map(toAnnotationDtoWithOwner),
    relations: relations.map(toRelationDto),
    entities: entities.map(toEntityDto),
  };
}
