import "server-only";
import type { Db } from "@/db/connect";
import { insertAuditEvent } from "@/db/queries/audit";
import { lockProject, updateProjectSettings as updateSettingsRow } from "@/db/queries/project-settings";
import type { ProjectSettings } from "@/db/schema/projects";
import { authorizeProject, type Actor } from "@/lib/auth/guards";
import { fieldErrors } from "@/lib/validation/auth";
import { ZUpdateProjectSettingsRequest } from "@/lib/validation/members";
import { AppError } from "./errors";

/** The switches with their defaults filled in (stored settings may omit keys). */
export interface ProjectSettingsDto {
  annotatorsSeeEachOther: boolean;
  openDocuments: boolean;
}

export function toProjectSettingsDto(s: ProjectSettings): ProjectSettingsDto {
  return { annotatorsSeeEachOther: s.annotatorsSeeEachOther ?? false, openDocuments: s.openDocuments ?? false };
}

/** Changes some of the project's switches; the others keep their values. */
export async function updateProjectSettings(db: Db, actor: Actor, projectId: string, input: unknown): Promise<{ settings: ProjectSettingsDto }> {
  const ctx = await authorizeProject(db, actor, projectId, "project.update");
  const parsed = ZUpdateProjectSettingsRequest.safeParse(input);
  if (!parsed.success) throw new AppError("validation_failed", "Some settings need attention.", { fields: fieldErrors(parsed.error) });
  const changes = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)) as ProjectSettings;
  return db.transaction(async (tx) => {
    const before = (await lockProject(tx, ctx.project.id)) ?? {};
    if (Object.keys(changes).length === 0) return { settings: toProjectSettingsDto(before) };
    const after = await updateSettingsRow(tx, ctx.project.id, { ...before, ...changes });
    await insertAuditEvent(tx, {
      projectId: ctx.project.id,
      actorId: actor.userId,
      action: "project.settings_update",
      entityType: "project",
      entityId: ctx.project.id,
      before,
      after,
    });
    return { settings: toProjectSettingsDto(after) };
  });
}
