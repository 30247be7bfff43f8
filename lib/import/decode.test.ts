import { describe, expect, it } from "vitest";
import { decodeUtf8Bytes, decodeUtf8Prefix, decodeUtf8Stream, findInvalidUtf8 } from "./decode";
import { BINARY_SNIFF_BYTES } from "./limits";
import { chunked, collect, importError, seededRandom, tinyChunks, utf8 } from "./test-helpers";

const bytes = (...parts: Array<string | number[]>): Uint8Array =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...utf8(p)] : p)));

describe("decodeUtf8Stream", () => {
  it("drops a UTF-8 BOM at the start, even when it arrives one byte at a time", async () => {
    const input = bytes([0xef, 0xbb, 0xbf], "Grüße\n");
    expect((await collect(decodeUtf8Stream(chunked(input, 1)))).join("")).toBe("Grüße\n");
    expect(decodeUtf8Bytes(input)).toBe("Grüße\n");
  });

  it("keeps a U+FEFF that is not at the start of the file", () => {
    expect(decodeUtf8Bytes(utf8("a\ufeffb"))).toBe("a\ufeffb");
  });

  it("decodes multi-byte characters split across chunks", async () => {
    const text = "Ça 漢字 👩‍👩‍👧 e\u0301 🇺🇦\n".repeat(50);
    for (const seed of [1, 2, 3]) {
      expect((await collect(decodeUtf8Stream(tinyChunks(utf8(text), seed)))).join("")).toBe(text);
    }
  });

  it("reports the byte offset and line of the first invalid byte in the message", async () => {
    // "ab\ncd" is 5 bytes, then an invalid 0xFF at offset 5 on line 2.
    const input = bytes("ab\ncd", [0xff], "more text");
    const err = await importError(() => decodeUtf8Stream(chunked(input, 2)), "invalid_utf8");
    expect(err.byteOffset).toBe(5);
    expect(err.line).toBe(2);
    expect(err.message).toContain("byte 0xFF at byte offset 5 (line 2)");
  });

  it("points at the lead byte of a truncated sequence split across chunks", async () => {
    // 'é' is C3 A9; here C3 is followed by 'x'. Offset of C3 = 10.
    const input = bytes("0123456789", [0xc3], "x tail");
    for (const size of [1, 3, 10, 11, 100]) {
      const err = await importError(() => decodeUtf8Stream(chunked(input, size)), "invalid_utf8");
      expect(err.byteOffset, `chunk size ${size}`).toBe(10);
      expect(err.message).toContain("byte 0xC3 at byte offset 10 (line 1)");
    }
  });

  it("rejects overlong encodings, encoded surrogates and stray continuation bytes at their offsets", async () => {
    const cases: Array<[number[], number]> = [
      [[0xc0, 0xaf], 4], // overlong "/"
      [[0xed, 0xa0, 0x80], 4], // UTF-16 surrogate D800 encoded in UTF-8
      [[0x80], 4], // continuation without lead
      [[0xf4, 0x90, 0x80, 0x80], 4], // above U+10FFFF
    ];
    for (const [bad, offset] of cases) {
      const err = await importError(() => decodeUtf8Stream(chunked(bytes("abcd", bad, "z"), 1)), "invalid_utf8");
      expect(err.byteOffset).toBe(offset);
      expect(err.message).toContain(`byte offset ${offset}`);
    }
  });

  it("reports a file that ends in the middle of a character", async () => {
    const input = bytes("line one\nok ", [0xf0, 0x9f, 0x98]); // first 3 bytes of 😀 at offset 12
    const err = await importError(() => decodeUtf8Stream(chunked(input, 4)), "invalid_utf8");
    expect(err.byteOffset).toBe(12);
    expect(err.message).toContain("byte 0xF0 at byte offset 12, line 2");
  });

  it("counts the BOM in byte offsets (offsets are positions in the file)", async () => {
    const err = await importError(() => decodeUtf8Stream([bytes([0xef, 0xbb, 0xbf], "ab", [0xfe])]), "invalid_utf8");
    expect(err.byteOffset).toBe(5);
  });

  it("finds bad bytes after the sniff window, with thousands separators", async () => {
    const prefix = "x".repeat(20_000);
    const err = await importError(() => decodeUtf8Stream(chunked(bytes(prefix, [0xff]), 4096)), "invalid_utf8");
    expect(err.byteOffset).toBe(20_000);
    expect(err.message).toContain("byte offset 20,000");
  });

  it("agrees with TextDecoder on random byte strings", () => {
    const rnd = seededRandom(42);
    const pool = [0x41, 0x0a, 0x80, 0xbf, 0xc2, 0xc3, 0xdf, 0xe0, 0xe2, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xa0, 0x9f, 0x8f, 0x90];
    for (let n = 0; n < 3000; n++) {
      const b = new Uint8Array(1 + Math.floor(rnd() * 8)).map(() => pool[Math.floor(rnd() * pool.length)] as number);
      let valid = true;
      try {
        new TextDecoder("utf-8", { fatal: true }).decode(b);
      } catch {
        valid = false;
      }
      expect(findInvalidUtf8(b) === -1, Array.from(b).join(",")).toBe(valid);
    }
  });

  it("rejects NUL bytes as binary, with the offset", async () => {
    const err = await importError(() => decodeUtf8Stream([bytes("abc", [0], "def")]), "binary_file");
    expect(err.byteOffset).toBe(3);
    expect(err.message).toContain("NUL byte at byte offset 3");
  });

  it("rejects a high share of control characters in the first chunk as binary", async () => {
    const input = new Uint8Array(400).map((_, i) => (i % 3 === 0 ? 0x01 : 0x41));
    const err = await importError(() => decodeUtf8Stream([input]), "binary_file");
    expect(err.message).toMatch(/34% of its first 400 bytes are control characters/);
  });

  it("recognises PDF and ZIP (docx) signatures", async () => {
    expect((await importError(() => decodeUtf8Stream([utf8("%PDF-1.7\n")]), "binary_file")).message).toContain("PDF");
    expect((await importError(() => decodeUtf8Stream([bytes([0x50, 0x4b, 0x03, 0x04, 1, 2])]), "binary_file")).message).toContain(
      ".docx",
    );
  });

  it("explains UTF-16 input", async () => {
    const err = await importError(() => decodeUtf8Stream([bytes([0xff, 0xfe, 0x41, 0x00])]), "invalid_utf8");
    expect(err.byteOffset).toBe(0);
    expect(err.message).toContain("UTF-16");
  });

  it("rejects an empty file and a file that is only a BOM", async () => {
    expect((await importError(() => decodeUtf8Stream([]), "empty_file")).message).toContain("0 bytes");
    await importError(() => decodeUtf8Stream([bytes([0xef, 0xbb, 0xbf])]), "empty_file");
  });

  it("stops with too_large as soon as the byte limit is passed, without reading further", async () => {
    let pulled = 0;
    async function* endless(): AsyncGenerator<Uint8Array> {
      while (true) {
        pulled++;
        yield new Uint8Array(1000).fill(0x61);
      }
    }
    const err = await importError(() => decodeUtf8Stream(endless(), { maxBytes: 10_000 }), "too_large");
    expect(pulled).toBe(11);
    expect(err.message).toBe(
      "The file is larger than the import limit of 9.8 KB. Split it into smaller files and import them one by one.",
    );
  });

  it("reports progress in bytes", async () => {
    const seen: number[] = [];
    await collect(decodeUtf8Stream(chunked(utf8("x".repeat(BINARY_SNIFF_BYTES + 10)), 5000), { onProgress: (n) => seen.push(n) }));
    expect(seen).toEqual([5000, 8202]);
  });
});

describe("decodeUtf8Prefix", () => {
  it("ignores a character cut off at the end of the chunk but not an invalid byte", async () => {
    expect(decodeUtf8Prefix(bytes([0xef, 0xbb, 0xbf], "a,b\nc", [0xe2, 0x82]))).toBe("a,b\nc");
    const err = await importError(() => decodeUtf8Prefix(bytes("a,b\n", [0x92], "x")), "invalid_utf8");
    expect(err.byteOffset).toBe(4);
    expect(err.message).toContain("byte 0x92 at byte offset 4 (line 2)");
  });
});
