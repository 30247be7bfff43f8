import { readJson, withProjectAuth } from "@/lib/http/handler";
import { updateProjectSettings } from "@/lib/server/project-settings";

/** `{ annotatorsSeeEachOther?, openDocuments? }` → `{ settings }`. */
export const PATCH = withProjectAuth("project.update", async ({ req, db, actor, project }) => updateProjectSettings(db, actor, project.id, await readJson(req)));
