import { readJson, withAuth } from "@/lib/http/handler";
import { assignDocuments, getAssignmentMatrix, unassignDocuments } from "@/lib/server/assign";
import { libraryQueryFromParams } from "@/lib/validation/library";

/** Articles × people with assignment statuses, one library page at a time (assignments.manage). */
export const GET = withAuth(async ({ req, db, actor, params }) =>
  getAssignmentMatrix(db, actor, params.projectId ?? "", libraryQueryFromParams(new URL(req.url).searchParams)),
);

/**
 * Assign: `{ documentIds | filter, userIds }` by hand, or `{ documentIds | filter, userIds, perDocument: k }`
 * balanced (each article to k of these people). assignments.manage.
 */
export const POST = withAuth(async ({ req, db, actor, params }) => assignDocuments(db, actor, params.projectId ?? "", await readJson(req)));

/** Unassign: `{ documentIds, userIds, force? }`. assignments.manage. */
export const DELETE = withAuth(async ({ req, db, actor, params }) => unassignDocuments(db, actor, params.projectId ?? "", await readJson(req)));
