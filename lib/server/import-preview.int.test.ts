import { beforeAll, expect, it } from "vitest";
import { insertMember } from "@/db/queries/projects";
import type { Actor } from "@/lib/auth/guards";
import { describeWithDb } from "@/test/db";
import { createTestUser } from "@/test/factories";
import { IMPORT_PREVIEW_BYTES } from "./import-dto";
import { previewImport } from "./import-preview";
import { createProject } from "./projects";

const utf8 = (s: string) => new TextEncoder().encode(s);

describeWithDb("previewImport", ({ db }) => {
  let owner: Actor;
  let annotator: Actor;
  let projectId: string;

  beforeAll(async () => {
    owner = await createTestUser(db(), "Pia Owner");
    annotator = await createTestUser(db(), "Pete Annotator");
    projectId = (await createProject(db(), owner, { name: "Preview test" })).id;
    await insertMember(db(), { projectId, userId: annotator.userId, role: "annotator" });
  });

  it("shows the first five JSONL records of a long file cut mid-line, with label counts and unknown labels", async () => {
    const line = (i: number) => JSON.stringify({ title: `Item ${i}`, text: `Text ${i} ${"é".repeat(300)}`, label: [[0, 4, i % 2 ? "Claim" : "PER"]] });
    const whole = utf8(Array.from({ length: 200 }, (_, i) => line(i + 1)).join("\n"));
    const head = whole.subarray(0, IMPORT_PREVIEW_BYTES);
    const p = await previewImport(db(), owner, projectId, { filename: "big.jsonl", bytes: head, partial: true });
    expect(p.format).toBe("jsonl");
    expect(p.problem).toBeNull();
    expect(p.records.map((r) => r.title)).toEqual(["Item 1", "Item 2", "Item 3", "Item 4", "Item 5"]);
    expect(p.records[0]).toMatchObject({ line: 1, labelCount: 1, length: 307 });
    expect([...p.records[0]!.excerpt].length).toBe(300);
    expect(p.labelNames.sort()).toEqual(["Claim", "PER"]);
    expect(p.unknownLabels).toEqual(["PER"]);
  });

  it("offers CSV columns with suggestions and previews the chosen ones", async () => {
    const csv = utf8("id,headline,body\n1,Bridge,The bridge reopens.\n2,Rates,Rates rose.\n");
    const p = await previewImport(db(), owner, projectId, { filename: "s.csv", bytes: csv, partial: false });
    expect(p.csv).toMatchObject({ columns: ["id", "headline", "body"], suggestedTextColumn: "body", suggestedTitleColumn: "headline" });
    expect(p.records.map((r) => r.excerpt)).toEqual(["The bridge reopens.", "Rates rose."]);
    const byId = await previewImport(db(), owner, projectId, { filename: "s.csv", bytes: csv, partial: false, csv: { textColumn: "id", titleColumn: "headline" } });
    expect(byId.records.map((r) => [r.title, r.excerpt])).toEqual([["Bridge", "1"], ["Rates", "2"]]);
  });

  it("previews HTML as the plain text that would be stored", async () => {
    const p = await previewImport(db(), owner, projectId, {
      filename: "page.html",
      bytes: utf8('<html><head><title>Pier</title><script>alert(1)</script></head><body><p onclick="x()">Hello <b>pier</b>.</p></body></html>'),
      partial: false,
    });
    expect(p.records).toEqual([{ line: null, title: "Pier", excerpt: "Hello pier.", length: 11, labelCount: 0 }]);
  });

  it("reports the first problem in the previewed part", async () => {
    const p = await previewImport(db(), owner, projectId, { filename: "bad.jsonl", bytes: utf8('{"text":"ok"}\n{"text": nope}\n'), partial: false });
    expect(p.problem).toMatchObject({ code: "json_parse", line: 2 });
    expect(p.records).toHaveLength(1);
  });

  it("refuses annotators (403) and unsupported files (422)", async () => {
    await expect(previewImport(db(), annotator, projectId, { filename: "a.txt", bytes: utf8("hi"), partial: false })).rejects.toMatchObject({ status: 403 });
    await expect(previewImport(db(), owner, projectId, { filename: "a.docx", bytes: utf8("PK"), partial: false })).rejects.toMatchObject({ status: 422 });
  });
});
