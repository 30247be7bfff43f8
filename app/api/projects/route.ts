import { NextResponse } from "next/server";
import { readJson, withAuth } from "@/lib/http/handler";
import { createProject, listMyProjects } from "@/lib/server/projects";

/** My projects (only those I am a member of). */
export const GET = withAuth(async ({ db, actor }) => ({ projects: await listMyProjects(db, actor) }));

/** Create a project with the default label schema; I become its owner. */
export const POST = withAuth(async ({ req, db, actor }) => {
  const project = await createProject(db, actor, await readJson(req));
  return NextResponse.json({ project }, { status: 201 });
});
