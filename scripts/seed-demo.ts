/**
 * `npm run seed:demo`: demo users and a demo project with a few short sample articles, on the database
 * the app uses. Idempotent: existing demo users and the demo project are left as they are. There are no
 * default passwords: each new demo user gets a random one, printed once here (or SEED_PASSWORD for all).
 * Stop the app first when it runs on the embedded database (one process per PGlite folder).
 */
import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { insertAuditEvent } from "../db/queries/audit";
import { insertDocuments } from "../db/queries/documents";
import { insertLabels } from "../db/queries/labels";
import { getProjectByIdOrSlug, insertMember, insertProject } from "../db/queries/projects";
import { getUserByEmail, insertUser } from "../db/queries/users";
import { projectMembers } from "../db/schema";
import type { ProjectRole } from "../db/schema/projects";
import { DEMO_ARTICLES } from "../db/seed/demo-articles";
import { codePointLength } from "../lib/annotation/offsets";
import { hashPassword } from "../lib/auth/password";
import { contentHash } from "../lib/import/hash";
import { normalizeNewlines } from "../lib/import/normalize";
import { defaultLabels } from "../lib/server/default-labels";
import { openCliConnection } from "./lib/db-cli";

const DEMO_SLUG = "demo-harbour-city";
const DEMO_USERS: { email: string; name: string; role: ProjectRole }[] = [
  { email: "demo-manager@spanlab.local", name: "Dana Manager", role: "manager" },
  { email: "demo-annotator1@spanlab.local", name: "Ari Annotator", role: "annotator" },
  { email: "demo-annotator2@spanlab.local", name: "Bea Annotator", role: "annotator" },
  { email: "demo-reviewer@spanlab.local", name: "Rui Reviewer", role: "reviewer" },
];

const conn = await openCliConnection();
const db = conn.db;
const created: { email: string; password: string }[] = [];
const users: { id: string; role: ProjectRole; email: string }[] = [];

for (const u of DEMO_USERS) {
  let row = await getUserByEmail(db, u.email);
  if (!row) {
    const password = process.env.SEED_PASSWORD ?? crypto.randomBytes(9).toString("base64url");
    row = await insertUser(db, { email: u.email, name: u.name, passwordHash: await hashPassword(password) });
    created.push({ email: u.email, password });
  }
  users.push({ id: row.id, role: u.role, email: u.email });
}

let project = await getProjectByIdOrSlug(db, DEMO_SLUG);
if (project) {
  console.log(`Demo project already exists: ${project.name} (${project.slug}).`);
} else {
  const manager = users[0]!;
  project = await db.transaction(async (tx) => {
    const p = await insertProject(tx, {
      slug: DEMO_SLUG,
      name: "Demo: Harbour City newsroom",
      description: "Claims, quotes and entities in a few short fictional local-news articles.",
      createdBy: manager.id,
    });
    // The first demo user owns the project; the rest join with their roles.
    await insertMember(tx, { projectId: p.id, userId: manager.id, role: "owner" });
    for (const u of users.slice(1)) await insertMember(tx, { projectId: p.id, userId: u.id, role: u.role });
    await insertLabels(tx, defaultLabels(p.id));
    await insertDocuments(
      tx,
      DEMO_ARTICLES.map((a) => {
        const text = normalizeNewlines(a.text);
        return { projectId: p.id, title: a.title, text, length: codePointLength(text), sourceUrl: a.sourceUrl, meta: a.meta, contentHash: contentHash(text), createdBy: manager.id };
      }),
    );
    await insertAuditEvent(tx, { projectId: p.id, actorId: manager.id, action: "project.seed_demo", entityType: "project", entityId: p.id, after: { documents: DEMO_ARTICLES.length } });
    return p;
  });
  console.log(`Created the demo project "${project.name}" (${project.slug}) with ${DEMO_ARTICLES.length} articles.`);
}

// Members added by an earlier run stay; report who is in the project.
const members = await db.select().from(projectMembers).where(eq(projectMembers.projectId, project.id));
console.log(`Members: ${members.length}`);
if (created.length > 0) {
  console.log("\nNew demo accounts (passwords are shown only now):");
  for (const c of created) console.log(`  ${c.email.padEnd(32)} ${c.password}`);
} else {
  console.log("Demo accounts already existed; their passwords are unchanged.");
}
console.log("\nOwner of the demo project: demo-manager@spanlab.local");
await conn.close();
