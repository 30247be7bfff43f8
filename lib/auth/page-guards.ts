import "server-only";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { isAppError } from "@/lib/server/errors";
import { authorizeProject, type ProjectContext } from "./guards";
import type { Permission } from "./permissions";
import { requireActor } from "./session";

/**
 * For server pages under /projects/[projectId]: the signed-in member's project context, a redirect to
 * sign-in without a session, and the not-found page for non-members. A member whose role lacks the
 * permission gets a 403 page (`forbidden()` is experimental in Next 16, so we render our own).
 */
export async function loadProjectPage(
  projectId: string,
  permission: Permission,
  callbackPath: string,
): Promise<{ ok: true; ctx: ProjectContext } | { ok: false; reason: "forbidden"; message: string }> {
  const actor = await requireActor(callbackPath);
  try {
    const ctx = await authorizeProject(getDb(), actor, projectId, "project.read");
    if (permission !== "project.read") {
      try {
        await authorizeProject(getDb(), actor, projectId, permission);
      } catch (err) {
        if (isAppError(err) && err.code === "forbidden") return { ok: false, reason: "forbidden", message: err.message };
        throw err;
      }
    }
    return { ok: true, ctx };
  } catch (err) {
    if (isAppError(err) && (err.code === "forbidden" || err.code === "not_found")) notFound();
    throw err;
  }
}
