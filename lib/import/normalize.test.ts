import { describe, expect, it } from "vitest";
import { createNewlineNormalizer, createNewlineOffsetMap, normalizeNewlines } from "./normalize";

describe("normalizeNewlines", () => {
  it("turns CRLF and lone CR into LF and changes nothing else", () => {
    expect(normalizeNewlines("a\r\nb\rc\nd\r\n\r\ne")).toBe("a\nb\nc\nd\n\ne");
    const untouched = " \t e\u0301 \u00a0\u200b\ufeff 👩‍👩‍👧 ";
    expect(normalizeNewlines(untouched)).toBe(untouched);
  });

  it("streams: a CR at the end of one piece and an LF at the start of the next are one newline", () => {
    const n = createNewlineNormalizer();
    const out = [n.push("a\r"), n.push("\nb\r"), n.push("c\r"), n.flush()].join("");
    expect(out).toBe("a\nb\nc\n");
  });
});

describe("createNewlineOffsetMap", () => {
  it("maps code-point offsets in the original text onto the normalised text", () => {
    const text = "ab\r\n😀d\r\ne\rf";
    const map = createNewlineOffsetMap(text);
    const normalized = normalizeNewlines(text);
    const cps = [...text];
    const ncps = [...normalized];
    // "😀d" at code points 4..6 in the original, 3..5 after normalisation.
    expect(cps.slice(4, 6).join("")).toBe("😀d");
    expect(ncps.slice(map(4), map(6)).join("")).toBe("😀d");
    // "e\rf" keeps its length: lone CR maps 1:1.
    expect(ncps.slice(map(8), map(11)).join("")).toBe("e\nf");
    expect(map(0)).toBe(0);
    expect(map(cps.length)).toBe(ncps.length);
  });
});
