import { describe, expect, it } from "vitest";
import { detectFormat, fileExtension } from "./detect";
import { importError, utf8 } from "./test-helpers";

describe("detectFormat", () => {
  it("uses the extension, case-insensitively, ignoring folders", () => {
    const cases: Array<[string, string]> = [
      ["a.txt", "txt"],
      ["A.TXT", "txt"],
      ["notes.md", "md"],
      ["x.markdown", "md"],
      ["page.HTM", "html"],
      ["page.html", "html"],
      ["data.jsonl", "jsonl"],
      ["data.ndjson", "jsonl"],
      ["data.json", "json"],
      ["sheet.csv", "csv"],
      ["sheet.tsv", "csv"],
      ["C:\\exports\\v1.2\\data.jsonl", "jsonl"],
    ];
    for (const [name, format] of cases) expect(detectFormat(name, utf8("whatever")), name).toBe(format);
    expect(fileExtension(".hidden")).toBe("");
  });

  it("sniffs the content when there is no extension", () => {
    expect(detectFormat("upload", utf8('\ufeff  {"text": "a"}\n'))).toBe("jsonl");
    expect(detectFormat("upload", utf8('[{"text": "a"}]'))).toBe("json");
    expect(detectFormat("upload", utf8("<!DOCTYPE html><html>"))).toBe("html");
    expect(detectFormat("upload", utf8("Just some prose."))).toBe("txt");
  });

  it("throws unsupported_format with what to do instead", async () => {
    expect((await importError(() => detectFormat("report.docx"), "unsupported_format")).message).toBe(
      "Spanlab can't import Word documents. Supported file types: .txt, .md, .html, .jsonl, .json, .csv. " +
        "Save the document as Plain Text (.txt) or Web Page (.html).",
    );
    expect((await importError(() => detectFormat("server.log"), "unsupported_format")).message).toBe(
      "Spanlab can't import .log files. Supported file types: .txt, .md, .html, .jsonl, .json, .csv.",
    );
  });
});
