import { describe, expect, it } from "vitest";
import { detectCsvDelimiter, parseCsv, readCsvHeader } from "./csv";
import { chunked, collect, importError, tinyChunks, utf8 } from "./test-helpers";
import type { CsvImportOptions } from "./csv";

const parse = (content: string | Uint8Array, options: Partial<CsvImportOptions> = {}) =>
  collect(parseCsv(chunked(typeof content === "string" ? utf8(content) : content, 5), { textColumn: "text", ...options }));

const SAMPLE = [
  "id,title,text,section",
  '1,Harbour budget,"The harbour board met on Tuesday.',
  'It approved the budget.",city',
  "",
  '2,"Quotes, commas","She said ""no"" — twice.",opinion',
  '3,Multi,"Line A\r\nLine B\r\n\r\nLine D",city',
  "4,,Untitled body text,misc",
].join("\r\n");

describe("parseCsv", () => {
  it("handles quoted newlines and reports the line each record starts on", async () => {
    const records = await parse(SAMPLE, { titleColumn: "title" });
    expect(records.map((r) => [r.index, r.line, r.title, r.text])).toEqual([
      [0, 2, "Harbour budget", "The harbour board met on Tuesday.\nIt approved the budget."],
      [1, 5, "Quotes, commas", 'She said "no" — twice.'],
      [2, 6, "Multi", "Line A\nLine B\n\nLine D"],
      [3, 10, "Untitled body text", "Untitled body text"],
    ]);
    expect(records[0]?.meta).toEqual({ id: "1", section: "city" });
  });

  it("gives the same result for tiny chunks that split characters and CRLFs", async () => {
    const content = utf8(`\ufeff${SAMPLE}\r\n5,Ünïcödé,"👩‍👩‍👧 e\u0301 北京",misc\r\n`);
    const whole = await collect(parseCsv([content], { textColumn: "text", titleColumn: "title" }));
    expect(whole).toHaveLength(5);
    expect(whole[4]).toMatchObject({ line: 11, title: "Ünïcödé", text: "👩‍👩‍👧 e\u0301 北京" });
    for (let seed = 1; seed <= 15; seed++) {
      expect(await collect(parseCsv(tinyChunks(content, seed), { textColumn: "text", titleColumn: "title" }))).toEqual(whole);
    }
  });

  it("drops a BOM before the header", async () => {
    const records = await parse(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8("text\nhello\n")]));
    expect(records.map((r) => r.text)).toEqual(["hello"]);
  });

  it("detects ; and tab delimiters, or uses the one given", async () => {
    expect((await parse("text;lang\nBonjour, monde;fr\n")).map((r) => [r.text, r.meta])).toEqual([["Bonjour, monde", { lang: "fr" }]]);
    expect((await parse("lang\ttext\nde\tHallo, Welt\n")).map((r) => r.text)).toEqual(["Hallo, Welt"]);
    expect((await parse("text|n\na;b|1\n", { delimiter: "|" })).map((r) => r.text)).toEqual(["a;b"]);
    expect(detectCsvDelimiter('"a;b;c",x,y')).toBe(",");
    expect(detectCsvDelimiter("single")).toBe(",");
  });

  it("copies only the chosen meta columns, and the source URL column", async () => {
    const [r] = await parse("text,a,b,url\nBody,1,2,https://example.org/x\n", { metaColumns: ["b"], sourceUrlColumn: "url" });
    expect(r?.meta).toEqual({ b: "2" });
    expect(r?.sourceUrl).toBe("https://example.org/x");
  });

  it("names meta keys safely: duplicates get a suffix, __proto__ stays a plain key", async () => {
    const [r] = await parse("text,a,a,,__proto__\nBody,1,2,3,4\n");
    expect(Object.keys(r?.meta ?? {})).toEqual(["a", "a (2)", "column 4", "__proto__"]);
    expect(Object.getOwnPropertyDescriptor(r?.meta, "__proto__")?.value).toBe("4");
    expect(Object.getPrototypeOf(r?.meta)).toBe(Object.prototype);
  });

  it("matches column names case-insensitively when there is no exact match", async () => {
    expect((await parse("ID, Text \n1,hi\n")).map((r) => r.text)).toEqual(["hi"]);
  });

  it("skips rows whose cells are all empty", async () => {
    expect((await parse("text,n\nA,1\n,\n , \nB,2\n")).map((r) => [r.line, r.text])).toEqual([
      [2, "A"],
      [5, "B"],
    ]);
  });

  it("csv_missing_column names the column and lists the columns found", async () => {
    const err = await importError(() => parse("id,headline,body\n1,a,b\n", { textColumn: "text" }), "csv_missing_column");
    expect(err.message).toBe(
      'The CSV file has no column named "text" (the article text). Columns found: "id", "headline", "body". Choose one of these columns.',
    );
    expect(err.columnsFound).toEqual(["id", "headline", "body"]);
    expect(err.column).toBe("text");
    const meta = await importError(() => parse("text,a\nx,1\n", { metaColumns: ["zzz"] }), "csv_missing_column");
    expect(meta.message).toContain('no column named "zzz" (a metadata column)');
  });

  it("csv_parse for a row with the wrong number of fields, with its line", async () => {
    const err = await importError(() => parse('text,n\n"a\nb",1\nc,2,3\n'), "csv_parse");
    expect(err.line).toBe(4);
    expect(err.message).toBe('Line 4 has 3 fields but the header has 2 columns. Put values that contain the delimiter (",") in double quotes.');
  });

  it("csv_parse for an unclosed quote, naming where the record starts", async () => {
    const err = await importError(() => parse('text,n\nok,1\n"never closed,2\nmore,3\n'), "csv_parse");
    expect(err.line).toBe(3);
    expect(err.message).toContain('The file ends inside a quoted field that starts on or after line 3: a closing " is missing.');
  });

  it("missing_text for an empty text cell, with the column name", async () => {
    const err = await importError(() => parse("text,n\nok,1\n,2\n"), "missing_text");
    expect(err.message).toBe('Line 3: the "text" column is empty. Every article needs some text.');
  });

  it("title_too_long with the line", async () => {
    const err = await importError(() => parse(`text,title\nok,${"T".repeat(600)}\n`, { titleColumn: "title" }), "title_too_long");
    expect(err.message).toContain("Title on line 2 is 600 characters; the limit is 500.");
  });

  it("invalid_utf8 from the decoder passes through the CSV parser unchanged", async () => {
    const bytes = new Uint8Array([...utf8("text\nCaf"), 0xe9, ...utf8("\n")]);
    const err = await importError(() => collect(parseCsv(chunked(bytes, 3), { textColumn: "text" })), "invalid_utf8");
    expect(err.byteOffset).toBe(8);
    expect(err.line).toBe(2);
  });

  it("empty_file for a header without rows, and for an empty file", async () => {
    expect((await importError(() => parse("text,n\n"), "empty_file")).message).toBe("The CSV file has a header row but no data rows.");
    await importError(() => parse(""), "empty_file");
  });

  it("stops reading when the consumer stops", async () => {
    let pulled = 0;
    async function* source(): AsyncGenerator<Uint8Array> {
      yield utf8("text\n");
      for (let i = 0; i < 1000; i++) {
        pulled++;
        yield utf8(`row ${i} ${"x".repeat(1000)}\n`);
      }
    }
    for await (const record of parseCsv(source(), { textColumn: "text" })) {
      expect(record.text.startsWith("row 0 ")).toBe(true);
      break;
    }
    // The 8 KB binary sniff window, one parser chunk and a couple of records: far from all 1,000.
    expect(pulled).toBeLessThan(100);
  });
});

describe("readCsvHeader", () => {
  it("returns columns, the delimiter, preview rows and suggestions from the first chunk", () => {
    const chunk = utf8('\ufeffid;Headline;Body\r\n1;"A; title";"Long body\ntext"\r\n2;B;Other bo');
    expect(readCsvHeader(chunk)).toEqual({
      columns: ["id", "Headline", "Body"],
      delimiter: ";",
      rows: [["1", "A; title", "Long body\ntext"]],
      suggestedTextColumn: "Body",
      suggestedTitleColumn: "Headline",
    });
  });

  it("suggests the column with the longest values when no name matches", () => {
    const header = readCsvHeader(utf8("a,b\nx,a much longer value\ny,another long value\n"));
    expect(header.suggestedTextColumn).toBe("b");
    expect(header.suggestedTitleColumn).toBeNull();
  });

  it("takes a chunk without a line break as the header", () => {
    expect(readCsvHeader(utf8("text,title")).columns).toEqual(["text", "title"]);
  });
});
