import "server-only";
import type { Db } from "@/db/connect";
import { insertAuditEvent } from "@/db/queries/audit";
import {
  countLabelAnnotations,
  deleteLabel,
  getLabel,
  insertLabels,
  listLabels,
  nextLabelPosition,
  setLabelPositions,
  updateLabel as updateLabelRow,
  type LabelRow,
} from "@/db/queries/labels";
import { lockProject } from "@/db/queries/project-settings";
import { authorizeProject, type Actor } from "@/lib/auth/guards";
import { fieldErrors } from "@/lib/validation/auth";
import {
  ZCreateLabelRequest,
  ZLabelDefinition,
  ZReorderLabelsRequest,
  ZUpdateLabelRequest,
  type TLabelDefinition,
} from "@/lib/validation/labels";
import { toLabelDto, type LabelDto } from "./dto";
import { AppError } from "./errors";

export interface LabelListDto {
  /** Labels offered for new spans, in their order. */
  labels: LabelDto[];
  /** Archived labels: their annotations stay (and are exported); they can be restored. */
  archived: LabelDto[];
}

export interface LabelUsageDto {
  /** Annotations (not deleted) that use the label. */
  annotations: number;
  /** Removing it archives it (some annotation, maybe a deleted one, refers to it) rather than deleting it. */
  willArchive: boolean;
}

export interface RemoveLabelResultDto {
  outcome: "archived" | "deleted";
  annotations: number;
  label: LabelDto;
}

function invalid(error: Parameters<typeof fieldErrors>[0]): AppError {
  return new AppError("validation_failed", "Some fields of the label need attention.", { fields: fieldErrors(error) });
}

function assertLabelId(labelId: string): void {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(labelId)) {
    throw new AppError("not_found", "This label does not exist in the project (it may have been deleted). Reload the page.");
  }
}

async function loadLabel(db: Db, projectId: string, labelId: string): Promise<LabelRow> {
  assertLabelId(labelId);
  const label = await getLabel(db, projectId, labelId);
  if (!label) throw new AppError("not_found", "This label does not exist in the project (it may have been deleted). Reload the page.");
  return label;
}

/** Names are unique (ignoring case) among the project's active labels, and so are hotkeys. */
function assertNoClash(active: LabelRow[], candidate: { name: string; hotkey: string | null }, selfId?: string): void {
  const others = active.filter((l) => l.id !== selfId);
  const sameName = others.find((l) => l.name.toLowerCase() === candidate.name.toLowerCase());
  if (sameName) {
    throw new AppError("conflict", `A label named "${sameName.name}" already exists. Pick another name.`, {
      fields: { name: [`A label named "${sameName.name}" already exists.`] },
    });
  }
  if (candidate.hotkey) {
    const sameKey = others.find((l) => l.hotkey === candidate.hotkey);
    if (sameKey) {
      throw new AppError("conflict", `Hotkey ${candidate.hotkey} is already used by "${sameKey.name}". Pick another key, or clear it on "${sameKey.name}" first.`, {
        fields: { hotkey: [`Hotkey ${candidate.hotkey} is already used by "${sameKey.name}".`] },
      });
    }
  }
}

function definitionOf(l: LabelRow): TLabelDefinition {
  return {
    name: l.name,
    kind: l.kind,
    color: l.color,
    hotkey: (l.hotkey as TLabelDefinition["hotkey"]) ?? null,
    entityTypes: l.entityTypes,
    attributes: l.attributes,
    relationTypes: l.relationTypes,
    overlapPolicy: l.overlapPolicy,
  };
}

/** The fields that differ, before and after (for the audit log). */
function diff(before: TLabelDefinition, after: TLabelDefinition): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof TLabelDefinition)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a };
}

/** The project's labels: active ones in order, archived ones apart. Every member may read them. */
export async function listProjectLabels(db: Db, actor: Actor, projectId: string): Promise<LabelListDto> {
  const ctx = await authorizeProject(db, actor, projectId, "project.read");
  const rows = await listLabels(db, ctx.project.id, { includeArchived: true });
  return {
    labels: rows.filter((l) => l.archivedAt === null).map(toLabelDto),
    archived: rows.filter((l) => l.archivedAt !== null).map(toLabelDto),
  };
}

/** Adds a label at the end of the list. */
export async function createLabel(db: Db, actor: Actor, projectId: string, input: unknown): Promise<LabelDto> {
  const ctx = await authorizeProject(db, actor, projectId, "labels.manage");
  const parsed = ZCreateLabelRequest.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error);
  const def = parsed.data;
  return db.transaction(async (tx) => {
    await lockProject(tx, ctx.project.id);
    assertNoClash(await listLabels(tx, ctx.project.id), def);
    const [row] = await insertLabels(tx, [{ projectId: ctx.project.id, ...def, position: await nextLabelPosition(tx, ctx.project.id) }]);
    if (!row) throw new Error("insert into labels returned no row");
    await insertAuditEvent(tx, {
      projectId: ctx.project.id,
      actorId: actor.userId,
      action: "label.create",
      entityType: "label",
      entityId: row.id,
      after: def,
    });
    return toLabelDto(row);
  });
}

/**
 * Changes some fields of a label. Annotations refer to labels by id, so a rename keeps them all.
 * `archived: false` restores an archived label (at the end of the list, without a hotkey unless one
 * is given); an archived label must be restored before it can be edited.
 */
export async function updateLabel(db: Db, actor: Actor, projectId: string, labelId: string, input: unknown): Promise<LabelDto> {
  const ctx = await authorizeProject(db, actor, projectId, "labels.manage");
  const parsed = ZUpdateLabelRequest.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error);
  const { archived, ...given } = parsed.data;
  // Only the fields the request names: an absent field keeps its stored value.
  const changes = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
  const restoring = archived === false;
  return db.transaction(async (tx) => {
    await lockProject(tx, ctx.project.id);
    const label = await loadLabel(tx, ctx.project.id, labelId);
    const isArchived = label.archivedAt !== null;
    if (isArchived && !restoring) {
      throw new AppError("conflict", `"${label.name}" is archived. Restore it before editing it.`);
    }
    const before = definitionOf(label);
    const merged = ZLabelDefinition.safeParse({ ...before, ...changes });
    if (!merged.success) throw invalid(merged.error);
    const after = merged.data;
    assertNoClash(await listLabels(tx, ctx.project.id), after, label.id);
    const restoreFields = isArchived && restoring ? { archivedAt: null, position: await nextLabelPosition(tx, ctx.project.id) } : {};
    const changed = diff(before, after);
    if (Object.keys(changed.after).length === 0 && !(isArchived && restoring)) return toLabelDto(label);
    const row = await updateLabelRow(tx, ctx.project.id, label.id, { ...after, ...restoreFields });
    await insertAuditEvent(tx, {
      projectId: ctx.project.id,
      actorId: actor.userId,
      action: isArchived && restoring ? "label.restore" : "label.update",
      entityType: "label",
      entityId: label.id,
      before: changed.before,
      after: changed.after,
    });
    return toLabelDto(row);
  });
}

/** How many annotations use the label (what the remove dialog says before archiving). */
export async function getLabelUsage(db: Db, actor: Actor, projectId: string, labelId: string): Promise<LabelUsageDto> {
  const ctx = await authorizeProject(db, actor, projectId, "labels.manage");
  const label = await loadLabel(db, ctx.project.id, labelId);
  const counts = await countLabelAnnotations(db, ctx.project.id, label.id);
  return { annotations: counts.live, willArchive: counts.all > 0 };
}

/**
 * Removes a label: one that annotations refer to is ARCHIVED (they stay and are still exported, and
 * its hotkey is freed); an unused one is deleted. Decided inside the transaction, so an annotation
 * made a moment before is never orphaned.
 */
export async function removeLabel(db: Db, actor: Actor, projectId: string, labelId: string): Promise<RemoveLabelResultDto> {
  const ctx = await authorizeProject(db, actor, projectId, "labels.manage");
  return db.transaction(async (tx) => {
    await lockProject(tx, ctx.project.id);
    const label = await loadLabel(tx, ctx.project.id, labelId);
    if (label.archivedAt !== null) throw new AppError("conflict", `"${label.name}" is already archived.`);
    const counts = await countLabelAnnotations(tx, ctx.project.id, label.id);
    if (counts.all > 0) {
      const row = await updateLabelRow(tx, ctx.project.id, label.id, { archivedAt: new Date(), hotkey: null });
      await insertAuditEvent(tx, {
        projectId: ctx.project.id,
        actorId: actor.userId,
        action: "label.archive",
        entityType: "label",
        entityId: label.id,
        before: { name: label.name, hotkey: label.hotkey },
        after: { archived: true, annotations: counts.live },
      });
      console.info(`[labels] ${actor.userId} archived label ${label.id} (${counts.live} annotations) in project ${ctx.project.id}`);
      return { outcome: "archived", annotations: counts.live, label: toLabelDto(row) };
    }
    await deleteLabel(tx, ctx.project.id, label.id);
    await insertAuditEvent(tx, {
      projectId: ctx.project.id,
      actorId: actor.userId,
      action: "label.delete",
      entityType: "label",
      entityId: label.id,
      before: definitionOf(label),
    });
    console.info(`[labels] ${actor.userId} deleted unused label ${label.id} in project ${ctx.project.id}`);
    return { outcome: "deleted", annotations: 0, label: toLabelDto(label) };
  });
}

/** New order of the active labels: `ids` must list each of them exactly once. */
export async function reorderLabels(db: Db, actor: Actor, projectId: string, input: unknown): Promise<LabelListDto> {
  const ctx = await authorizeProject(db, actor, projectId, "labels.manage");
  const parsed = ZReorderLabelsRequest.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error);
  const { ids } = parsed.data;
  return db.transaction(async (tx) => {
    await lockProject(tx, ctx.project.id);
    const active = await listLabels(tx, ctx.project.id);
    const activeIds = new Set(active.map((l) => l.id));
    if (new Set(ids).size !== ids.length || ids.length !== activeIds.size || !ids.every((id) => activeIds.has(id))) {
      throw new AppError(
        "validation_failed",
        "The new order must list every active label of the project exactly once. Someone may have changed the labels; reload and try again.",
        { fields: { ids: ["List every active label exactly once."] } },
      );
    }
    const beforeIds = active.map((l) => l.id);
    if (beforeIds.join() !== ids.join()) {
      await setLabelPositions(tx, ctx.project.id, ids);
      await insertAuditEvent(tx, {
        projectId: ctx.project.id,
        actorId: actor.userId,
        action: "label.reorder",
        entityType: "project",
        entityId: ctx.project.id,
        before: { order: beforeIds },
        after: { order: ids },
      });
    }
    const rows = await listLabels(tx, ctx.project.id, { includeArchived: true });
    return {
      labels: rows.filter((l) => l.archivedAt === null).map(toLabelDto),
      archived: rows.filter((l) => l.archivedAt !== null).map(toLabelDto),
    };
  });
}
