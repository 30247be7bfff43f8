import { and, eq } from "drizzle-orm";
import { strFromU8, unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/connect";
import { insertMember } from "@/db/queries/projects";
import { annotations, assignments, auditEvents, documents, entities, relations } from "@/db/schema";
import { codePointLength, createOffsetIndex, sliceByCodePoints } from "@/lib/annotation/offsets";
import type { Actor } from "@/lib/auth/guards";
import { EXPORT_FORMAT_IDS, type ExportFormat } from "@/lib/export";
import { contentHash } from "@/lib/import/hash";
import { describeWithDb } from "@/test/db";
import { readExportFile } from "@/test/export-output";
import { createTestUser } from "@/test/factories";
import { AppError } from "./errors";
import { concatBytes } from "@/lib/export/bytes";
import { computeExportReport, getExportPageData, previewExport, streamExport } from "./export";
import { planExport, runExport } from "./export-pipeline";
import { createProject } from "./projects";

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
  }
  return concatBytes(parts);
}

const TEXTS = {
  harbour: "Mayor Zoë Ø said: “The harbour 🚢 will reopen in 2026.” 東京港湾局 agreed.\nFamilies 👨‍👩‍👧 cheered at the pier.",
  cafe: "Cafe\u0301 owners in São Paulo 🇧🇷 doubt it. 記者会見 was short.",
  quiet: "Nothing was tagged in this one 🤐 at all.",
};

interface Seed {
  owner: Actor;
  alice: Actor;
  rita: Actor;
  annotatorOnly: Actor;
  outsider: Actor;
  projectId: string;
  slug: string;
  labels: Record<string, string>;
  docs: { harbour: string; cafe: string; quiet: string };
  spans: Record<string, string>;
}

/** Code-point offsets of the n-th occurrence of `needle` in `text`. */
function find(text: string, needle: string, occurrence = 0): { start: number; end: number } {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    if (at === -1) throw new Error(`${needle} not in text`);
  }
  const index = createOffsetIndex(text);
  return { start: index.toCodePoint(at), end: index.toCodePoint(at + needle.length) };
}

async function seedProject(db: Db, name: string): Promise<Seed> {
  const owner = await createTestUser(db, "Olga Owner");
  const alice = await createTestUser(db, "Alice Annotator");
  const rita = await createTestUser(db, "Rita Reviewer");
  const annotatorOnly = await createTestUser(db, "Ann Only");
  const outsider = await createTestUser(db, "Oscar Outsider");
  const project = await createProject(db, owner, { name });
  await insertMember(db, { projectId: project.id, userId: alice.userId, role: "annotator" });
  await insertMember(db, { projectId: project.id, userId: rita.userId, role: "reviewer" });
  await insertMember(db, { projectId: project.id, userId: annotatorOnly.userId, role: "annotator" });
  const overview = await import("./projects").then((m) => m.getProjectOverview(db, owner, project.id));
  const labels = Object.fromEntries(overview.labels.map((l) => [l.name, l.id]));

  const insertDoc = async (title: string, text: string, status: "approved" | "in_review" | "submitted", createdAt: string) => {
    const [row] = await db
      .insert(documents)
      .values({ projectId: project.id, title, text, length: codePointLength(text), contentHash: contentHash(text), status, createdBy: owner.userId, createdAt: new Date(createdAt), meta: { desk: "城市", issue: 7 }, sourceUrl: `https://news.example.org/${title.toLowerCase()}` })
      .returning();
    return row!.id;
  };
  const docs = {
    harbour: await insertDoc("Harbour", TEXTS.harbour, "approved", "2025-03-01T10:00:00Z"),
    cafe: await insertDoc("Cafe", TEXTS.cafe, "in_review", "2025-03-05T10:00:00Z"),
    quiet: await insertDoc("Quiet", TEXTS.quiet, "submitted", "2025-03-09T10:00:00Z"),
  };
  const [entity] = await db.insert(entities).values({ projectId: project.id, name: "Zoë Ø", type: "Person", externalId: "Q42", createdBy: owner.userId }).returning();

  const spans: Record<string, string> = {};
  const addSpan = async (
    key: string,
    doc: keyof typeof TEXTS,
    needle: string,
    label: string,
    layer: { gold: true } | { owner: Actor },
    extra: Partial<typeof annotations.$inferInsert> = {},
  ) => {
    const { start, end } = find(TEXTS[doc], needle);
    const [row] = await db
      .insert(annotations)
      .values({
        projectId: project.id,
        documentId: docs[doc],
        layer: "gold" in layer ? "gold" : "annotator",
        ownerId: "gold" in layer ? null : layer.owner.userId,
        labelId: labels[label]!,
        startOffset: start,
        endOffset: end,
        quote: sliceByCodePoints(TEXTS[doc], start, end),
        createdBy: owner.userId,
        ...extra,
      })
      .returning();
    spans[key] = row!.id;
  };
  const gold = { gold: true } as const;
  await addSpan("goldZoe", "harbour", "Zoë Ø", "Entity", gold, { entityId: entity!.id, entityType: "Person" });
  await addSpan("goldQuote", "harbour", "The harbour 🚢 will reopen in 2026.", "Quote", gold, { attributes: { form: "direct" }, note: "check 🚢 date" });
  await addSpan("goldTokyo", "harbour", "東京港湾局", "Entity", gold, { entityType: "Organization" });
  await addSpan("goldFamilies", "harbour", "👨‍👩‍👧", "Entity", gold);
  await addSpan("goldCafeClaim", "cafe", "Cafe\u0301 owners in São Paulo 🇧🇷 doubt it", "Claim", gold, { attributes: { check_worthy: true } });
  await addSpan("goldPress", "cafe", "記者会見", "Entity", gold);
  await addSpan("aliceQuote", "harbour", "The harbour 🚢 will reopen in 2026.", "Quote", { owner: alice }, { attributes: { form: "paraphrase" } });
  await addSpan("aliceZoe", "harbour", "Zoë", "Entity", { owner: alice });
  await addSpan("ritaClaim", "cafe", "doubt it", "Claim", { owner: rita });
  await addSpan("deletedGold", "cafe", "São Paulo", "Entity", gold, { deletedAt: new Date() });
  await db.insert(relations).values([
    { projectId: project.id, documentId: docs.harbour, type: "said_by", fromId: spans.goldQuote!, toId: spans.goldZoe!, createdBy: owner.userId },
    { projectId: project.id, documentId: docs.harbour, type: "said_by", fromId: spans.aliceQuote!, toId: spans.aliceZoe!, createdBy: owner.userId },
    { projectId: project.id, documentId: docs.harbour, type: "said_by", fromId: spans.goldQuote!, toId: spans.goldTokyo!, createdBy: owner.userId, deletedAt: new Date() },
  ]);
  await db.insert(assignments).values({ projectId: project.id, documentId: docs.cafe, userId: alice.userId, assignedBy: owner.userId });
  return { owner, alice, rita, annotatorOnly, outsider, projectId: project.id, slug: project.slug, labels, docs, spans };
}

async function exportBytes(db: Db, actor: Actor, projectId: string, request: Record<string, unknown>) {
  const started = await streamExport(db, actor, projectId, request, { now: new Date("2025-06-02T12:00:00Z") });
  const bytes = await readAll(started.stream);
  const report = await started.report;
  return { started, bytes, report };
}

function textsInOrder(seed: Seed, which: (keyof typeof TEXTS)[]): Map<string, string> {
  return new Map(which.map((k) => [seed.docs[k], TEXTS[k]] as const).sort(([a], [b]) => (a < b ? -1 : 1)));
}

const GOLD_KEYS = ["goldZoe", "goldQuote", "goldTokyo", "goldFamilies", "goldCafeClaim", "goldPress"];

function expectedSpans(seed: Seed, keys: string[]) {
  const where: Record<string, [keyof typeof TEXTS, string, string]> = {
    goldZoe: ["harbour", "Zoë Ø", "Entity"],
    goldQuote: ["harbour", "The harbour 🚢 will reopen in 2026.", "Quote"],
    goldTokyo: ["harbour", "東京港湾局", "Entity"],
    goldFamilies: ["harbour", "👨‍👩‍👧", "Entity"],
    goldCafeClaim: ["cafe", "Cafe\u0301 owners in São Paulo 🇧🇷 doubt it", "Claim"],
    goldPress: ["cafe", "記者会見", "Entity"],
    aliceQuote: ["harbour", "The harbour 🚢 will reopen in 2026.", "Quote"],
    aliceZoe: ["harbour", "Zoë", "Entity"],
    ritaClaim: ["cafe", "doubt it", "Claim"],
  };
  return keys
    .map((k) => {
      const [doc, needle, label] = where[k]!;
      return `${seed.docs[doc]} ${label} ${JSON.stringify(find(TEXTS[doc], needle))} ${needle}`;
    })
    .sort();
}

describeWithDb("export from the database", ({ db }) => {
  let seed: Seed;
  beforeAll(async () => {
    seed = await seedProject(db(), "Export Harbour");
  });

  describe("every format streams the gold layer and every exported span's text is the code-point slice of the text", () => {
    it.each(EXPORT_FORMAT_IDS.map((f) => [f]))("%s", async (format: ExportFormat) => {
      const { started, bytes, report } = await exportBytes(db(), seed.owner, seed.projectId, { format });
      expect(started.layer).toBe("gold"); // default once gold spans exist
      expect(started.documentsTotal).toBe(3);
      expect(started.filename).toBe(`${seed.slug}-gold-20250602.${format === "brat" ? "zip" : format === "label-studio" ? "json" : format === "w3c" ? "jsonld" : format === "jsonl-rich" || format === "spacy" ? "jsonl" : format}`);
      expect(report.documents).toBe(3);
      expect(report.spans).toBe(6);
      expect(report.mismatched).toEqual([]);

      const all = textsInOrder(seed, ["harbour", "cafe", "quiet"]);
      const file = await readExportFile(format, bytes, all);
      for (const [id, text] of file.texts) {
        const original = [...all.entries()].find(([docId]) => id === docId || id.endsWith(docId))?.[1];
        expect(text, `exported text of ${id}`).toBe(original);
      }
      for (const span of file.spans) {
        if (span.stated !== null) expect(span.slice).toBe(span.stated);
      }
      const got = file.spans
        .map((s) => {
          const docId = [...all.keys()].find((d) => s.document === d || s.document.endsWith(d))!;
          return `${docId} ${s.label} ${JSON.stringify({ start: s.start, end: s.end })} ${s.slice}`;
        })
        .sort();
      if (format === "conll") {
        // One tag column: only token-aligned, non-overlapping spans; every tagged run is a stored span.
        const expected = new Set(expectedSpans(seed, GOLD_KEYS));
        expect(got.length).toBeGreaterThan(0);
        for (const g of got) expect(expected.has(g), g).toBe(true);
        expect(got.length + report.misaligned.length + report.overlapsDropped.length).toBe(6);
      } else {
        expect(got).toEqual(expectedSpans(seed, GOLD_KEYS));
      }
    });
  });

  it("says when jsonl leaves out details, though it reads only labels and offsets from the database", async () => {
    const detailsNote = "jsonl carries labels only; relations, attributes, notes, entity links and annotators are in jsonl-rich.";
    // Alice's layer has a Quote with an attribute and a relation; Rita's one Claim has neither.
    const alice = await exportBytes(db(), seed.owner, seed.projectId, { format: "jsonl", layer: seed.alice.email });
    expect(alice.report.notes).toContain(detailsNote);
    const rita = await exportBytes(db(), seed.owner, seed.projectId, { format: "jsonl", layer: seed.rita.email });
    expect(rita.report.spans).toBe(1);
    expect(rita.report.notes).not.toContain(detailsNote);
    const line = JSON.parse(new TextDecoder().decode(rita.bytes).split("\n").find((l) => l.includes("doubt it"))!) as { label: unknown };
    const { start, end } = find(TEXTS.cafe, "doubt it");
    expect(line.label).toEqual([[start, end, "Claim"]]);
  });

  it("exports jsonl-rich with metadata, attributes, notes, entity links and only live relations", async () => {
    const { bytes } = await exportBytes(db(), seed.owner, seed.projectId, { format: "jsonl-rich" });
    const lines = strFromU8(bytes).trim().split("\n").map((l) => JSON.parse(l));
    const harbour = lines.find((l) => l.id === seed.docs.harbour);
    expect(harbour.meta).toMatchObject({ title: "Harbour", status: "approved", source_url: "https://news.example.org/harbour", desk: "城市", issue: 7 });
    const quote = harbour.entities.find((e: { id: string }) => e.id === seed.spans.goldQuote);
    expect(quote).toMatchObject({ label: "Quote", attributes: { form: "direct" }, note: "check 🚢 date", annotator: "gold" });
    const zoe = harbour.entities.find((e: { id: string }) => e.id === seed.spans.goldZoe);
    expect(zoe).toMatchObject({ entity_name: "Zoë Ø", entity_external_id: "Q42", entity_type: "Person" });
    expect(harbour.relations).toEqual([expect.objectContaining({ from_id: seed.spans.goldQuote, to_id: seed.spans.goldZoe, type: "said_by" })]);
    const ids = lines.flatMap((l) => l.entities.map((e: { id: string }) => e.id));
    expect(ids).not.toContain(seed.spans.deletedGold);
  });

  it("offsets=utf16 shifts offsets after astral characters for formats that support it, and is refused (400) for the others", async () => {
    const { bytes } = await exportBytes(db(), seed.owner, seed.projectId, { format: "jsonl", offsets: "utf16" });
    const harbour = strFromU8(bytes).trim().split("\n").map((l) => JSON.parse(l)).find((l) => l.id === seed.docs.harbour);
    const families = harbour.label.find((l: [number, number, string]) => harbour.text.slice(l[0], l[1]) === "👨‍👩‍👧");
    expect(families).toBeDefined(); // UTF-16 indices: JavaScript's slice finds the emoji
    const cp = find(TEXTS.harbour, "👨‍👩‍👧");
    expect(families[0]).toBeGreaterThan(cp.start);
    const err = (await streamExport(db(), seed.owner, seed.projectId, { format: "conll", offsets: "utf16" }).catch((e: unknown) => e)) as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err.status).toBe(400);
    expect(err.message).toContain("code-point");
  });

  it("layer selection: all carries every annotator and gold; an annotator's e-mail (or user id) carries only their layer", async () => {
    const all = await exportBytes(db(), seed.owner, seed.projectId, { format: "jsonl-rich", layer: "all" });
    expect(all.started.filename).toContain("-all-");
    const annotatorsAll = strFromU8(all.bytes).trim().split("\n").flatMap((l) => JSON.parse(l).entities.map((e: { annotator: string }) => e.annotator));
    expect(new Set(annotatorsAll)).toEqual(new Set(["gold", seed.alice.email, seed.rita.email]));
    expect(all.report.spans).toBe(9);

    const alice = await exportBytes(db(), seed.owner, seed.projectId, { format: "jsonl-rich", layer: seed.alice.email.toUpperCase() });
    expect(alice.started.layer).toBe(seed.alice.email);
    const aliceLines = strFromU8(alice.bytes).trim().split("\n").map((l) => JSON.parse(l));
    const aliceSpans = aliceLines.flatMap((l) => l.entities);
    expect(aliceSpans.map((e: { id: string }) => e.id).sort()).toEqual([seed.spans.aliceQuote, seed.spans.aliceZoe].sort());
    expect(aliceLines.find((l) => l.id === seed.docs.harbour).relations).toHaveLength(1);

    const byId = await exportBytes(db(), seed.owner, seed.projectId, { format: "csv", layer: seed.rita.userId });
    expect(byId.report.spans).toBe(1);

    const unknown = (await streamExport(db(), seed.owner, seed.projectId, { format: "jsonl", layer: seed.outsider.email }).catch((e: unknown) => e)) as AppError;
    expect(unknown.status).toBe(422);
    expect(unknown.fields?.layer).toBeDefined();
  });

  it("defaults to all layers while the project has no gold span", async () => {
    const other = await seedProject(db(), "No gold yet");
    await db().delete(annotations).where(and(eq(annotations.projectId, other.projectId), eq(annotations.layer, "gold")));
    const { started, report } = await exportBytes(db(), other.owner, other.projectId, { format: "jsonl" });
    expect(started.layer).toBe("all");
    expect(report.spans).toBe(3);
  });

  it("filters: document status, labels, assignee and document creation date", async () => {
    const approved = await exportBytes(db(), seed.owner, seed.projectId, { format: "jsonl", status: ["approved"] });
    expect(approved.started.documentsTotal).toBe(1);
    expect(strFromU8(approved.bytes).trim().split("\n").map((l) => JSON.parse(l).id)).toEqual([seed.docs.harbour]);

    const two = await exportBytes(db(), seed.owner, seed.projectId, { format: "jsonl", status: ["approved", "in_review"] });
    expect(two.report.documents).toBe(2);

    const claims = await exportBytes(db(), seed.owner, seed.projectId, { format: "csv", label: [seed.labels.Claim] });
    expect(claims.report.documents).toBe(3); // documents are kept; spans are filtered
    expect(claims.report.spans).toBe(1);

    const assigned = await exportBytes(db(), seed.owner, seed.projectId, { format: "jsonl", assignee: seed.alice.userId });
    expect(strFromU8(assigned.bytes).trim().split("\n").map((l) => JSON.parse(l).id)).toEqual([seed.docs.cafe]);

    const march5 = await exportBytes(db(), seed.owner, seed.projectId, { format: "jsonl", from: "2025-03-05", to: "2025-03-05" });
    expect(march5.report.documents).toBe(1);
    const fromMarch2 = await exportBytes(db(), seed.owner, seed.projectId, { format: "jsonl", from: "2025-03-02" });
    expect(fromMarch2.report.documents).toBe(2);

    const badDates = (await streamExport(db(), seed.owner, seed.projectId, { format: "jsonl", from: "2025-03-09", to: "2025-03-01" }).catch((e: unknown) => e)) as AppError;
    expect(badDates.status).toBe(422);
    expect(badDates.fields?.to?.[0]).toContain("after");
  });

  it("a stored span whose quote no longer matches the text is listed in the report and never written", async () => {
    const local = await seedProject(db(), "Export Drift");
    await db().update(annotations).set({ quote: "Mayor" }).where(eq(annotations.id, local.spans.goldQuote!));
    for (const format of ["jsonl-rich", "brat", "csv"] as const) {
      const { bytes, report } = await exportBytes(db(), local.owner, local.projectId, { format });
      expect(report.mismatched.map((m) => m.spanId)).toEqual([local.spans.goldQuote]);
      expect(report.mismatched[0]!.reason).toContain("quote mismatch");
      expect(report.spans).toBe(5);
      // Its relation cannot be written either.
      expect(report.relationsDropped.map((r) => r.relationId)).toHaveLength(1);
      const file = await readExportFile(format, bytes, textsInOrder(local, ["harbour", "cafe", "quiet"]));
      expect(file.spans.some((s) => s.label === "Quote")).toBe(false);
      expect(file.spans).toHaveLength(5);
    }
    const full = await computeExportReport(db(), local.owner, local.projectId, { format: "jsonl" });
    expect(full.report.mismatched.total).toBe(1);
    expect(full.report.mismatched.items[0]!.spanId).toBe(local.spans.goldQuote);
  });

  it("an empty selection gives a valid, empty file of every format plus a message, never an error", async () => {
    for (const format of EXPORT_FORMAT_IDS) {
      const { bytes, report, started } = await exportBytes(db(), seed.owner, seed.projectId, { format, status: ["returned"] });
      expect(started.documentsTotal).toBe(0);
      expect(report.documents).toBe(0);
      expect(report.notes.some((n) => n.startsWith("No documents match this selection with status returned"))).toBe(true);
      const text = format === "brat" ? "" : strFromU8(bytes);
      switch (format) {
        case "jsonl":
        case "jsonl-rich":
        case "spacy":
          expect(text).toBe("");
          break;
        case "label-studio":
          expect(JSON.parse(text)).toEqual([]);
          break;
        case "w3c":
          expect(JSON.parse(text)).toMatchObject({ type: "AnnotationCollection", total: 0, first: { items: [] } });
          break;
        case "csv":
          expect(text.split("\r\n")[0]).toBe("document_id,title,annotator,label,start,end,text,attributes,note,entity_id");
          expect(text.trim().split("\r\n")).toHaveLength(1);
          break;
        case "conll":
          expect(text.split("\n").filter((l) => l !== "").every((l) => l.startsWith("# "))).toBe(true);
          break;
        case "brat":
          expect(Object.keys(unzipSync(bytes)).sort()).toEqual(["annotation.conf", "visual.conf"]);
          break;
      }
    }
  });

  it("an unknown format is a 400 whose message lists every format", async () => {
    const err = (await streamExport(db(), seed.owner, seed.projectId, { format: "xlsx" }).catch((e: unknown) => e)) as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err.status).toBe(400);
    expect(err.code).toBe("bad_request");
    for (const id of EXPORT_FORMAT_IDS) expect(err.message).toContain(id);
    const missing = (await previewExport(db(), seed.owner, seed.projectId, {}).catch((e: unknown) => e)) as AppError;
    expect(missing.status).toBe(400);
    expect(missing.message).toContain("jsonl-rich");
  });

  it("refuses non-members and annotators with 403 (download, preview, report and page data)", async () => {
    for (const actor of [seed.outsider, seed.annotatorOnly, seed.alice]) {
      for (const call of [
        () => streamExport(db(), actor, seed.projectId, { format: "jsonl" }),
        () => previewExport(db(), actor, seed.projectId, { format: "jsonl" }),
        () => computeExportReport(db(), actor, seed.projectId, { format: "jsonl" }),
        () => getExportPageData(db(), actor, seed.projectId),
      ]) {
        const err = (await call().catch((e: unknown) => e)) as AppError;
        expect(err).toBeInstanceOf(AppError);
        expect(err.status).toBe(403);
      }
    }
    // A reviewer may export.
    const { report } = await exportBytes(db(), seed.rita, seed.slug, { format: "jsonl" });
    expect(report.documents).toBe(3);
  });

  it("records each download in the audit log with its format, layer and filters", async () => {
    await exportBytes(db(), seed.rita, seed.projectId, { format: "spacy", status: ["approved"] });
    const rows = await db().select().from(auditEvents).where(and(eq(auditEvents.projectId, seed.projectId), eq(auditEvents.action, "export.download"), eq(auditEvents.actorId, seed.rita.userId)));
    expect(rows.some((r) => (r.after as { format: string; layer: string; filters: { status: string[] } }).format === "spacy")).toBe(true);
    const spacy = rows.find((r) => (r.after as { format: string }).format === "spacy")!;
    expect(spacy.after).toMatchObject({ layer: "gold", filters: { status: ["approved"] }, documents: 1 });
  });

  it("preview: the first records as text, counts for the whole selection and a sample report", async () => {
    const preview = await previewExport(db(), seed.owner, seed.projectId, { format: "jsonl", layer: "all" });
    expect(preview.counts).toEqual({ documents: 3, spans: 9 });
    expect(preview.previewDocuments).toBe(3);
    expect(preview.preview.trim().split("\n")).toHaveLength(3);
    expect(preview.report.documents).toBe(3);
    expect(preview.layer).toBe("all");
    const brat = await previewExport(db(), seed.owner, seed.projectId, { format: "brat" });
    expect(brat.preview).toContain(".ann ──");
    expect(brat.preview).toContain("東京港湾局");
    const conll = await previewExport(db(), seed.owner, seed.projectId, { format: "conll" });
    expect(conll.preview).toContain("-DOCSTART-");
  });

  it("reads the selection in keyset batches: every document exactly once, in id order, whatever the batch size", async () => {
    const many = await seedProject(db(), "Export Batches");
    const project = { id: many.projectId, slug: many.slug, name: "Export Batches" };
    for (let i = 0; i < 7; i++) {
      const text = `Extra ${i} 🚢 東京`;
      await db().insert(documents).values({ projectId: many.projectId, title: `Extra ${i}`, text, length: codePointLength(text), contentHash: contentHash(text) });
    }
    const plan = await planExport(db(), project, { format: "jsonl", layer: "all" });
    for (const batchSize of [1, 2, 3, 200]) {
      const run = runExport(db(), plan, { batchSize });
      let out = "";
      for await (const chunk of run.chunks) out += chunk as string;
      const ids = out.trim().split("\n").map((l) => JSON.parse(l).id as string);
      expect(ids).toHaveLength(10);
      expect([...ids].sort()).toEqual(ids);
      expect(new Set(ids).size).toBe(10);
      expect(run.report.spans).toBe(9);
    }
  });

  it("page data lists gold, all and each annotator with span counts, labels and members", async () => {
    const data = await getExportPageData(db(), seed.owner, seed.projectId);
    expect(data.defaultLayer).toBe("gold");
    expect(data.layers.map((l) => l.value)).toEqual(["gold", "all", ...[seed.alice.email, seed.rita.email].sort()]);
    expect(data.layers[0]!.spans).toBe(6);
    expect(data.labels.map((l) => l.name)).toEqual(["Claim", "Quote", "Entity"]);
    expect(data.totalDocuments).toBe(3);
  });
});
