import { count, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { auditEvents, documents } from "@/db/schema";
import { describeWithDb } from "@/test/db";
import { createTestUser } from "@/test/factories";
import { createDocument, getDocumentForActor } from "./documents";
import { AppError } from "./errors";
import { createProject } from "./projects";

describeWithDb("paste import of one article", ({ db }) => {
  it("stores the text exactly, newlines normalised, with its code-point length and hash", async () => {
    const owner = await createTestUser(db(), "Paste Owner");
    const project = await createProject(db(), owner, { name: "Paste" });
    const text = "Family 👩‍👩‍👧‍👦 met in 中文 class.\r\nCafe\u0301 opened.\rEnd";
    const doc = await createDocument(db(), owner, project.id, { title: "Unicode", text });
    expect(doc.text).toBe("Family 👩‍👩‍👧‍👦 met in 中文 class.\nCafe\u0301 opened.\nEnd");
    expect(doc.length).toBe([...doc.text].length);
    expect(doc.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const again = await getDocumentForActor(db(), owner, project.slug, doc.id);
    expect(again.text).toBe(doc.text);
  });

  it("refuses a duplicate with 409 unless asked to import anyway", async () => {
    const owner = await createTestUser(db(), "Dup Owner");
    const project = await createProject(db(), owner, { name: "Dups" });
    await createDocument(db(), owner, project.id, { title: "First", text: "Same words." });
    const err = (await createDocument(db(), owner, project.id, { title: "Second", text: "Same words." }).catch((e: unknown) => e)) as AppError;
    expect(err.status).toBe(409);
    expect(err.message).toContain('"First"');
    const forced = await createDocument(db(), owner, project.id, { title: "Second", text: "Same words.", allowDuplicate: true });
    expect(forced.title).toBe("Second");
  });

  it("rejects empty text and an absurd title with field errors, writing nothing", async () => {
    const owner = await createTestUser(db(), "Bad Owner");
    const project = await createProject(db(), owner, { name: "Bad input" });
    const countRows = async () => ({
      docs: (await db().select({ n: count() }).from(documents).where(eq(documents.projectId, project.id)))[0]!.n,
      audit: (await db().select({ n: count() }).from(auditEvents).where(eq(auditEvents.projectId, project.id)))[0]!.n,
    });
    const before = await countRows();
    const empty = (await createDocument(db(), owner, project.id, { title: "T", text: "  \n " }).catch((e: unknown) => e)) as AppError;
    expect(empty.fields?.text).toEqual(["Paste the article's text."]);
    const long = (await createDocument(db(), owner, project.id, { title: "x".repeat(501), text: "ok" }).catch((e: unknown) => e)) as AppError;
    expect(long.fields?.title?.[0]).toContain("500");
    expect(await countRows()).toEqual(before);
  });

  it("refuses a non-member with 403", async () => {
    const owner = await createTestUser(db(), "Doc Owner");
    const outsider = await createTestUser(db(), "Doc Outsider");
    const project = await createProject(db(), owner, { name: "Closed" });
    const err = (await createDocument(db(), outsider, project.id, { title: "T", text: "x" }).catch((e: unknown) => e)) as AppError;
    expect(err.status).toBe(403);
  });
});
