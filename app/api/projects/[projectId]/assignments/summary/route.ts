import { withAuth } from "@/lib/http/handler";
import { getLibrarySummary } from "@/lib/server/library";

/** The library header: progress, each person's load, people and labels for the filters. documents.read. */
export const GET = withAuth(async ({ db, actor, params }) => getLibrarySummary(db, actor, params.projectId ?? ""));
