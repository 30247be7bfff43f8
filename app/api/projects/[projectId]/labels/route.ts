import { NextResponse } from "next/server";
import { readJson, withProjectAuth } from "@/lib/http/handler";
import { createLabel, listProjectLabels } from "@/lib/server/labels";

/** `{ labels, archived }`: the label schema, for every member. */
export const GET = withProjectAuth("project.read", async ({ db, actor, project }) => listProjectLabels(db, actor, project.id));

export const POST = withProjectAuth("labels.manage", async ({ req, db, actor, project }) =>
  NextResponse.json({ label: await createLabel(db, actor, project.id, await readJson(req)) }, { status: 201 }),
);
