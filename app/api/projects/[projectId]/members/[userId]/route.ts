import { readJson, withProjectAuth } from "@/lib/http/handler";
import { changeMemberRole, removeMember } from "@/lib/server/members";

/** `{ role }`: change a member's role. */
export const PATCH = withProjectAuth("members.manage", async ({ req, db, actor, project, params }) => ({
  member: await changeMemberRole(db, actor, project.id, params.userId ?? "", await readJson(req)),
}));

export const DELETE = withProjectAuth("members.manage", async ({ db, actor, project, params }) => removeMember(db, actor, project.id, params.userId ?? ""));
