import { withAuth } from "@/lib/http/handler";
import { getProjectOverview } from "@/lib/server/projects";

/** One project with its labels and my permissions; 403 unless I am a member. */
export const GET = withAuth(async ({ db, actor, params }) => getProjectOverview(db, actor, params.projectId ?? ""));
