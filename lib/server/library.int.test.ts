import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { insertMember } from "@/db/queries/projects";
import type { Actor } from "@/lib/auth/guards";
import { describeWithDb } from "@/test/db";
import { createTestUser } from "@/test/factories";
import { assignDocuments } from "./assign";
import { AppError } from "./errors";
import { importDocuments } from "./import-documents";
import { getLibrarySummary, listLibrary } from "./library";
import type { LibraryItemDto } from "./library-dto";
import { createProject } from "./projects";

const utf8 = (s: string) => new TextEncoder().encode(s);

describeWithDb("library", ({ db }) => {
  let owner: Actor;
  let ann1: Actor;
  let ann2: Actor;
  let outsider: Actor;
  let projectId: string;
  let claimLabelId: string;

  beforeAll(async () => {
    owner = await createTestUser(db(), "Olga Owner");
    ann1 = await createTestUser(db(), "Aino Annotator");
    ann2 = await createTestUser(db(), "Bruno Annotator");
    outsider = await createTestUser(db(), "Otto Outsider");
    const p = await createProject(db(), owner, { name: "Library test" });
    projectId = p.id;
    await insertMember(db(), { projectId, userId: ann1.userId, role: "annotator" });
    await insertMember(db(), { projectId, userId: ann2.userId, role: "annotator" });
    // 120 articles: every 10th about the harbour, the 5th with a Claim span.
    const lines = Array.from({ length: 120 }, (_, i) => {
      const n = i + 1;
      const text = n % 10 === 0 ? `Article ${n}: the harbour authority met on Monday.` : `Article ${n}: ordinary council business.`;
      return JSON.stringify({ title: `Report ${String(n).padStart(3, "0")}${n === 7 ? " Waterfront" : ""}`, text, ...(n === 5 ? { label: [[0, 7, "Claim"]] } : {}) });
    });
    const bytes = utf8(lines.join("\n"));
    await importDocuments(db(), owner, projectId, { filename: "reports.jsonl", declaredSize: bytes.length, chunks: [bytes], options: { duplicates: "skip" } });
    const labels = await db().execute(sql`select id from labels where project_id = ${projectId}::uuid and name = 'Claim'`);
    claimLabelId = (labels as unknown as { rows: { id: string }[] }).rows[0]!.id;
  });

  async function allPages(actor: Actor, filter: Record<string, unknown>, limit = 50): Promise<{ items: LibraryItemDto[]; totals: number[] }> {
    const items: LibraryItemDto[] = [];
    const totals: number[] = [];
    let cursor: string | undefined;
    for (let guard = 0; guard < 100; guard++) {
      const page = await listLibrary(db(), actor, projectId, { ...filter, limit, cursor });
      items.push(...page.items);
      totals.push(page.total);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    return { items, totals };
  }

  it("pages through every article once, in file order, with the total on each page", async () => {
    const { items, totals } = await allPages(owner, {}, 50);
    expect(items).toHaveLength(120);
    expect(totals).toEqual([120, 120, 120]);
    expect(items.map((i) => i.title)[0]).toBe("Report 001");
    expect(items[119]?.title).toBe("Report 120");
    expect(new Set(items.map((i) => i.id)).size).toBe(120);
    expect(items[0]).toMatchObject({ length: [..."Article 1: ordinary council business."].length, progress: "untouched", assignees: [], spanCount: 0 });
  });

  it("finds articles by a word of the text (full-text) and by part of the title", async () => {
    const byWord = await listLibrary(db(), owner, projectId, { q: "harbour" });
    expect(byWord.total).toBe(12);
    expect(byWord.items.every((i) => Number(i.title.slice(7, 10)) % 10 === 0)).toBe(true);
    const byPartialTitle = await listLibrary(db(), owner, projectId, { q: "aterfr" });
    expect(byPartialTitle.items.map((i) => i.title)).toEqual(["Report 007 Waterfront"]);
    const none = await listLibrary(db(), owner, projectId, { q: "zeppelin" });
    expect(none).toEqual({ items: [], total: 0, nextCursor: null });
    // LIKE wildcards in the query are taken literally.
    expect((await listLibrary(db(), owner, projectId, { q: "%" })).total).toBe(0);
  });

  it("pages through search results too", async () => {
    const { items, totals } = await allPages(owner, { q: "harbour" }, 5);
    expect(items).toHaveLength(12);
    expect(totals.every((t) => t === 12)).toBe(true);
  });

  it("filters by label present (owner sees the imported span; an annotator only their own layer)", async () => {
    const mine = await listLibrary(db(), owner, projectId, { label: claimLabelId });
    expect(mine.items.map((i) => i.title)).toEqual(["Report 005"]);
    expect(mine.items[0]?.spanCount).toBe(1);
    const theirs = await listLibrary(db(), ann1, projectId, { label: claimLabelId });
    expect(theirs.total).toBe(0);
  });

  it("filters by assignee and status, and the summary counts progress and each person's load", async () => {
    const first = await listLibrary(db(), owner, projectId, { limit: 4 });
    const ids = first.items.map((i) => i.id);
    await assignDocuments(db(), owner, projectId, { documentIds: ids, userIds: [ann1.userId] });
    await assignDocuments(db(), owner, projectId, { documentIds: ids.slice(0, 2), userIds: [ann2.userId] });
    // ann1 has started article 1 and submitted article 2; ann2 submitted article 2 too.
    await db().execute(sql`update assignments set status = 'in_progress' where document_id = ${ids[0]}::uuid and user_id = ${ann1.userId}::uuid`);
    await db().execute(sql`update assignments set status = 'submitted' where document_id = ${ids[1]}::uuid`);

    const ann1Docs = await listLibrary(db(), owner, projectId, { assignee: ann1.userId });
    expect(ann1Docs.total).toBe(4);
    const meDocs = await listLibrary(db(), ann2, projectId, { assignee: "me" });
    expect(meDocs.items.map((i) => i.id)).toEqual(ids.slice(0, 2));
    expect((await listLibrary(db(), owner, projectId, { assignee: "none" })).total).toBe(116);

    expect((await listLibrary(db(), owner, projectId, { status: "submitted" })).items.map((i) => i.id)).toEqual([ids[1]]);
    expect((await listLibrary(db(), owner, projectId, { status: "in_progress" })).items.map((i) => i.id)).toEqual([ids[0]]);
    expect((await listLibrary(db(), owner, projectId, { status: "untouched" })).total).toBe(118);

    const row = (await listLibrary(db(), owner, projectId, { limit: 1 })).items[0]!;
    expect(row.assignees).toEqual([
      { userId: ann1.userId, name: "Aino Annotator", status: "in_progress" },
      { userId: ann2.userId, name: "Bruno Annotator", status: "assigned" },
    ]);

    const summary = await getLibrarySummary(db(), owner, projectId);
    expect(summary.progress).toEqual({ total: 120, approved: 0, submitted: 1, inProgress: 1, untouched: 118 });
    expect(summary.annotators).toEqual([
      { userId: ann1.userId, name: "Aino Annotator", role: "annotator", assigned: 4, inProgress: 1, returned: 0, done: 1 },
      { userId: ann2.userId, name: "Bruno Annotator", role: "annotator", assigned: 2, inProgress: 0, returned: 0, done: 1 },
    ]);
    expect(summary.people.map((p) => p.name)).toEqual(["Aino Annotator", "Bruno Annotator", "Olga Owner"]);
    expect(summary.canAssign).toBe(true);
    expect((await getLibrarySummary(db(), ann1, projectId)).canAssign).toBe(false);
  });

  it("refuses a forged cursor and bad filters with clear errors", async () => {
    await expect(listLibrary(db(), owner, projectId, { cursor: "bm9wZQ" })).rejects.toMatchObject({ status: 400 });
    await expect(listLibrary(db(), owner, projectId, { status: "done" })).rejects.toMatchObject({ status: 422 });
  });

  it("is closed to non-members (403)", async () => {
    const err = await listLibrary(db(), outsider, projectId, {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(403);
  });
});
