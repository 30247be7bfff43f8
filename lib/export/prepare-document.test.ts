import { describe, expect, it } from "vitest";
import { HARBOUR_DOCUMENTS } from "./__fixtures__/harbour-project";
import { createOffsetConverter, prepareDocument } from "./prepare-document";
import { createEmptyReport } from "./report";
import type { ExportDocument, ExportSpan } from "./types";

const TEXT = "a\u{1F600}b c\u0301d";

function makeSpan(id: string, start: number, end: number, quote: string): ExportSpan {
  return {
    id,
    start,
    end,
    labelId: "l",
    label: "L",
    quote,
    attributes: {},
    note: null,
    entityId: null,
    entityType: null,
    annotator: "gold",
    createdAt: new Date(0),
    updatedAt: new Date(0),
  };
}

function makeDoc(spans: ExportSpan[], relations: ExportDocument["relations"] = []): ExportDocument {
  return { id: "d", title: "t", text: TEXT, sourceUrl: null, meta: {}, status: "approved", spans, relations };
}

describe("prepareDocument", () => {
  it("accepts spans whose code-point slice equals the quote and orders them", () => {
    const report = createEmptyReport();
    const prepared = prepareDocument(
      makeDoc([makeSpan("b", 4, 6, "c\u0301"), makeSpan("a", 1, 3, "\u{1F600}b"), makeSpan("c", 1, 2, "\u{1F600}")]),
      report,
    );
    expect(prepared.spans.map((p) => p.span.id)).toEqual(["a", "c", "b"]);
    expect(report).toMatchObject({ documents: 1, spans: 3, mismatched: [] });
  });

  it("rejects wrong, out-of-range, empty, fractional and duplicate spans with a reason", () => {
    const report = createEmptyReport();
    const prepared = prepareDocument(
      makeDoc([
        makeSpan("utf16", 2, 3, "b"), // JS index of "b" is 3, code point index is 2 → "b" OK
        makeSpan("shifted", 3, 4, "b"),
        makeSpan("range", 5, 99, "x"),
        makeSpan("negative", -1, 1, "a"),
        makeSpan("empty", 2, 2, ""),
        makeSpan("float", 1.5, 2, "b"),
        makeSpan("utf16", 2, 3, "b"),
      ]),
      report,
    );
    expect(prepared.spans.map((p) => p.span.id)).toEqual(["utf16"]);
    expect(report.mismatched.map((m) => [m.spanId, m.reason.split(" ")[0]])).toEqual([
      ["shifted", "quote"],
      ["range", "offsets"],
      ["negative", "offsets"],
      ["empty", "empty"],
      ["float", "offsets"],
      ["utf16", "duplicate"],
    ]);
    expect(report.mismatched[0]?.reason).toBe('quote mismatch at [3, 4): stored "b", text has " "');
  });

  it("drops relations whose ends were rejected or are missing", () => {
    const report = createEmptyReport();
    const prepared = prepareDocument(
      makeDoc(
        [makeSpan("ok", 0, 1, "a"), makeSpan("bad", 0, 1, "z")],
        [
          { id: "r1", type: "t", fromId: "ok", toId: "ok" },
          { id: "r2", type: "t", fromId: "bad", toId: "ok" },
          { id: "r3", type: "t", fromId: "ok", toId: "ghost" },
        ],
      ),
      report,
    );
    expect(prepared.relations.map((r) => r.relation.id)).toEqual(["r1"]);
    expect(report.relationsDropped).toEqual([
      { documentId: "d", relationId: "r2", reason: "source span bad was not written (see mismatched)" },
      { documentId: "d", relationId: "r3", reason: "target span ghost is not in this document" },
    ]);
  });

  it("converts offsets to UTF-16 only when asked", () => {
    const prepared = prepareDocument(HARBOUR_DOCUMENTS[0] ?? makeDoc([]), createEmptyReport());
    expect(createOffsetConverter(prepared.index, "codepoint")(185)).toBe(185);
    expect(createOffsetConverter(prepared.index, "utf16")(185)).toBe(190);
  });
});
