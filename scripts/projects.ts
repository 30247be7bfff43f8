/** `npm run projects`: lists every project with its id and slug (for `npm run import` / `npm run export`). */
import { listAllProjects } from "../db/queries/projects";
import { openCliConnection } from "./lib/db-cli";

const conn = await openCliConnection();
const rows = await listAllProjects(conn.db);
if (rows.length === 0) {
  console.log("No projects yet. Create one in the app (npm start) or run `npm run seed:demo`.");
} else {
  const w = Math.max(4, ...rows.map((r) => r.slug.length));
  console.log(`${"id".padEnd(36)}  ${"slug".padEnd(w)}  articles  name`);
  for (const r of rows) console.log(`${r.id}  ${r.slug.padEnd(w)}  ${String(r.documentCount).padStart(8)}  ${r.name}`);
}
await conn.close();
