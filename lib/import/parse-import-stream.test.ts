import { describe, expect, it } from "vitest";
import { parseImportStream } from "./parse-import-stream";
import { chunked, collect, importError, jsonl, utf8 } from "./test-helpers";

const run = (filename: string, content: string | Uint8Array, options = {}) =>
  collect(parseImportStream(filename, chunked(typeof content === "string" ? utf8(content) : content, 3), options));

describe("parseImportStream", () => {
  it("dispatches on the extension to every format", async () => {
    expect((await run("a.jsonl", jsonl({ text: "J" }, { text: "K" }))).map((r) => r.text)).toEqual(["J", "K"]);
    expect((await run("a.json", JSON.stringify([{ text: "A" }]))).map((r) => r.text)).toEqual(["A"]);
    expect((await run("a.csv", "text,n\nC,1\n")).map((r) => [r.text, r.line])).toEqual([["C", 2]]);
    expect((await run("a.tsv", "n\ttext\n1\tT, with comma\n")).map((r) => r.text)).toEqual(["T, with comma"]);
    expect((await run("a.txt", "Plain\r\ntext")).map((r) => r.text)).toEqual(["Plain\ntext"]);
    expect((await run("a.md", "# Title\n\nBody")).map((r) => r.title)).toEqual(["Title"]);
    expect((await run("a.html", "<title>T</title><p>Para &amp; more</p>")).map((r) => [r.title, r.text])).toEqual([["T", "Para & more"]]);
  });

  it("passes CSV column choices through", async () => {
    const [r] = await run("a.csv", "body,headline\nB,H\n", { csv: { textColumn: "body", titleColumn: "headline", metaColumns: [] } });
    expect(r).toMatchObject({ text: "B", title: "H", meta: {} });
  });

  it("reads a web ReadableStream", async () => {
    const bytes = utf8(jsonl({ text: "from a stream" }));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.subarray(0, 5));
        controller.enqueue(bytes.subarray(5));
        controller.close();
      },
    });
    expect((await collect(parseImportStream("x.jsonl", stream))).map((r) => r.text)).toEqual(["from a stream"]);
  });

  it("sniffs files without an extension", async () => {
    expect((await run("upload", jsonl({ text: "sniffed" }))).map((r) => r.text)).toEqual(["sniffed"]);
    expect((await run("upload", "<!doctype html><p>page</p>")).map((r) => r.text)).toEqual(["page"]);
  });

  it("refuses an oversized declared size and an unsupported type before reading anything", async () => {
    let read = false;
    async function* source(): AsyncGenerator<Uint8Array> {
      read = true;
      yield utf8("x");
    }
    const big = await importError(() => parseImportStream("a.txt", source(), { declaredSize: 101 * 1024 * 1024 }), "too_large");
    expect(big.message).toBe("The file is 101 MB; the import limit is 100 MB. Split it into smaller files and import them one by one.");
    await importError(() => parseImportStream("a.pdf", source()), "unsupported_format");
    expect(read).toBe(false);
  });

  it("enforces the byte limit while reading single-file formats", async () => {
    await importError(() => run("a.html", `<p>${"x".repeat(3000)}</p>`, { maxFileBytes: 1024 }), "too_large");
  });

  it("defaults the CSV text column to \"text\" and lists the columns when it is missing", async () => {
    const err = await importError(() => run("a.csv", "body\nx\n"), "csv_missing_column");
    expect(err.columnsFound).toEqual(["body"]);
  });
});
