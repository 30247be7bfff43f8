import "server-only";
import type { Db } from "@/db/connect";
import { getAssignment } from "@/db/queries/assignments";
import { authorizeProject, type Actor } from "@/lib/auth/guards";
import type { AssignmentDto } from "./annotation-dto";
import { toAssignmentDto } from "./annotations-shared";

/** The signed-in person's assignment on a document (for the editor's status), or null when there is none. */
export async function getMyAssignment(db: Db, actor: Actor, projectId: string, documentId: string): Promise<AssignmentDto | null> {
  const ctx = await authorizeProject(db, actor, projectId, "documents.read");
  const row = await getAssignment(db, { projectId: ctx.project.id, documentId, userId: actor.userId });
  return row ? toAssignmentDto(row) : null;
}
