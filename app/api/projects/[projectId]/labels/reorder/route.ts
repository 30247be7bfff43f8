import { readJson, withProjectAuth } from "@/lib/http/handler";
import { reorderLabels } from "@/lib/server/labels";

/** `{ ids }`: every active label's id in the new order. */
export const POST = withProjectAuth("labels.manage", async ({ req, db, actor, project }) => reorderLabels(db, actor, project.id, await readJson(req)));
