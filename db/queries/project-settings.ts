import { eq } from "drizzle-orm";
import type { Db } from "../connect";
import { projects, type ProjectSettings } from "../schema";

/** Replaces the project's settings object; returns the stored settings. */
export async function updateProjectSettings(db: Db, projectId: string, settings: ProjectSettings): Promise<ProjectSettings> {
  const [row] = await db
    .update(projects)
    .set({ settings, updatedAt: new Date() })
    .where(eq(projects.id, projectId))
    .returning({ settings: projects.settings });
  if (!row) throw new Error(`project ${projectId} vanished while its settings were saved`);
  return row.settings;
}

/** Locks the project row until the transaction ends (serialises schema edits of one project). */
export async function lockProject(db: Db, projectId: string): Promise<ProjectSettings | undefined> {
  const [row] = await db.select({ settings: projects.settings }).from(projects).where(eq(projects.id, projectId)).for("update");
  return row?.settings;
}
