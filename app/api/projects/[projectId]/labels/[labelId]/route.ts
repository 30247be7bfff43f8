import { readJson, withProjectAuth } from "@/lib/http/handler";
import { removeLabel, updateLabel } from "@/lib/server/labels";

/** Any subset of the label's fields; `{ archived: false }` restores an archived label. */
export const PATCH = withProjectAuth("labels.manage", async ({ req, db, actor, project, params }) => ({
  label: await updateLabel(db, actor, project.id, params.labelId ?? "", await readJson(req)),
}));

/** Archives a label that annotations use; deletes an unused one. */
export const DELETE = withProjectAuth("labels.manage", async ({ db, actor, project, params }) => removeLabel(db, actor, project.id, params.labelId ?? ""));
