/**
 * Hand-written test project for the export golden files. All text is invented for these tests.
 *
 * Covers: combining marks (decomposed "ú", "é", "ã"), emoji outside the BMP, ZWJ sequences (family,
 * cook with skin tone), CJK, a no-break space, a span containing "\n", nested and partially
 * overlapping spans, a span that ends inside a token (CoNLL: misaligned), relations (one across
 * annotators, one to a rejected span), choice / boolean / text attributes, a note with a line
 * break, entities linked by QID, by Wikidata URL and not at all (Spanlab id), two annotators plus
 * the gold layer, and one span stored with UTF-16 offsets by mistake (must be rejected).
 *
 * Offsets are code points (computed once with Python `str.index`, written here as literals).
 */
import type { ExportDocument, ExportOptions, ExportProject, ExportSpan } from "../types";

export const HARBOUR_PROJECT: ExportProject = {
  id: "proj-harbour",
  name: "Harbour Watch",
  slug: "harbour-watch",
  labels: [
    {
      id: "lbl-claim",
      name: "Claim",
      kind: "claim",
      color: "#d97706",
      entityTypes: [],
      attributes: [
        { key: "stance", name: "Stance", type: "choice", options: ["supportive", "neutral", "skeptical"] },
        { key: "checkworthy", name: "Check-worthy", type: "boolean" },
        { key: "source_hint", name: "Source hint", type: "text" },
      ],
      relationTypes: [{ type: "said_by", targetKinds: ["entity"] }],
    },
    {
      id: "lbl-quote",
      name: "Quote",
      kind: "quote",
      color: "#2563eb",
      entityTypes: [],
      attributes: [{ key: "verified", name: "Verified", type: "boolean" }],
      relationTypes: [{ type: "said_by", targetKinds: ["entity"] }],
    },
    {
      id: "lbl-public",
      name: "Public Figure",
      kind: "entity",
      color: "#059669",
      entityTypes: ["person", "organization"],
      attributes: [],
    },
    {
      id: "lbl-person",
      name: "Person",
      kind: "entity",
      color: "#10b981",
      entityTypes: ["person"],
      attributes: [],
    },
    {
      id: "lbl-place",
      name: "Place",
      kind: "entity",
      color: "#7c3aed",
      entityTypes: ["location"],
      attributes: [],
    },
    { id: "lbl-topic", name: "Topic", kind: "other", color: "#6b7280", entityTypes: [], attributes: [] },
  ],
};

const ALICE = "alice@example.org";
const BOB = "bob@example.org";

function at(iso: string): Date {
  return new Date(iso);
}

function span(partial: Partial<ExportSpan> & Pick<ExportSpan, "id" | "start" | "end" | "labelId" | "label" | "quote">): ExportSpan {
  return {
    attributes: {},
    note: null,
    entityId: null,
    entityName: null,
    entityExternalId: null,
    entityType: null,
    annotator: ALICE,
    createdAt: at("2025-03-01T09:00:00.000Z"),
    updatedAt: at("2025-03-01T09:30:00.000Z"),
    ...partial,
  };
}

/** 185 code points, 190 UTF-16 units (five astral characters). */
export const HARBOUR_TEXT =
  "Mayor Ana Lu\u0301cia Pereira said: \u201cThe new ferry \u{1F6A2} will run every hour,\n" +
  "starting in June.\u201d Critics \u{1F469}\u200D\u{1F469}\u200D\u{1F467} were not convinced.\n" +
  "The cafe\u0301 owner, Joa\u0303o Mendes, said fares rose 12% \u{1F4C8} since May.";

/** 60 code points. */
export const MARKET_TEXT =
  "\u53F0\u5317\u7684\u591C\u5E02\u5F88\u70ED\u95F9\u3002\u644A\u4E3B\u8BF4\uFF1A\u201C\u4ECA\u5E74\u6E38\u5BA2\u591A\u4E86\u4E09\u6210\u3002\u201D\n" +
  "\u{1F35C} Noodle stall \u{1F9D1}\u{1F3FD}\u200D\u{1F373} opened at 6\u00A0pm.";

export const HARBOUR_DOCUMENTS: ExportDocument[] = [
  {
    id: "doc-harbour",
    title: "Harbour ferry hearing",
    text: HARBOUR_TEXT,
    sourceUrl: null,
    meta: { lang: "en", title: "meta title must not win" },
    status: "in_review",
    spans: [
      span({
        id: "s-ana",
        start: 6,
        end: 24,
        labelId: "lbl-public",
        label: "Public Figure",
        quote: "Ana Lu\u0301cia Pereira",
        entityId: "ent-ana",
        entityName: "Ana L\u00FAcia Pereira",
        entityExternalId: "Q4115189",
        entityType: "person",
      }),
      span({
        id: "s-quote",
        start: 32,
        end: 86,
        labelId: "lbl-quote",
        label: "Quote",
        quote: "The new ferry \u{1F6A2} will run every hour,\nstarting in June.",
        attributes: { verified: true },
      }),
      span({
        id: "s-ferry-claim",
        start: 32,
        end: 67,
        labelId: "lbl-claim",
        label: "Claim",
        quote: "The new ferry \u{1F6A2} will run every hour",
        attributes: { stance: "neutral", checkworthy: false },
      }),
      span({
        id: "s-ferr",
        start: 40,
        end: 44,
        labelId: "lbl-topic",
        label: "Topic",
        quote: "ferr",
      }),
      span({
        id: "s-pereira-said",
        start: 17,
        end: 29,
        labelId: "lbl-topic",
        label: "Topic",
        quote: "Pereira said",
        annotator: BOB,
      }),
      span({
        id: "s-critics",
        start: 88,
        end: 121,
        labelId: "lbl-claim",
        label: "Claim",
        quote: "Critics \u{1F469}\u200D\u{1F469}\u200D\u{1F467} were not convinced.",
        attributes: { stance: "skeptical" },
        annotator: BOB,
        createdAt: at("2025-03-02T10:00:00.000Z"),
        updatedAt: at("2025-03-02T10:05:00.000Z"),
      }),
      // Stored with UTF-16 offsets by a buggy client: text[106:124] is not the quote.
      span({
        id: "s-utf16-bug",
        start: 106,
        end: 124,
        labelId: "lbl-topic",
        label: "Topic",
        quote: "were not convinced",
        annotator: BOB,
      }),
      span({
        id: "s-cafe-owner",
        start: 126,
        end: 137,
        labelId: "lbl-topic",
        label: "Topic",
        quote: "cafe\u0301 owner",
        annotator: BOB,
      }),
      span({
        id: "s-joao",
        start: 139,
        end: 151,
        labelId: "lbl-person",
        label: "Person",
        quote: "Joa\u0303o Mendes",
        entityId: "ent-joao",
        entityName: "Jo\u00E3o Mendes",
        entityType: "person",
      }),
      span({
        id: "s-fares",
        start: 158,
        end: 184,
        labelId: "lbl-claim",
        label: "Claim",
        quote: "fares rose 12% \u{1F4C8} since May",
        attributes: { stance: "skeptical", checkworthy: true, source_hint: "annual report, p. 4" },
        note: "Check against the 2024 fare table.\nAsk the operator.",
        updatedAt: at("2025-03-03T08:15:00.000Z"),
      }),
    ],
    relations: [
      { id: "r-quote-ana", type: "said_by", fromId: "s-quote", toId: "s-ana" },
      { id: "r-fares-joao", type: "said_by", fromId: "s-fares", toId: "s-joao" },
      { id: "r-critics-ana", type: "said_by", fromId: "s-critics", toId: "s-ana" },
      { id: "r-bug-ana", type: "said_by", fromId: "s-utf16-bug", toId: "s-ana" },
    ],
  },
  {
    id: "doc-market",
    title: "\u591C\u5E02 notes \u2014 Taipei",
    text: MARKET_TEXT,
    sourceUrl: "https://example.org/night-market",
    meta: { lang: "zh", batch: 2 },
    status: "approved",
    spans: [
      span({
        id: "g-taipei",
        start: 0,
        end: 2,
        labelId: "lbl-place",
        label: "Place",
        quote: "\u53F0\u5317",
        entityId: "ent-taipei",
        entityName: "Taipei",
        entityExternalId: "https://www.wikidata.org/wiki/Q1867",
        entityType: "location",
        annotator: "gold",
      }),
      span({
        id: "g-owner",
        start: 9,
        end: 11,
        labelId: "lbl-person",
        label: "Person",
        quote: "\u644A\u4E3B",
        annotator: "gold",
      }),
      span({
        id: "g-claim",
        start: 14,
        end: 22,
        labelId: "lbl-claim",
        label: "Claim",
        quote: "\u4ECA\u5E74\u6E38\u5BA2\u591A\u4E86\u4E09\u6210",
        attributes: { stance: "supportive" },
        annotator: "gold",
      }),
      span({
        id: "g-quote",
        start: 13,
        end: 24,
        labelId: "lbl-quote",
        label: "Quote",
        quote: "\u201C\u4ECA\u5E74\u6E38\u5BA2\u591A\u4E86\u4E09\u6210\u3002\u201D",
        attributes: { verified: false },
        annotator: "gold",
      }),
      span({
        id: "g-noodle",
        start: 25,
        end: 39,
        labelId: "lbl-place",
        label: "Place",
        quote: "\u{1F35C} Noodle stall",
        entityType: "location",
        annotator: "gold",
      }),
      span({
        id: "g-chef",
        start: 40,
        end: 44,
        labelId: "lbl-topic",
        label: "Topic",
        quote: "\u{1F9D1}\u{1F3FD}\u200D\u{1F373}",
        annotator: "gold",
      }),
    ],
    relations: [{ id: "r-quote-owner", type: "said_by", fromId: "g-quote", toId: "g-owner" }],
  },
];

export const HARBOUR_OPTIONS: ExportOptions = {
  offsets: "codepoint",
  layerDescription: "all annotators + gold",
  now: new Date("2025-04-01T12:00:00.000Z"),
};

/** Yields the documents one by one, like the server's paginated database reader. */
export async function* streamDocuments(docs: readonly ExportDocument[]): AsyncIterable<ExportDocument> {
  for (const doc of docs) {
    await Promise.resolve();
    yield doc;
  }
}
