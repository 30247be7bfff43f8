import { withProjectAuth } from "@/lib/http/handler";
import { listProjectMembers } from "@/lib/server/members";

/** Members, and pending invites for those who manage members. */
export const GET = withProjectAuth("members.read", async ({ db, actor, project }) => listProjectMembers(db, actor, project.id));
