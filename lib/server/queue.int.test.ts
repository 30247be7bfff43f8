import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { insertMember } from "@/db/queries/projects";
import type { Actor } from "@/lib/auth/guards";
import { describeWithDb } from "@/test/db";
import { createTestUser } from "@/test/factories";
import { assignDocuments } from "./assign";
import { importDocuments } from "./import-documents";
import { listLibrary } from "./library";
import { createProject } from "./projects";
import { getMyQueue, getQueueNeighbors } from "./queue";

const utf8 = (s: string) => new TextEncoder().encode(s);

describeWithDb("my queue", ({ db }) => {
  let owner: Actor;
  let ann: Actor;
  let other: Actor;
  let projectId: string;
  let ids: string[];

  beforeAll(async () => {
    owner = await createTestUser(db(), "Queue Owner");
    ann = await createTestUser(db(), "Queue Annotator");
    other = await createTestUser(db(), "Other Annotator");
    const p = await createProject(db(), owner, { name: "Queue test" });
    projectId = p.id;
    await insertMember(db(), { projectId, userId: ann.userId, role: "annotator" });
    await insertMember(db(), { projectId, userId: other.userId, role: "annotator" });
    const bytes = utf8(Array.from({ length: 7 }, (_, i) => JSON.stringify({ title: `Q${i + 1}`, text: `Queue article ${i + 1}.` })).join("\n"));
    await importDocuments(db(), owner, projectId, { filename: "q.jsonl", declaredSize: bytes.length, chunks: [bytes], options: { duplicates: "skip" } });
    ids = (await listLibrary(db(), owner, projectId, {})).items.map((i) => i.id);
    // ann: Q1..Q6; other: Q7 only.
    await assignDocuments(db(), owner, projectId, { documentIds: ids.slice(0, 6), userIds: [ann.userId] });
    await assignDocuments(db(), owner, projectId, { documentIds: [ids[6]!], userIds: [other.userId] });
    const set = (i: number, status: string) =>
      db().execute(sql`update assignments set status = ${status} where document_id = ${ids[i]}::uuid and user_id = ${ann.userId}::uuid`);
    await set(0, "submitted");
    await set(1, "in_progress");
    await set(3, "returned");
    await set(5, "approved");
  });

  it("lists returned first, then in progress, then assigned, then submitted (and approved), with counts", async () => {
    const q = await getMyQueue(db(), ann, projectId, {});
    expect(q.items.map((i) => [i.title, i.status])).toEqual([
      ["Q4", "returned"],
      ["Q2", "in_progress"],
      ["Q3", "assigned"],
      ["Q5", "assigned"],
      ["Q1", "submitted"],
      ["Q6", "approved"],
    ]);
    expect(q.counts).toEqual({ returned: 1, inProgress: 1, assigned: 2, submitted: 1, approved: 1, total: 6 });
    expect(q.nextOffset).toBeNull();
  });

  it("shows each person only their own queue, and pages", async () => {
    const mine = await getMyQueue(db(), other, projectId, {});
    expect(mine.items.map((i) => i.title)).toEqual(["Q7"]);
    const ownerQueue = await getMyQueue(db(), owner, projectId, {});
    expect(ownerQueue.items).toEqual([]);
    const page1 = await getMyQueue(db(), ann, projectId, { limit: "4" });
    expect(page1.items).toHaveLength(4);
    expect(page1.nextOffset).toBe(4);
    const page2 = await getMyQueue(db(), ann, projectId, { offset: "4", limit: "4" });
    expect(page2.items.map((i) => i.title)).toEqual(["Q1", "Q6"]);
  });

  it("gives previous/next in added order, the next article still to do, and the position", async () => {
    const n = await getQueueNeighbors(db(), ann, projectId, { documentId: ids[1] });
    expect(n.previous?.title).toBe("Q1");
    expect(n.next?.title).toBe("Q3");
    expect(n.nextTodo?.title).toBe("Q4");
    expect(n.position).toBe(2);
    expect(n.total).toBe(6);
    const first = await getQueueNeighbors(db(), ann, projectId, { documentId: ids[0] });
    expect(first.previous).toBeNull();
    const last = await getQueueNeighbors(db(), ann, projectId, { documentId: ids[5] });
    expect(last.next).toBeNull();
    // Not my article: no previous/next, but the next to do is still offered.
    const notMine = await getQueueNeighbors(db(), ann, projectId, { documentId: ids[6] });
    expect(notMine).toMatchObject({ previous: null, next: null, position: null });
    expect(notMine.nextTodo?.title).toBe("Q4");
    await expect(getQueueNeighbors(db(), ann, projectId, { documentId: "nope" })).rejects.toMatchObject({ status: 422 });
  });
});
