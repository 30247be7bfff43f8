import { withProjectAuth } from "@/lib/http/handler";
import { revokeInvite } from "@/lib/server/invites";

/** Revokes a pending invite. */
export const DELETE = withProjectAuth("members.manage", async ({ db, actor, project, params }) => revokeInvite(db, actor, project.id, params.inviteId ?? ""));
