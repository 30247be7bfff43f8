import { withProjectAuth } from "@/lib/http/handler";
import { getLabelUsage } from "@/lib/server/labels";

/** `{ annotations, willArchive }`: what removing the label would do. */
export const GET = withProjectAuth("labels.manage", async ({ db, actor, project, params }) => getLabelUsage(db, actor, project.id, params.labelId ?? ""));
