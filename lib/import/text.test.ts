import { describe, expect, it } from "vitest";
import { contentHash } from "./hash";
import { importError, utf8 } from "./test-helpers";
import { parseTextFile } from "./text";

describe("parseTextFile", () => {
  it("imports a .txt file as is, except for the BOM and newlines", () => {
    const content = "  Opening line with spaces  \r\n\r\n\tIndented\u00a0text e\u0301 👩‍👩‍👧\rlast line without newline";
    const record = parseTextFile(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(content)]), "notes/story.txt");
    const expected = "  Opening line with spaces  \n\n\tIndented\u00a0text e\u0301 👩‍👩‍👧\nlast line without newline";
    expect(record).toEqual({
      index: 0,
      line: null,
      title: "Opening line with spaces",
      text: expected,
      meta: { filename: "story.txt" },
      sourceUrl: null,
      labels: [],
      contentHash: contentHash(expected),
    });
  });

  it("imports Markdown as its source text, with the heading markers removed from the title", () => {
    const md = "\n## Harbour *budget* approved ##\n\nThe **board** met.\n";
    const record = parseTextFile(utf8(md), "a.md");
    expect(record.text).toBe(md);
    expect(record.title).toBe("Harbour *budget* approved");
    expect(parseTextFile(utf8("# \nBody"), "b.md").title).toBe("Body");
  });

  it("rejects empty and whitespace-only files", async () => {
    await importError(() => parseTextFile(new Uint8Array(0), "empty.txt"), "empty_file");
    expect((await importError(() => parseTextFile(utf8(" \r\n\t "), "blank.txt"), "empty_file")).message).toBe(
      "“blank.txt” contains only whitespace; there is no text to import.",
    );
  });

  it("applies the size and length limits, naming the file", async () => {
    await importError(() => parseTextFile(utf8("x".repeat(2000)), "big.txt", { maxFileBytes: 1024 }), "too_large");
    const err = await importError(() => parseTextFile(utf8("x".repeat(20)), "long.txt", { maxTextCodePoints: 10 }), "text_too_long");
    expect(err.message).toBe("“long.txt”: the text is 20 characters; the limit is 10 per article. Split it into several articles.");
  });

  it("reports invalid UTF-8 with its byte offset", async () => {
    const err = await importError(() => parseTextFile(new Uint8Array([...utf8("Hello\nW"), 0xf6, ...utf8("rld")]), "latin1.txt"), "invalid_utf8");
    expect(err.byteOffset).toBe(7);
    expect(err.message).toContain("byte 0xF6 at byte offset 7 (line 2)");
  });
});
