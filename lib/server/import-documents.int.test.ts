import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import type { Db } from "@/db/connect";
import { resultRows } from "@/db/queries/imports";
import { insertMember } from "@/db/queries/projects";
import type { Actor } from "@/lib/auth/guards";
import { describeWithDb } from "@/test/db";
import { createTestUser } from "@/test/factories";
import { AppError } from "./errors";
import { IMPORTED_AUTHOR, ImportRefusedError, importDocuments } from "./import-documents";
import type { ImportReport } from "./import-dto";
import { createProject } from "./projects";

const utf8 = (s: string) => new TextEncoder().encode(s);

async function* chunksOf(bytes: Uint8Array, size = 7): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

function jsonl(...records: unknown[]): string {
  return records.map((r) => JSON.stringify(r)).join("\n") + "\n";
}

interface Counts {
  documents: number;
  annotations: number;
  audit: number;
  labels: number;
}

async function counts(db: Db, projectId: string): Promise<Counts> {
  const r = await db.execute(sql`
    select (select count(*)::int from documents where project_id = ${projectId}::uuid) as documents,
           (select count(*)::int from annotations where project_id = ${projectId}::uuid) as annotations,
           (select count(*)::int from audit_events where project_id = ${projectId}::uuid) as audit,
           (select count(*)::int from labels where project_id = ${projectId}::uuid) as labels
  `);
  const row = resultRows<Counts>(r)[0]!;
  return { documents: Number(row.documents), annotations: Number(row.annotations), audit: Number(row.audit), labels: Number(row.labels) };
}

async function texts(db: Db, projectId: string): Promise<{ title: string; text: string; length: number; meta: unknown }[]> {
  const r = await db.execute(sql`select title, text, length, meta from documents where project_id = ${projectId}::uuid order by created_at, id`);
  return resultRows(r);
}

describeWithDb("importDocuments", ({ db }) => {
  let owner: Actor;
  let annotator: Actor;

  beforeAll(async () => {
    owner = await createTestUser(db(), "Imogen Owner");
    annotator = await createTestUser(db(), "Anton Annotator");
  });

  async function freshProject(name = "Import test"): Promise<string> {
    const p = await createProject(db(), owner, { name });
    await insertMember(db(), { projectId: p.id, userId: annotator.userId, role: "annotator" });
    return p.id;
  }

  function run(projectId: string, filename: string, content: string | Uint8Array, extra: Partial<Parameters<typeof importDocuments>[3]> = {}) {
    const bytes = typeof content === "string" ? utf8(content) : content;
    return importDocuments(db(), owner, projectId, {
      filename,
      declaredSize: bytes.length,
      chunks: chunksOf(bytes),
      options: { duplicates: "skip" },
      ...extra,
    });
  }

  /** Runs an import that must be refused, and proves nothing was written. */
  async function refused(projectId: string, filename: string, content: string | Uint8Array, extra: Partial<Parameters<typeof importDocuments>[3]> = {}) {
    const before = await counts(db(), projectId);
    const err = await run(projectId, filename, content, extra).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err, "the import should have been refused").toBeInstanceOf(ImportRefusedError);
    expect(await counts(db(), projectId)).toEqual(before);
    return err as ImportRefusedError;
  }

  // ---------- bad input: each refused, nothing written ----------

  it("refuses an empty file and writes nothing", async () => {
    const p = await freshProject();
    const err = await refused(p, "empty.jsonl", "");
    expect(err.problem.code).toBe("empty_file");
    expect(err.status).toBe(422);
  });

  it("refuses a binary file and writes nothing", async () => {
    const p = await freshProject();
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    const err = await refused(p, "picture.txt", png);
    expect(err.problem.code).toBe("binary_file");
  });

  it("refuses invalid UTF-8 with the byte offset in the message and writes nothing", async () => {
    const p = await freshProject();
    const good = utf8(jsonl({ text: "Café au lait" }));
    const bytes = new Uint8Array([...good, ...utf8('{"text": "bad '), 0xc3, 0x28, ...utf8('"}\n')]);
    const offset = good.length + utf8('{"text": "bad ').length;
    const err = await refused(p, "latin1.jsonl", bytes);
    expect(err.problem.code).toBe("invalid_utf8");
    expect(err.problem.byteOffset).toBe(offset);
    expect(err.message).toContain(offset.toLocaleString("en-US"));
  });

  it("refuses a JSONL line that does not parse, naming the line, and writes nothing", async () => {
    const p = await freshProject();
    const err = await refused(p, "broken.jsonl", `${jsonl({ text: "One." }, { text: "Two." })}{"text": "Three.",}\n${jsonl({ text: "Four." })}`);
    expect(err.problem.code).toBe("json_parse");
    expect(err.problem.line).toBe(3);
    expect(err.message).toMatch(/Line 3/);
  });

  it("refuses a label outside its text, with the line and span, and writes nothing", async () => {
    const p = await freshProject();
    const err = await refused(p, "labels.jsonl", jsonl({ text: "Short text.", label: [[0, 5, "Claim"]] }, { text: "Tiny.", label: [[2, 40, "Claim"]] }));
    expect(err.problem.code).toBe("label_out_of_range");
    expect(err.problem.line).toBe(2);
    expect(err.problem.span).toEqual([2, 40]);
    expect(err.message).toContain("Line 2");
    expect(err.message).toContain("40");
  });

  it("refuses a label that splits a character, with the line and span, and writes nothing", async () => {
    const p = await freshProject();
    // "e" + combining acute accent: offset 2 falls between the letter and its accent.
    const err = await refused(p, "accent.jsonl", jsonl({ text: "Ne\u0301on lights", label: [[0, 2, "Entity"]] }));
    expect(err.problem.code).toBe("label_splits_character");
    expect(err.problem.line).toBe(1);
    expect(err.problem.span).toEqual([0, 2]);
  });

  it("refuses a CSV without the chosen column, listing the columns, and writes nothing", async () => {
    const p = await freshProject();
    const err = await refused(p, "sheet.csv", "headline,body\nA,Some text\n", {
      options: { duplicates: "skip", csv: { textColumn: "text" } },
    });
    expect(err.problem.code).toBe("csv_missing_column");
    expect(err.message).toContain('"headline"');
    expect(err.message).toContain('"body"');
  });

  it("refuses a declared size over the limit before reading a byte (413, limit in the message)", async () => {
    const p = await freshProject();
    const before = await counts(db(), p);
    let pulled = 0;
    async function* never(): AsyncGenerator<Uint8Array> {
      pulled++;
      yield utf8("x");
    }
    const err = await importDocuments(db(), owner, p, {
      filename: "huge.jsonl",
      declaredSize: 5_000,
      chunks: never(),
      options: { duplicates: "skip" },
      limits: { maxFileBytes: 4_000 },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportRefusedError);
    expect((err as ImportRefusedError).status).toBe(413);
    expect((err as ImportRefusedError).message).toContain("3.9 KB");
    expect((err as ImportRefusedError).problem.limit).toBe(4_000);
    expect(pulled).toBe(0);
    expect(await counts(db(), p)).toEqual(before);
  });

  it("refuses a stream that grows past the limit without a declared size, stopping early, and writes nothing", async () => {
    const p = await freshProject();
    const before = await counts(db(), p);
    const line = utf8(jsonl({ text: "A line of text that repeats." }));
    let sent = 0;
    async function* endless(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < 10_000; i++) {
        sent += line.length;
        yield line;
      }
    }
    const err = await importDocuments(db(), owner, p, {
      filename: "stream.jsonl",
      declaredSize: null,
      chunks: endless(),
      options: { duplicates: "skip" },
      limits: { maxFileBytes: 2_000 },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportRefusedError);
    expect((err as ImportRefusedError).problem.code).toBe("too_large");
    expect((err as ImportRefusedError).status).toBe(413);
    expect((err as ImportRefusedError).message).toContain("2 KB");
    expect(sent).toBeLessThan(2_000 + 2 * line.length);
    expect(await counts(db(), p)).toEqual(before);
  });

  it("takes the limit from SPANLAB_IMPORT_MAX_BYTES", async () => {
    const p = await freshProject();
    const previous = process.env.SPANLAB_IMPORT_MAX_BYTES;
    process.env.SPANLAB_IMPORT_MAX_BYTES = "100";
    try {
      const err = await refused(p, "article.txt", "x".repeat(150));
      expect(err.problem.code).toBe("too_large");
      expect(err.message).toContain("100 bytes");
    } finally {
      if (previous === undefined) delete process.env.SPANLAB_IMPORT_MAX_BYTES;
      else process.env.SPANLAB_IMPORT_MAX_BYTES = previous;
    }
  });

  it("refuses an absurd title with the limit in the message and writes nothing", async () => {
    const p = await freshProject();
    const err = await refused(p, "titles.jsonl", jsonl({ title: "T".repeat(10_000), text: "Body." }));
    expect(err.problem.code).toBe("title_too_long");
    expect(err.message).toContain("500");
  });

  it("refuses an unsupported file type before reading", async () => {
    const p = await freshProject();
    const err = await refused(p, "report.pdf", "%PDF-1.7");
    expect(err.problem.code).toBe("unsupported_format");
    expect(err.message).toMatch(/\.txt/);
  });

  it("is all or nothing: an error on the 900th record leaves 0 articles", async () => {
    const p = await freshProject();
    const lines = Array.from({ length: 1000 }, (_, i) => JSON.stringify({ text: `Article number ${i + 1}.` }));
    lines[899] = '{"text": "broken';
    const err = await refused(p, "many.jsonl", `${lines.join("\n")}\n`);
    expect(err.problem.line).toBe(900);
    expect((await counts(db(), p)).documents).toBe(0);
  });

  it("rolls back batches already written when the write phase fails part-way", async () => {
    const p = await freshProject();
    const before = await counts(db(), p);
    const lines = Array.from({ length: 1200 }, (_, i) => ({ text: `Rollback article ${i + 1}.`, label: [[0, 8, "Claim"]] }));
    let batchesWritten = 0;
    const err = await run(p, "rollback.jsonl", jsonl(...lines), {
      onProgress: (pr) => {
        if (pr.phase === "writing" && pr.written > 0 && ++batchesWritten === 2) throw new Error("connection lost (simulated)");
      },
    }).catch((e: unknown) => e);
    expect((err as Error).message).toBe("connection lost (simulated)");
    expect(batchesWritten).toBe(2);
    expect(await counts(db(), p)).toEqual(before);
  });

  it("refuses unknown label names, listing them and the project's labels", async () => {
    const p = await freshProject();
    const err = await refused(p, "ner.jsonl", jsonl({ text: "Ada met Bob.", label: [[0, 3, "PER"]] }, { text: "In Oslo.", label: [[3, 7, "LOC"], [0, 2, "Claim"]] }));
    expect(err.problem.code).toBe("unknown_label");
    expect(err.problem.unknownLabels).toEqual(["PER", "LOC"]);
    expect(err.problem.line).toBe(1);
    expect(err.message).toContain("“PER” (first on line 1)");
    expect(err.message).toContain("“LOC” (first on line 2)");
    expect(err.message).toContain("“Claim”, “Quote”, “Entity”");
  });

  it("does not let an annotator import (403) and writes nothing", async () => {
    const p = await freshProject();
    const before = await counts(db(), p);
    const err = await importDocuments(db(), annotator, p, {
      filename: "a.txt",
      declaredSize: 5,
      chunks: chunksOf(utf8("Hello")),
      options: { duplicates: "skip" },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(403);
    expect(await counts(db(), p)).toEqual(before);
  });

  // ---------- happy paths ----------

  it("imports a .txt file exactly (newlines normalised) with one audit event", async () => {
    const p = await freshProject();
    const report = await run(p, "harbour.txt", "Harbour plan approved\r\n\r\nThe council voted 7–2 on Tuesday. 🚢\r\n");
    expect(report).toMatchObject({ imported: 1, skippedDuplicateCount: 0, annotationsImported: 0, format: "txt" });
    const [doc] = await texts(db(), p);
    expect(doc?.title).toBe("Harbour plan approved");
    expect(doc?.text).toBe("Harbour plan approved\n\nThe council voted 7–2 on Tuesday. 🚢\n");
    expect(doc?.length).toBe([...doc!.text].length);
    const audit = resultRows<{ action: string; after: { filename: string; imported: number } }>(
      await db().execute(sql`select action, after from audit_events where project_id = ${p}::uuid and action = 'documents.import'`),
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]?.after).toMatchObject({ filename: "harbour.txt", imported: 1 });
  });

  it("imports a .md file as its source text, titled by its first heading", async () => {
    const p = await freshProject();
    await run(p, "notes.md", "# Ferry timetable\n\nThe *new* timetable starts in May.\n");
    const [doc] = await texts(db(), p);
    expect(doc?.title).toBe("Ferry timetable");
    expect(doc?.text).toBe("# Ferry timetable\n\nThe *new* timetable starts in May.\n");
  });

  it("imports HTML as plain text: scripts, styles and event handlers never reach the stored text", async () => {
    const p = await freshProject();
    const html = `<!doctype html><html><head><title>Quay&nbsp;works</title><script>alert("x")</script><style>p{color:red}</style></head>
      <body onload="steal()"><h1>Quay works</h1><p onclick="evil()">Crews start <b>Monday</b>.</p>
      <img src=x onerror="alert(1)"><script>document.cookie</script><p>Done &amp; dusted.</p></body></html>`;
    const report = await run(p, "quay.html", html);
    expect(report.imported).toBe(1);
    const [doc] = await texts(db(), p);
    expect(doc?.text).toBe("Quay works\nCrews start Monday.\nDone & dusted.");
    expect(doc?.title).toBe("Quay\u00a0works");
    for (const bad of ["<", "script", "alert", "onclick", "onerror", "onload", "cookie", "color:red"]) expect(doc?.text).not.toContain(bad);
  });

  it("imports JSONL with labels as annotations of the Imported system author, with quote, prefix and suffix", async () => {
    const p = await freshProject();
    const text = "Mayor Ada Lind said: “We will rebuild the pier.” 🎉 Critics disagree.";
    const cp = [...text];
    const s1 = cp.indexOf("A");
    const quoteStart = cp.indexOf("“");
    const quoteEnd = cp.indexOf("”") + 1;
    const report = await run(
      p,
      "spans.jsonl",
      jsonl({ title: "Pier", text, label: [[s1, s1 + 8, "Entity"], [quoteStart, quoteEnd, "quote"]], meta: { source: "desk" } }, { text: "No labels here." }),
    );
    expect(report).toMatchObject({ imported: 2, annotationsImported: 2 });
    const spans = resultRows<{ start: number; end: number; quote: string; prefix: string; suffix: string; label: string; email: string; is_system: boolean; password_hash: string | null; layer: string }>(
      await db().execute(sql`
        select a.start_offset as start, a.end_offset as "end", a.quote, a.prefix, a.suffix, l.name as label, u.email, u.is_system, u.password_hash, a.layer
        from annotations a join labels l on l.id = a.label_id join users u on u.id = a.owner_id
        where a.project_id = ${p}::uuid order by a.start_offset`),
    );
    expect(spans).toHaveLength(2);
    expect(spans[0]).toMatchObject({ start: s1, end: s1 + 8, quote: "Ada Lind", prefix: "Mayor ", label: "Entity", email: IMPORTED_AUTHOR.email, is_system: true, password_hash: null, layer: "annotator" });
    expect(spans[1]?.quote).toBe(cp.slice(quoteStart, quoteEnd).join(""));
    expect(spans[1]?.label).toBe("Quote");
    expect(spans[1]?.suffix).toBe(cp.slice(quoteEnd, quoteEnd + 32).join(""));
    const docs = await texts(db(), p);
    expect(docs.map((d) => d.title)).toEqual(["Pier", "No labels here."]);
    expect(docs[0]?.meta).toEqual({ source: "desk" });
  });

  it("creates missing labels (kind other) when asked, and uses them", async () => {
    const p = await freshProject();
    const before = await counts(db(), p);
    const report = await run(p, "ner.jsonl", jsonl({ text: "Ada met Bob in Oslo.", label: [[0, 3, "PER"], [8, 11, "PER"], [15, 19, "LOC"]] }), {
      options: { duplicates: "skip", createMissingLabels: true },
    });
    expect(report.createdLabels).toEqual(["PER", "LOC"]);
    expect(report.annotationsImported).toBe(3);
    const after = await counts(db(), p);
    expect(after.labels).toBe(before.labels + 2);
    const kinds = resultRows<{ name: string; kind: string }>(await db().execute(sql`select name, kind from labels where project_id = ${p}::uuid and name in ('PER','LOC')`));
    expect(kinds.every((k) => k.kind === "other")).toBe(true);
  });

  it("imports CSV with chosen text and title columns; other columns go to meta", async () => {
    const p = await freshProject();
    const csv = 'id,headline,body,desk\n1,Bridge closed,"The bridge closes, briefly.\nDetours apply.",metro\n2,Rates up,Interest rates rose.,business\n';
    const report = await run(p, "sheet.csv", csv, { options: { duplicates: "skip", csv: { textColumn: "body", titleColumn: "headline" } } });
    expect(report.imported).toBe(2);
    const docs = await texts(db(), p);
    expect(docs).toMatchObject([
      { title: "Bridge closed", text: "The bridge closes, briefly.\nDetours apply.", meta: { id: "1", desk: "metro" } },
      { title: "Rates up", text: "Interest rates rose.", meta: { id: "2", desk: "business" } },
    ]);
  });

  it("skips duplicates (in the project and within the file) and reports them with titles", async () => {
    const p = await freshProject();
    await run(p, "first.jsonl", jsonl({ title: "Original", text: "Same words." }));
    const report: ImportReport = await run(p, "second.jsonl", jsonl({ title: "Copy", text: "Same words." }, { title: "New", text: "Fresh words." }, { title: "Twin", text: "Fresh words." }));
    expect(report.imported).toBe(1);
    expect(report.skippedDuplicateCount).toBe(2);
    expect(report.skippedDuplicates).toMatchObject([
      { line: 1, title: "Copy", duplicateOf: { title: "Original", inThisFile: false } },
      { line: 3, title: "Twin", duplicateOf: { title: "New", inThisFile: true } },
    ]);
    expect((await texts(db(), p)).map((d) => d.title)).toEqual(["Original", "New"]);
  });

  it("imports duplicates anyway when asked", async () => {
    const p = await freshProject();
    await run(p, "first.jsonl", jsonl({ title: "Original", text: "Same words." }));
    const report = await run(p, "second.jsonl", jsonl({ title: "Copy", text: "Same words." }, { title: "Copy 2", text: "Same words." }), {
      options: { duplicates: "import" },
    });
    expect(report).toMatchObject({ imported: 2, skippedDuplicateCount: 0, duplicatesImported: 2 });
    expect((await counts(db(), p)).documents).toBe(3);
  });

  it("writes a file of several batches in file order, reporting progress while reading and writing", async () => {
    const p = await freshProject();
    const lines = Array.from({ length: 1234 }, (_, i) => ({ title: `No. ${String(i + 1).padStart(4, "0")}`, text: `Body of article ${i + 1}, with “quotes” and \\ backslashes {braces}.` }));
    const phases = new Set<string>();
    let lastWritten = 0;
    const report = await run(p, "batches.jsonl", jsonl(...lines), {
      onProgress: (pr) => {
        phases.add(pr.phase);
        if (pr.phase === "writing") lastWritten = pr.written;
      },
    });
    expect(report.imported).toBe(1234);
    expect(phases).toEqual(new Set(["reading", "writing"]));
    expect(lastWritten).toBe(1234);
    const docs = await texts(db(), p);
    expect(docs.map((d) => d.title)).toEqual(lines.map((l) => l.title));
    expect(docs[7]?.text).toBe(lines[7]?.text);
  });
});
