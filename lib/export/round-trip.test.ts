/**
 * Round trip (property test): documents generated from a seed — emoji (incl. ZWJ sequences, flags,
 * skin tones), CJK, combining marks, line breaks inside spans, overlapping spans, attributes of every
 * type, notes, entity links, relations, several annotators and gold — are exported with the writers and
 * parsed back with the import parsers; text, spans, labels, attributes and relations must come back
 * identical (for brat: identical up to what brat can represent, listed in `bratProjection`).
 */
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { createOffsetIndex, sliceByCodePoints } from "@/lib/annotation/offsets";
import { parseBratFiles } from "@/lib/import/brat";
import { parseJsonl } from "@/lib/import/jsonl";
import { parseJsonlRich } from "@/lib/import/jsonl-rich";
import { parseLabelStudioTasks } from "@/lib/import/label-studio";
import type { AnnotatedRecord, AnnotatedSpan } from "@/lib/import/annotated-record";
import { concatBytes } from "./bytes";
import { createEmptyReport, getExportWriter, type ExportFormat } from "./index";
import type { ExportChunk, ExportDocument, ExportOffsetUnit, ExportProject, ExportReport, ExportSpan } from "./types";

// ---------------------------------------------------------------------------------------------
// A small seeded generator (mulberry32); no dependency.

function createRandom(seed: number) {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const chance = (p: number): boolean => next() < p;
  return { next, int, pick, chance };
}
type Random = ReturnType<typeof createRandom>;

const WORDS = [
  "harbour", "council", "said", "the", "ferry", "naïve", "café", "cafe\u0301", "São", "Paulo", "Zoë", "mañana",
  "n\u0303", "a\u0308\u0301", "東京", "港湾局", "記者会見", "北京", "서울", "😀", "🚢", "👨‍👩‍👧", "👩🏽‍🍳", "🇺🇦", "🇫🇷",
  "👍🏽", "𝒳", "𠀋", "“quoted”", "«guillemets»", "x²", "naïveté", "Ελλάδα", "Ꭰ", "#1", "100%", "e-mail",
];
const SEPARATORS = [" ", " ", " ", " ", ", ", ". ", "\n", "\n\n", " — ", "\t", "\u00a0"];

const ANNOTATORS = ["alice@example.org", "bob@example.org", "gold"];

const ROUND_TRIP_PROJECT: ExportProject = {
  id: "proj-round-trip",
  name: "Round trip",
  slug: "round-trip",
  labels: [
    {
      id: "lbl-claim",
      name: "Claim",
      kind: "claim",
      color: "#d97706",
      entityTypes: [],
      attributes: [
        { key: "stance", name: "Stance", type: "choice", options: ["supportive", "neutral", "very skeptical"] },
        { key: "check_worthy", name: "Check-worthy", type: "boolean" },
        { key: "source hint", name: "Source hint", type: "text" },
      ],
      relationTypes: [{ type: "claimed_by", targetKinds: ["entity"] }],
    },
    {
      id: "lbl-quote",
      name: "Quote",
      kind: "quote",
      color: "#2563eb",
      entityTypes: [],
      attributes: [{ key: "form", name: "Form", type: "choice", options: ["direct", "indirect", "paraphrase"] }],
      relationTypes: [{ type: "said_by", targetKinds: ["entity"] }],
    },
    { id: "lbl-figure", name: "Public Figure", kind: "entity", color: "#059669", entityTypes: ["person", "organization"], attributes: [] },
    { id: "lbl-place", name: "地名", kind: "entity", color: "#7c3aed", entityTypes: ["location"], attributes: [] },
  ],
};

/** Grapheme boundaries of `text` in code points, and which clusters are whitespace. */
function graphemes(text: string): { start: number; end: number; blank: boolean }[] {
  const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
  const index = createOffsetIndex(text);
  return [...segmenter.segment(text)].map((s) => ({
    start: index.toCodePoint(s.index),
    end: index.toCodePoint(s.index + s.segment.length),
    blank: /^\s+$/u.test(s.segment),
  }));
}

function randomAttributes(rnd: Random, labelId: string): Record<string, string | boolean> {
  const label = ROUND_TRIP_PROJECT.labels.find((l) => l.id === labelId);
  const out: Record<string, string | boolean> = {};
  for (const def of label?.attributes ?? []) {
    if (!rnd.chance(0.7)) continue;
    if (def.type === "choice") out[def.key] = rnd.pick(def.options ?? []);
    else if (def.type === "boolean") out[def.key] = rnd.chance(0.5);
    else out[def.key] = `${rnd.pick(WORDS)} ${rnd.pick(WORDS)}`;
  }
  return out;
}

function generateDocument(rnd: Random, n: number): ExportDocument {
  const parts: string[] = [];
  const words = rnd.int(3, 60);
  for (let i = 0; i < words; i++) {
    parts.push(rnd.pick(WORDS));
    if (i < words - 1) parts.push(rnd.pick(SEPARATORS));
  }
  const text = parts.join("");
  const clusters = graphemes(text);
  const solid = clusters.filter((c) => !c.blank);
  const spans: ExportSpan[] = [];
  const used = new Set<string>();
  const spanCount = solid.length === 0 ? 0 : rnd.int(0, 14);
  for (let i = 0; i < spanCount; i++) {
    const a = rnd.int(0, solid.length - 1);
    const b = Math.min(solid.length - 1, a + rnd.int(0, 8));
    const start = solid[a]!.start;
    const end = solid[b]!.end;
    const label = rnd.pick(ROUND_TRIP_PROJECT.labels);
    const key = `${start}:${end}:${label.name}`;
    if (used.has(key)) continue; // brat cannot tell identical spans of two annotators apart
    used.add(key);
    const linked = label.kind === "entity" && rnd.chance(0.6);
    spans.push({
      id: `s${n}-${i}`,
      start,
      end,
      labelId: label.id,
      label: label.name,
      quote: sliceByCodePoints(text, start, end),
      attributes: randomAttributes(rnd, label.id),
      note: rnd.chance(0.3) ? rnd.pick(["check this 🧐", "two\nlines", "東京 note", "tab\there"]) : null,
      entityId: linked ? `ent-${rnd.int(1, 5)}` : null,
      entityName: linked ? rnd.pick(["Ada Lovelace", "東京都", "Zoë Ø"]) : null,
      entityExternalId: linked ? rnd.pick(["Q42", "Q1490", null]) : null,
      entityType: label.entityTypes.length > 0 && rnd.chance(0.8) ? rnd.pick(label.entityTypes) : null,
      annotator: rnd.pick(ANNOTATORS),
      createdAt: new Date(Date.UTC(2025, 0, 1 + (n % 28))),
      updatedAt: new Date(Date.UTC(2025, 1, 1 + (n % 28))),
    });
  }
  // Relations between spans of one annotator (Label Studio keeps relations inside one annotation).
  const relations: ExportDocument["relations"] = [];
  const relationCount = spans.length < 2 ? 0 : rnd.int(0, 4);
  for (let i = 0; i < relationCount; i++) {
    const from = rnd.pick(spans);
    const candidates = spans.filter((s) => s !== from && s.annotator === from.annotator);
    if (candidates.length === 0) continue;
    const to = rnd.pick(candidates);
    relations.push({ id: `r${n}-${i}`, type: rnd.pick(["said_by", "claimed_by"]), fromId: from.id, toId: to.id });
  }
  return {
    id: `doc-${n}`,
    title: `Generated ${n} ${rnd.pick(WORDS)}`,
    text,
    sourceUrl: rnd.chance(0.5) ? `https://example.org/articles/${n}` : null,
    meta: rnd.chance(0.5) ? { section: rnd.pick(["world", "東京"]), rank: n } : {},
    status: rnd.pick(["approved", "in_review", "submitted"]),
    spans,
    relations,
  };
}

// ---------------------------------------------------------------------------------------------
// Running the writers.

async function* streamOf(docs: readonly ExportDocument[]): AsyncGenerator<ExportDocument> {
  for (const d of docs) yield d;
}

async function runWriter(format: ExportFormat, docs: readonly ExportDocument[], offsets: ExportOffsetUnit = "codepoint") {
  const report = createEmptyReport();
  const chunks: ExportChunk[] = [];
  const options = { offsets, layerDescription: "all layers", now: new Date("2025-06-01T00:00:00Z") };
  for await (const chunk of getExportWriter(format)(ROUND_TRIP_PROJECT, streamOf(docs), options, report)) chunks.push(chunk);
  return { chunks, report };
}

function textOf(chunks: ExportChunk[]): string {
  return chunks.map((c) => (typeof c === "string" ? c : "")).join("");
}

function bytesOf(chunks: ExportChunk[]): Uint8Array {
  return concatBytes(chunks.filter((c): c is Uint8Array => typeof c !== "string"));
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

function expectCleanReport(report: ExportReport, docs: readonly ExportDocument[]): void {
  expect(report.mismatched).toEqual([]);
  expect(report.relationsDropped).toEqual([]);
  expect(report.documents).toBe(docs.length);
  expect(report.spans).toBe(docs.reduce((n, d) => n + d.spans.length, 0));
}

// ---------------------------------------------------------------------------------------------
// Comparable shapes.

interface SpanShape {
  start: number;
  end: number;
  label: string;
  text: string;
  attributes: Record<string, string | boolean>;
  entityType: string | null;
  note: string | null;
  annotator: string | null;
}

function sortAttrs(a: Record<string, string | boolean>): Record<string, string | boolean> {
  return Object.fromEntries(Object.entries(a).sort(([x], [y]) => (x < y ? -1 : 1)));
}

function fromExport(s: ExportSpan): SpanShape {
  return { start: s.start, end: s.end, label: s.label, text: s.quote, attributes: sortAttrs(s.attributes), entityType: s.entityType, note: s.note, annotator: s.annotator };
}

function fromImport(s: AnnotatedSpan): SpanShape {
  return { start: s.start, end: s.end, label: s.label, text: s.text, attributes: sortAttrs(s.attributes), entityType: s.entityType, note: s.note, annotator: s.annotator };
}

const byPosition = (a: SpanShape, b: SpanShape): number =>
  a.start - b.start || b.end - a.end || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0) || ((a.annotator ?? "") < (b.annotator ?? "") ? -1 : 1);

function spanKey(s: { start: number; end: number; label: string }): string {
  return `${s.start}:${s.end}:${s.label}`;
}

/** Relations as (from span, to span, type), by span position and label (independent of ids). */
function relationShapes(
  spans: readonly { id: string; start: number; end: number; label: string }[],
  relations: readonly { fromId: string; toId: string; type: string }[],
): string[] {
  const byId = new Map(spans.map((s) => [s.id, spanKey(s)]));
  return relations.map((r) => `${byId.get(r.fromId)} -${r.type}-> ${byId.get(r.toId)}`).sort();
}

/** What brat can hold: no text attributes, false booleans are absent, notes on one line, no annotator. */
function bratProjection(s: ExportSpan): SpanShape {
  const defs = ROUND_TRIP_PROJECT.labels.find((l) => l.id === s.labelId)?.attributes ?? [];
  const attributes: Record<string, string | boolean> = {};
  for (const [key, value] of Object.entries(s.attributes)) {
    if (defs.find((d) => d.key === key)?.type === "text") continue;
    if (value === false) continue;
    attributes[key] = value;
  }
  const note = s.note !== null && s.note.trim() !== "" ? s.note.replace(/[\t\r\n]+/g, " ") : null;
  return { ...fromExport(s), attributes: sortAttrs(attributes), note, annotator: null };
}

const SEEDS = Array.from({ length: 25 }, (_, i) => 1000 + i * 7919);

function generateCorpus(seed: number): ExportDocument[] {
  const rnd = createRandom(seed);
  return Array.from({ length: rnd.int(1, 6) }, (_, i) => generateDocument(rnd, seed * 10 + i));
}

const BRAT_NAMES = {
  labels: ROUND_TRIP_PROJECT.labels.map((l) => l.name),
  relationTypes: ["said_by", "claimed_by"],
  attributeKeys: ROUND_TRIP_PROJECT.labels.flatMap((l) => l.attributes.map((a) => a.key)),
  values: ROUND_TRIP_PROJECT.labels.flatMap((l) => [...l.entityTypes, ...l.attributes.flatMap((a) => a.options ?? [])]),
};

const LS_ATTRIBUTE_TYPES = Object.fromEntries(ROUND_TRIP_PROJECT.labels.flatMap((l) => l.attributes.map((a) => [a.key, a.type])));

describe("round trip: export, parse back, compare (generated documents with emoji, CJK, combining marks)", () => {
  it("the generator produces the hard cases it is meant to (astral characters, combining marks, CJK, spans across line breaks, overlaps)", () => {
    const docs = SEEDS.flatMap(generateCorpus);
    const texts = docs.map((d) => d.text).join("");
    expect(texts).toMatch(/\p{Extended_Pictographic}/u);
    expect(texts).toMatch(/\p{M}/u);
    expect(texts).toMatch(/\p{Script=Han}/u);
    const spans = docs.flatMap((d) => d.spans);
    expect(spans.some((s) => s.quote.includes("\n"))).toBe(true);
    expect(spans.some((s) => [...s.quote].length !== s.quote.length)).toBe(true);
    expect(docs.some((d) => d.spans.some((a) => d.spans.some((b) => a !== b && a.start < b.end && b.start < a.end)))).toBe(true);
    expect(docs.reduce((n, d) => n + d.relations.length, 0)).toBeGreaterThan(10);
  });

  it.each(SEEDS)("jsonl (doccano) → lib/import parseJsonl: identical text, spans and labels (seed %i)", async (seed) => {
    const docs = generateCorpus(seed);
    const { chunks, report } = await runWriter("jsonl", docs);
    expectCleanReport(report, docs);
    const records = await collect(parseJsonl([new TextEncoder().encode(textOf(chunks))]));
    expect(records).toHaveLength(docs.length);
    records.forEach((record, i) => {
      const doc = docs[i]!;
      expect(record.text).toBe(doc.text);
      expect(record.title).toBe(doc.title);
      const expected = doc.spans.map((s) => ({ start: s.start, end: s.end, label: s.label })).sort((a, b) => spanKey(a).localeCompare(spanKey(b)));
      expect([...record.labels].sort((a, b) => spanKey(a).localeCompare(spanKey(b)))).toEqual(expected);
      for (const l of record.labels) expect(sliceByCodePoints(record.text, l.start, l.end)).toBe(doc.spans.find((s) => spanKey(s) === spanKey(l))?.quote);
    });
  });

  it.each(SEEDS.flatMap((seed) => [[seed, "codepoint"] as const, [seed, "utf16"] as const]))(
    "jsonl-rich → parseJsonlRich: identical text, spans, labels, attributes, notes, entities, annotators and relations (seed %i, %s offsets)",
    async (seed, offsets) => {
      const docs = generateCorpus(seed);
      const { chunks, report } = await runWriter("jsonl-rich", docs, offsets);
      expectCleanReport(report, docs);
      const records = await collect(parseJsonlRich(textOf(chunks), { offsets }));
      expect(records).toHaveLength(docs.length);
      records.forEach((record, i) => {
        const doc = docs[i]!;
        expect(record.id).toBe(doc.id);
        expect(record.text).toBe(doc.text);
        expect(record.title).toBe(doc.title);
        expect(record.sourceUrl).toBe(doc.sourceUrl);
        expect(record.status).toBe(doc.status);
        expect(record.meta).toEqual(doc.meta);
        expect(record.spans.map(fromImport).sort(byPosition)).toEqual(doc.spans.map(fromExport).sort(byPosition));
        for (const span of record.spans) {
          const original = doc.spans.find((s) => s.id === span.id);
          expect(span.entity?.id ?? null).toBe(original?.entityId ?? null);
          expect(span.entity?.externalId ?? null).toBe(original?.entityExternalId ?? null);
        }
        expect(record.relations.map((r) => ({ id: r.id, type: r.type, fromId: r.fromId, toId: r.toId }))).toEqual(doc.relations);
      });
    },
  );

  it.each(SEEDS.flatMap((seed) => [[seed, "codepoint"] as const, [seed, "utf16"] as const]))(
    "label-studio → parseLabelStudioTasks: identical text, spans, labels, attributes, annotators and relations (seed %i, %s offsets)",
    async (seed, offsets) => {
      const docs = generateCorpus(seed);
      const { chunks, report } = await runWriter("label-studio", docs, offsets);
      expectCleanReport(report, docs);
      const records = parseLabelStudioTasks(textOf(chunks), { offsets, attributeTypes: LS_ATTRIBUTE_TYPES });
      expect(records).toHaveLength(docs.length);
      records.forEach((record, i) => {
        const doc = docs[i]!;
        expect(record.id).toBe(doc.id);
        expect(record.text).toBe(doc.text);
        expect(record.title).toBe(doc.title);
        expect(record.status).toBe(doc.status);
        expect(record.warnings).toEqual([]);
        // Label Studio has no place for an empty note; entity links are not exported (see the report notes).
        const expected = doc.spans.map((s) => ({ ...fromExport(s), note: s.note === "" ? null : s.note }));
        expect(record.spans.map(fromImport).sort(byPosition)).toEqual(expected.sort(byPosition));
        expect(new Set(record.spans.map((s) => s.id))).toEqual(new Set(doc.spans.map((s) => s.id)));
        expect(record.relations.map((r) => ({ type: r.type, fromId: r.fromId, toId: r.toId })).sort((a, b) => (a.fromId + a.toId < b.fromId + b.toId ? -1 : 1))).toEqual(
          doc.relations.map((r) => ({ type: r.type, fromId: r.fromId, toId: r.toId })).sort((a, b) => (a.fromId + a.toId < b.fromId + b.toId ? -1 : 1)),
        );
      });
    },
  );

  it.each(SEEDS)("brat → parseBratFiles: identical text, spans (line-break fragments joined back), labels, attributes, notes and relations (seed %i)", async (seed) => {
    const docs = generateCorpus(seed);
    const { chunks, report } = await runWriter("brat", docs);
    expectCleanReport(report, docs);
    const files = unzipSync(bytesOf(chunks));
    expect(Object.keys(files)).toContain("annotation.conf");
    const records: AnnotatedRecord[] = parseBratFiles(files, { names: BRAT_NAMES });
    expect(records).toHaveLength(docs.length);
    for (const record of records) {
      // The archive is ordered by file name; the stem ends with the document id.
      const doc = docs.find((d) => record.id?.endsWith(`--${d.id.toLowerCase()}`));
      expect(doc, `document for ${record.id}`).toBeDefined();
      if (!doc) continue;
      expect(strFromU8(files[`${record.id}.txt`]!)).toBe(doc.text);
      expect(record.text).toBe(doc.text);
      expect(record.warnings).toEqual([]);
      expect(record.spans.map(fromImport).sort(byPosition)).toEqual(doc.spans.map(bratProjection).sort(byPosition));
      for (const span of record.spans) {
        const original = doc.spans.find((s) => spanKey(s) === spanKey(span));
        if (original?.entityId) {
          if (original.entityExternalId) expect(span.entity?.externalId).toBe(original.entityExternalId);
          else expect(span.entity?.id).toBe(original.entityId);
        } else expect(span.entity).toBeNull();
      }
      expect(relationShapes(record.spans, record.relations)).toEqual(relationShapes(doc.spans, doc.relations));
    }
  });
});
