import { readJson, withProjectAuth } from "@/lib/http/handler";
import { acceptAgreedIntoGold } from "@/lib/server/gold";

/** Accepts every agreed span into gold in one transaction: body { annotatorIds? }. */
export const POST = withProjectAuth("gold.write", async ({ req, db, actor, project, params }) =>
  acceptAgreedIntoGold(db, actor, project.id, params.documentId ?? "", await readJson(req)),
);
