import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import type { Db } from "@/db/connect";
import { resultRows } from "@/db/queries/imports";
import { insertMember } from "@/db/queries/projects";
import type { Actor } from "@/lib/auth/guards";
import { describeWithDb } from "@/test/db";
import { createTestUser } from "@/test/factories";
import { assignDocuments, getAssignmentMatrix, unassignDocuments } from "./assign";
import { importDocuments } from "./import-documents";
import { listLibrary } from "./library";
import { createProject } from "./projects";

const utf8 = (s: string) => new TextEncoder().encode(s);

async function pairs(db: Db, projectId: string): Promise<{ documentId: string; userId: string }[]> {
  return resultRows(await db.execute(sql`select document_id as "documentId", user_id as "userId" from assignments where project_id = ${projectId}::uuid`));
}

async function auditCount(db: Db, projectId: string, action: string): Promise<number> {
  const r = resultRows<{ n: number }>(await db.execute(sql`select count(*)::int as n from audit_events where project_id = ${projectId}::uuid and action = ${action}`));
  return Number(r[0]?.n ?? 0);
}

describeWithDb("assignment", ({ db }) => {
  let owner: Actor;
  let a: Actor;
  let b: Actor;
  let c: Actor;
  let outsider: Actor;

  beforeAll(async () => {
    owner = await createTestUser(db(), "Oona Owner");
    a = await createTestUser(db(), "Alma A");
    b = await createTestUser(db(), "Bea B");
    c = await createTestUser(db(), "Cai C");
    outsider = await createTestUser(db(), "Xavier Outsider");
  });

  async function project(articles: number): Promise<{ id: string; docIds: string[] }> {
    const p = await createProject(db(), owner, { name: "Assign test" });
    await insertMember(db(), { projectId: p.id, userId: a.userId, role: "annotator" });
    await insertMember(db(), { projectId: p.id, userId: b.userId, role: "annotator" });
    await insertMember(db(), { projectId: p.id, userId: c.userId, role: "reviewer" });
    const bytes = utf8(Array.from({ length: articles }, (_, i) => JSON.stringify({ text: `Assignable article ${i + 1}.` })).join("\n"));
    await importDocuments(db(), owner, p.id, { filename: "a.jsonl", declaredSize: bytes.length, chunks: [bytes], options: { duplicates: "skip" } });
    const page = await listLibrary(db(), owner, p.id, { limit: 200 });
    return { id: p.id, docIds: page.items.map((i) => i.id) };
  }

  it("balances overlap 2 over three people: every article twice, by two different people, shares within 1", async () => {
    const p = await project(31);
    const result = await assignDocuments(db(), owner, p.id, { documentIds: p.docIds, userIds: [a.userId, b.userId, c.userId], perDocument: 2 });
    expect(result.created).toBe(62);
    const rows = await pairs(db(), p.id);
    expect(rows).toHaveLength(62);
    const perDoc = new Map<string, Set<string>>();
    for (const r of rows) perDoc.set(r.documentId, (perDoc.get(r.documentId) ?? new Set()).add(r.userId));
    expect([...perDoc.values()].every((s) => s.size === 2)).toBe(true);
    const shares = [a, b, c].map((u) => rows.filter((r) => r.userId === u.userId).length);
    expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
    expect(result.perUser.map((u) => u.created).sort()).toEqual([...shares].sort());
    expect(await auditCount(db(), p.id, "assignments.create")).toBe(1);
  });

  it("skips existing assignments and counts them toward k", async () => {
    const p = await project(4);
    await assignDocuments(db(), owner, p.id, { documentIds: p.docIds.slice(0, 2), userIds: [a.userId] });
    const result = await assignDocuments(db(), owner, p.id, { documentIds: p.docIds, userIds: [a.userId, b.userId], perDocument: 2 });
    expect(result.created).toBe(6);
    expect(result.alreadyAssigned).toBe(2);
    expect(await pairs(db(), p.id)).toHaveLength(8);
  });

  it("assigns by hand, and every article matching a filter", async () => {
    const p = await project(6);
    const manual = await assignDocuments(db(), owner, p.id, { documentIds: p.docIds.slice(0, 2), userIds: [a.userId, b.userId] });
    expect(manual).toMatchObject({ created: 4, alreadyAssigned: 0, documents: 2 });
    const unassigned = await assignDocuments(db(), owner, p.id, { filter: { assignee: "none" }, userIds: [c.userId], perDocument: 1 });
    expect(unassigned).toMatchObject({ created: 4, documents: 4 });
  });

  it("refuses k above the number of people with a 422 that says what to do, writing nothing", async () => {
    const p = await project(3);
    const err = await assignDocuments(db(), owner, p.id, { documentIds: p.docIds, userIds: [a.userId, b.userId], perDocument: 3 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 422 });
    expect((err as Error).message).toMatch(/only 2 people were picked/);
    expect(await pairs(db(), p.id)).toHaveLength(0);
    expect(await auditCount(db(), p.id, "assignments.create")).toBe(0);
  });

  it("refuses people who are not members and articles of another project", async () => {
    const p = await project(2);
    const other = await project(1);
    await expect(assignDocuments(db(), owner, p.id, { documentIds: p.docIds, userIds: [outsider.userId] })).rejects.toMatchObject({ status: 422 });
    await expect(assignDocuments(db(), owner, p.id, { documentIds: other.docIds, userIds: [a.userId] })).rejects.toMatchObject({ status: 422 });
    expect(await pairs(db(), p.id)).toHaveLength(0);
  });

  it("does not let an annotator or a reviewer assign (403)", async () => {
    const p = await project(1);
    await expect(assignDocuments(db(), a, p.id, { documentIds: p.docIds, userIds: [a.userId] })).rejects.toMatchObject({ status: 403 });
    await expect(assignDocuments(db(), c, p.id, { documentIds: p.docIds, userIds: [a.userId] })).rejects.toMatchObject({ status: 403 });
    await expect(unassignDocuments(db(), a, p.id, { documentIds: p.docIds, userIds: [a.userId] })).rejects.toMatchObject({ status: 403 });
    expect(await pairs(db(), p.id)).toHaveLength(0);
  });

  it("unassigns, refusing submitted work unless forced", async () => {
    const p = await project(2);
    await assignDocuments(db(), owner, p.id, { documentIds: p.docIds, userIds: [a.userId, b.userId] });
    await db().execute(sql`update assignments set status = 'submitted' where document_id = ${p.docIds[0]}::uuid and user_id = ${a.userId}::uuid`);
    await expect(unassignDocuments(db(), owner, p.id, { documentIds: p.docIds, userIds: [a.userId] })).rejects.toMatchObject({ status: 409 });
    expect(await pairs(db(), p.id)).toHaveLength(4);
    expect(await unassignDocuments(db(), owner, p.id, { documentIds: p.docIds, userIds: [b.userId] })).toEqual({ removed: 2 });
    expect(await unassignDocuments(db(), owner, p.id, { documentIds: p.docIds, userIds: [a.userId], force: true })).toEqual({ removed: 2 });
    expect(await pairs(db(), p.id)).toHaveLength(0);
    expect(await auditCount(db(), p.id, "assignments.delete")).toBe(2);
  });

  it("shows the matrix of articles × people", async () => {
    const p = await project(3);
    await assignDocuments(db(), owner, p.id, { documentIds: [p.docIds[1]!], userIds: [b.userId] });
    const m = await getAssignmentMatrix(db(), owner, p.id, {});
    expect(m.total).toBe(3);
    expect(m.people.map((x) => x.name)).toEqual(["Alma A", "Bea B", "Cai C", "Oona Owner"]);
    expect(m.rows.map((r) => r.cells)).toEqual([{}, { [b.userId]: "assigned" }, {}]);
    await expect(getAssignmentMatrix(db(), a, p.id, {})).rejects.toMatchObject({ status: 403 });
  });
});
