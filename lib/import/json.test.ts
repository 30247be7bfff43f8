import { describe, expect, it } from "vitest";
import { parseJson } from "./json";
import { chunked, collect, importError, utf8 } from "./test-helpers";

const parse = (content: string, options = {}) => collect(parseJson(chunked(utf8(content), 7), options));

describe("parseJson", () => {
  it("reads a top-level array of the same objects as JSONL, with index and no line", async () => {
    const records = await parse(
      JSON.stringify(
        [
          { text: "Première ligne\r\nDeuxième 😀", label: [[0, 9, "W"]] },
          { data: "Second article", labels: [], title: "Two" },
        ],
        null,
        2,
      ),
    );
    expect(records.map((r) => [r.index, r.line, r.title, r.text])).toEqual([
      [0, null, "Première ligne", "Première ligne\nDeuxième 😀"],
      [1, null, "Two", "Second article"],
    ]);
    expect(records[0]?.labels).toEqual([{ start: 0, end: 9, label: "W" }]);
  });

  it("reports errors in an element as record N (array index N-1)", async () => {
    const items = [{ text: "a" }, { text: "b" }, { text: "c" }, { body: "no text" }];
    const missing = await importError(() => parse(JSON.stringify(items)), "missing_text");
    expect(missing.message.startsWith('Record 4 (array index 3) has no "text" field')).toBe(true);
    expect(missing.record).toBe(3);

    const labels = await importError(() => parse(JSON.stringify([{ text: "abc" }, { text: "abc", label: [[1, 9, "X"]] }])), "label_out_of_range");
    expect(labels.message.startsWith('Record 2 (array index 1), label 1 [1,9,"X"]: end 9 is past the end')).toBe(true);
    expect(labels.record).toBe(1);

    const title = await importError(() => parse(JSON.stringify([{ text: "a", title: "x".repeat(501) }])), "title_too_long");
    expect(title.message).toContain("Title in record 1 (array index 0) is 501 characters; the limit is 500.");
  });

  it("reports syntax errors with line and column", async () => {
    const err = await importError(() => parse('[\n  {"text": "a"},\n  {"text": "b" "x"}\n]'), "json_parse");
    expect(err.line).toBe(3);
    expect(err.message).toMatch(/^The file is not valid JSON: .+ \(line 3, column 16\)\.$/);
  });

  it("rejects a top-level value that is not an array or object", async () => {
    const err = await importError(() => parse('"just a string"'), "json_parse");
    expect(err.message).toContain("A .json file must contain an array of articles");
  });

  it("rejects an empty array and a whitespace-only file as empty_file", async () => {
    await importError(() => parse("[]"), "empty_file");
    await importError(() => parse("  \n "), "empty_file");
  });

  it("reads a single object as one record, and JSON Lines saved as .json with line numbers", async () => {
    expect((await parse('{"text": "Solo"}')).map((r) => r.text)).toEqual(["Solo"]);
    const lines = await parse('{"text": "one"}\n\n{"text": "two"}\n');
    expect(lines.map((r) => [r.line, r.text])).toEqual([
      [1, "one"],
      [3, "two"],
    ]);
    const err = await importError(() => parse('{"text": "one"}\n{"text": }\n'), "json_parse");
    expect(err.line).toBe(2);
  });

  it("respects the byte limit while reading", async () => {
    await importError(() => parse(JSON.stringify([{ text: "x".repeat(5000) }]), { maxFileBytes: 1000 }), "too_large");
  });
});
