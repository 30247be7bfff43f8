import { runInNewContext } from "node:vm";
import { setFlagsFromString } from "node:v8";
import { describe, expect, it } from "vitest";
import { contentHash } from "./hash";
import { parseJsonl } from "./jsonl";
import { chunked, collect, importError, jsonl, tinyChunks, utf8 } from "./test-helpers";
import type { ImportRecord } from "./types";

const cpSlice = (text: string, start: number, end: number): string => Array.from(text).slice(start, end).join("");
const parse = (content: string | Uint8Array, options = {}): Promise<ImportRecord[]> =>
  collect(parseJsonl([typeof content === "string" ? utf8(content) : content], options));

describe("parseJsonl: records", () => {
  it("slices emoji, ZWJ sequences, CJK and combining marks correctly by code-point offsets", async () => {
    // Sample text written for this test. Offsets are code points (Python's text[start:end]).
    const text = "Ngozi Adébáyọ̀ met 王小明 in 東京 🇯🇵 and sent 👩🏽‍💻 a note: «naïve café» ✔️ 𝐁𝐨𝐥𝐝";
    const spans: Array<[string, string]> = [
      ["Ngozi Adébáyọ̀", "PER"],
      ["王小明", "PER"],
      ["東京", "LOC"],
      ["🇯🇵", "FLAG"],
      ["👩🏽‍💻", "EMOJI"],
      ["naïve café", "QUOTE"],
      ["✔️", "EMOJI"],
      ["𝐁𝐨𝐥𝐝", "MATH"],
    ];
    const cpIndexOf = (s: string): number => Array.from(text.slice(0, text.indexOf(s))).length;
    const label = spans.map(([s, l]) => [cpIndexOf(s), cpIndexOf(s) + Array.from(s).length, l]);
    // Sanity: code points differ from UTF-16 units here, so UTF-16 handling would fail.
    expect(Array.from(text).length).toBeLessThan(text.length);
    const [record] = await parse(jsonl({ text, label }));
    expect(record?.labels.map((l) => [cpSlice(record.text, l.start, l.end), l.label])).toEqual(spans);
    expect(record?.text).toBe(text);
  });

  it("normalises CRLF in the text and moves label offsets onto the normalised text", async () => {
    // L i n e ␠ o n e \r \n L  i  n  e  ␠  t  w  o  ␠  😀 \r \n T  h  i  r  d
    // 0 1 2 3 4 5 6 7 8  9  10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26
    const text = "Line one\r\nLine two 😀\r\nThird";
    const [record] = await parse(
      jsonl({
        text,
        label: [
          [15, 20, "A"],
          [22, 27, "B"],
        ],
      }),
    );
    expect(record?.text).toBe("Line one\nLine two 😀\nThird");
    expect(record?.labels).toEqual([
      { start: 14, end: 19, label: "A" },
      { start: 20, end: 25, label: "B" },
    ]);
    expect(record && cpSlice(record.text, 14, 19)).toBe("two 😀");
    expect(record?.contentHash).toBe(contentHash("Line one\nLine two 😀\nThird"));
  });

  it("accepts CRLF line endings, a lone-CR file and a BOM, and skips blank lines", async () => {
    const body = ['{"text":"one"}', "", "   ", '{"text":"two"}', '{"text":"three"}'];
    const crlf = await parse(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(body.join("\r\n"))]));
    expect(crlf.map((r) => [r.index, r.line, r.text])).toEqual([
      [0, 1, "one"],
      [1, 4, "two"],
      [2, 5, "three"],
    ]);
    const cr = await parse(body.join("\r"));
    expect(cr.map((r) => r.line)).toEqual([1, 4, 5]);
  });

  it("accepts doccano's alternative keys: data for text and labels for label", async () => {
    const [r] = await parse(jsonl({ data: "Ada Lovelace wrote notes.", labels: [[0, 12, "PER"]] }));
    expect(r?.text).toBe("Ada Lovelace wrote notes.");
    expect(r?.labels).toEqual([{ start: 0, end: 12, label: "PER" }]);
  });

  it("accepts entity objects (Spanlab's rich export) and reads title/source_url from meta", async () => {
    const [r] = await parse(
      jsonl({
        id: 42,
        text: "Harbour board meets today.",
        entities: [{ id: 1, start_offset: 0, end_offset: 13, label: "ORG" }],
        meta: { title: "Board meeting", source_url: "https://example.org/a", status: "done", tags: ["x"] },
      }),
    );
    expect(r).toMatchObject({
      title: "Board meeting",
      sourceUrl: "https://example.org/a",
      meta: { status: "done", tags: ["x"], id: 42 },
      labels: [{ start: 0, end: 13, label: "ORG" }],
    });
    expect(r?.meta).not.toHaveProperty("title");
  });

  it("keeps any meta object and uses the given title", async () => {
    const meta = { nested: { a: [1, { b: null }] }, n: 3.5, ok: true };
    const [r] = await parse(jsonl({ text: "Body", title: "  My title\r\nsecond  ", meta }));
    expect(r?.meta).toEqual(meta);
    expect(r?.title).toBe("My title second");
    expect(r?.sourceUrl).toBeNull();
  });

  it("falls back to the first non-blank line of the text, trimmed, at most 120 characters", async () => {
    const long = "Ünïcödé ".repeat(20) + "👩‍👩‍👧".repeat(5);
    const records = await parse(jsonl({ text: "\n\n   First line here.  \nSecond" }, { text: long }));
    expect(records[0]?.title).toBe("First line here.");
    const title = records[1]?.title ?? "";
    expect(Array.from(title).length).toBeLessThanOrEqual(120);
    expect(title.endsWith("…")).toBe(true);
    expect(long.startsWith(title.slice(0, -1))).toBe(true);
  });
});

describe("parseJsonl: errors", () => {
  it("json_parse names the line and includes the parser's message", async () => {
    const err = await importError(() => parse('{"text":"a"}\n\n{"text": "b",}\n'), "json_parse");
    expect(err.line).toBe(3);
    expect(err.message).toMatch(/^Line 3 is not valid JSON: .+\(column 14\)\. Each line must hold one complete JSON object\.$/);
    expect(err.message).toContain("Expected double-quoted property name");
  });

  it("missing_text names the line and the keys that were found", async () => {
    const err = await importError(() => parse(jsonl({ text: "ok" }, { body: "x", id: 2 })), "missing_text");
    expect(err.message).toBe(
      'Line 2 has no "text" field (the article text, as a string; doccano\'s "data" works too). Found keys: "body", "id".',
    );
    expect(err.line).toBe(2);
  });

  it("missing_text for a non-string or empty text", async () => {
    expect((await importError(() => parse(jsonl({ text: 5 })), "missing_text")).message).toBe(
      'Line 1: "text" must be a string, got a number.',
    );
    expect((await importError(() => parse(jsonl({ text: "ok" }, { text: " \r\n " })), "missing_text")).message).toBe(
      'Line 2: "text" is empty. Every article needs some text.',
    );
  });

  it("invalid_record for a line that is not an object", async () => {
    const err = await importError(() => parse('{"text":"a"}\n["text"]\n'), "invalid_record");
    expect(err.message).toContain("Line 2 is an array, not a JSON object.");
  });

  it("label_out_of_range with line and span", async () => {
    const err = await importError(() => parse(jsonl({ text: "a" }, { text: "a" }, { text: "a" }, { text: "0123456789", label: [[5, 11, "X"]] })), "label_out_of_range");
    expect(err.line).toBe(4);
    expect(err.span).toEqual([5, 11]);
    expect(err.message).toContain('Line 4, label 1 [5,11,"X"]: end 11 is past the end of the text, which is 10 characters long.');
  });

  it("label_splits_character with line and span", async () => {
    const err = await importError(() => parse(jsonl({ text: "ok" }, { text: "Cafe\u0301 au lait", label: [[0, 4, "X"]] })), "label_splits_character");
    expect(err.line).toBe(2);
    expect(err.span).toEqual([0, 4]);
    expect(err.message).toContain("Line 2, label 1");
    expect(err.message).toContain("end 4 falls inside the character");
  });

  it("label_invalid with line", async () => {
    const err = await importError(() => parse(jsonl({ text: "abc", label: [[2, 1, "X"]] })), "label_invalid");
    expect(err.line).toBe(1);
    expect(err.message).toContain("start 2 is not before end 1");
  });

  it("title_too_long says the line, the length and the limit", async () => {
    const lines = Array.from({ length: 11 }, (_, i) => ({ text: `Article ${i}` }));
    const err = await importError(() => parse(jsonl(...lines, { text: "Body", title: "t".repeat(3400) })), "title_too_long");
    expect(err.message).toBe(
      "Title on line 12 is 3,400 characters; the limit is 500. Shorten it, or leave the title out to use the first line of the text.",
    );
    expect(err.line).toBe(12);
    const custom = await importError(() => parse(jsonl({ text: "b", title: "abcdef" }), { maxTitleLength: 5 }), "title_too_long");
    expect(custom.message).toContain("is 6 characters; the limit is 5");
  });

  it("text_too_long and meta_too_large respect configurable limits", async () => {
    const t = await importError(() => parse(jsonl({ text: "ok" }, { text: "😀".repeat(11) }), { maxTextCodePoints: 10 }), "text_too_long");
    expect(t.message).toBe("Line 2: the text is 11 characters; the limit is 10 per article. Split it into several articles.");
    const m = await importError(() => parse(jsonl({ text: "ok", meta: { note: "x".repeat(2000) } }), { maxMetaBytes: 1024 }), "meta_too_large");
    expect(m.message).toContain("Line 1: the metadata is more than 2 KB as JSON; the limit is 1 KB per article.");
  });

  it("invalid_text for characters PostgreSQL cannot store", async () => {
    const nul = await importError(() => parse('{"text":"ab\\u0000c"}\n'), "invalid_text");
    expect(nul.message).toContain("Line 1: the text contains a NUL character (U+0000) at character 2");
    const lone = await importError(() => parse('{"text":"ok"}\n{"text":"x\\ud83d y"}\n'), "invalid_text");
    expect(lone.message).toContain("Line 2: the text contains an unpaired surrogate (U+D83D)");
  });

  it("invalid_record for a bad source URL (e.g. javascript:)", async () => {
    const err = await importError(() => parse(jsonl({ text: "a", source_url: "javascript:alert(1)" })), "invalid_record");
    expect(err.message).toContain('Line 1: the source URL "javascript:alert(1)" is not an absolute http:// or https:// URL');
  });

  it("invalid_utf8 reports the byte offset of the first bad byte", async () => {
    const good = utf8('{"text":"Grüße"}\n{"text":"'); // 28 bytes: ü and ß take two each
    const bad = new Uint8Array([...good, 0xe9, ...utf8('t\u00e9"}\n')]); // Latin-1 é at offset 28
    const err = await importError(() => collect(parseJsonl(chunked(bad, 5))), "invalid_utf8");
    expect(good.length).toBe(28);
    expect(err.byteOffset).toBe(28);
    expect(err.line).toBe(2);
    expect(err.message).toContain("byte 0xE9 at byte offset 28 (line 2)");
  });

  it("empty_file for no bytes and for only blank lines", async () => {
    await importError(() => parse(""), "empty_file");
    expect((await importError(() => parse("\n  \r\n\n"), "empty_file")).message).toContain("every line is blank");
  });

  it("binary_file for NUL bytes", async () => {
    await importError(() => parse(new Uint8Array([0x7b, 0x00, 0x7d])), "binary_file");
  });

  it("too_large before reading when the declared size is over the limit", async () => {
    let read = false;
    async function* source(): AsyncGenerator<Uint8Array> {
      read = true;
      yield utf8('{"text":"a"}\n');
    }
    const err = await importError(() => parseJsonl(source(), { declaredSize: 300 * 1024 * 1024 }), "too_large");
    expect(read).toBe(false);
    expect(err.message).toBe("The file is 300 MB; the import limit is 100 MB. Split it into smaller files and import them one by one.");
  });

  it("too_large while streaming when the data exceeds the limit", async () => {
    const content = utf8(jsonl(...Array.from({ length: 100 }, (_, i) => ({ text: `Article ${i}` }))));
    const err = await importError(() => collect(parseJsonl(chunked(content, 64), { maxFileBytes: 1000, declaredSize: 10 })), "too_large");
    expect(err.limit).toBe(1000);
  });
});

describe("parseJsonl: streaming", () => {
  it("gives the same records for 1–7 byte chunks that split characters and lines as for one chunk", async () => {
    const rows = [
      { text: "Zoë 👩‍👩‍👧 北京 e\u0301te 🇺🇦!", label: [[0, 3, "PER"], [4, 9, "EMOJI"], [10, 12, "LOC"], [18, 20, "FLAG"]] },
      { data: "Line one\r\nLine two 😀\r\nThird", labels: [[15, 20, "A"]], meta: { source: "tests" } },
      { text: "𝐁𝐨𝐥𝐝 text — “quotes” and ‘more’", title: "Typography ✨" },
      { text: "한국어 문장입니다. ภาษาไทย नमस्ते", label: [[0, 3, "LANG"]] },
    ];
    const content = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(rows.map((r) => JSON.stringify(r)).join("\r\n\r\n") + "\r\n")]);
    const whole = await collect(parseJsonl([content]));
    expect(whole).toHaveLength(4);
    expect(whole.map((r) => r.line)).toEqual([1, 3, 5, 7]);
    for (let seed = 1; seed <= 25; seed++) {
      expect(await collect(parseJsonl(tinyChunks(content, seed)))).toEqual(whole);
    }
  });

  it("parses a generated 20 MB JSONL file of 10,000 articles with bounded memory", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const RECORDS = 10_000;
    const paragraph = "Der Hafenrat tagte am Dienstag; 港口委员会 discussed the budget — «un débat animé» 🚢. ";
    let bytesGenerated = 0;
    // Generates the file lazily in 64 KB chunks: the test itself never holds it.
    async function* file(): AsyncGenerator<Uint8Array> {
      const encoder = new TextEncoder();
      let pending: string[] = [];
      let size = 0;
      for (let i = 0; i < RECORDS; i++) {
        const text = `Article ${i}. ${paragraph.repeat(22)}`;
        const line = JSON.stringify({ text, label: [[0, 7, "KIND"]], meta: { i } }) + "\n";
        pending.push(line);
        size += line.length;
        if (size >= 64 * 1024) {
          const bytes = encoder.encode(pending.join(""));
          bytesGenerated += bytes.length;
          yield bytes;
          pending = [];
          size = 0;
        }
      }
      const bytes = encoder.encode(pending.join(""));
      bytesGenerated += bytes.length;
      yield bytes;
    }
    const used = (): number => {
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    gc();
    const baseline = used();
    let peak = 0;
    let count = 0;
    let lastLine = 0;
    for await (const record of parseJsonl(file())) {
      count++;
      lastLine = record.line ?? 0;
      if (count % 1000 === 0) {
        gc();
        peak = Math.max(peak, used() - baseline);
      }
    }
    expect(count).toBe(RECORDS);
    expect(lastLine).toBe(RECORDS);
    expect(bytesGenerated).toBeGreaterThan(20 * 1024 * 1024);
    // Holding the file (or its records) would retain well over 20 MB.
    expect(peak).toBeLessThan(8 * 1024 * 1024);
  });
});
