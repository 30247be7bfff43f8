import { strToU8 } from "fflate";
import { describe, expect, it } from "vitest";
import { parseBratDocument, parseBratFiles } from "./brat";
import { ImportError } from "./errors";

const TEXT = "Zoë 🚢 said:\n“We reopen.”\n東京 agreed.";

describe("brat parser", () => {
  it("reads spans (joining line-break fragments), attributes, entity types, notes, references and relations", () => {
    const ann = [
      "T1\tPublic_Figure 0 3\tZoë",
      "T2\tQuote 12 24;25 27\t“We reopen.” 東京",
      "A1\tverified T2",
      "A2\tform T2 very_direct",
      "A3\tentity_type T1 person",
      "#1\tAnnotatorNotes T2\tcheck the date",
      "N1\tReference T1 Wikidata:Q42\tZoë Ø",
      "R1\tsaid_by Arg1:T2 Arg2:T1",
      "",
    ].join("\n");
    const record = parseBratDocument(TEXT, ann, "doc", 0, { names: { labels: ["Public Figure", "Quote"], values: ["very direct"] } });
    expect(record.spans).toEqual([
      { id: "T1", start: 0, end: 3, label: "Public Figure", text: "Zoë", attributes: {}, entityType: "person", note: null, entity: { id: null, name: "Zoë Ø", externalId: "Q42" }, annotator: null },
      { id: "T2", start: 12, end: 27, label: "Quote", text: "“We reopen.”\n東京", attributes: { verified: true, form: "very direct" }, entityType: null, note: "check the date", entity: null, annotator: null },
    ]);
    expect(record.relations).toEqual([{ id: "R1", type: "said_by", fromId: "T2", toId: "T1" }]);
    expect(record.warnings).toEqual([]);
  });

  it("joins a discontinuous span with text between its fragments, with a warning", () => {
    const record = parseBratDocument(TEXT, "T1\tX 0 3;6 10\tZoë said\n", "doc");
    expect(record.spans[0]).toMatchObject({ start: 0, end: 10, text: "Zoë 🚢 said" });
    expect(record.warnings[0]).toContain("discontinuous");
  });

  it("refuses an .ann that does not fit its .txt, and dangling references, with the line", () => {
    expect(() => parseBratDocument(TEXT, "T1\tX 0 3\tZoe\n", "doc")).toThrow(/does not match the .txt/);
    const dangling = (() => {
      try {
        parseBratDocument(TEXT, "T1\tX 0 3\tZoë\nR1\tr Arg1:T1 Arg2:T9\n", "doc");
      } catch (e) {
        return e as ImportError;
      }
      return null;
    })();
    expect(dangling?.line).toBe(2);
    expect(dangling?.message).toContain("T9");
  });

  it("pairs .txt and .ann files in an archive, ignores configuration files and needs the text for every .ann", () => {
    const records = parseBratFiles({
      "corpus/b.txt": strToU8("second"),
      "corpus/b.ann": strToU8("T1\tX 0 6\tsecond\n"),
      "corpus/a.txt": strToU8("first"),
      "annotation.conf": strToU8("[entities]\nX\n"),
    });
    expect(records.map((r) => [r.id, r.text, r.spans.length])).toEqual([
      ["a", "first", 0],
      ["b", "second", 1],
    ]);
    expect(() => parseBratFiles({ "x.ann": strToU8("") })).toThrow(/no x.txt/);
    expect(() => parseBratFiles({ "annotation.conf": strToU8("") })).toThrow(ImportError);
  });
});
