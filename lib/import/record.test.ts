import { describe, expect, it } from "vitest";
import { ImportError } from "./errors";
import { resolveLimits } from "./limits";
import { buildRecord, fallbackTitle, findUnstorableCharacter } from "./record";
import { importError } from "./test-helpers";

const ctx = { index: 0, line: 3, location: { kind: "line", line: 3 } as const, limits: resolveLimits() };

describe("fallbackTitle", () => {
  it("takes the first non-blank line, trimmed", () => {
    expect(fallbackTitle("\n \n\t Headline here \nBody")).toBe("Headline here");
    expect(fallbackTitle("   ")).toBe("Untitled");
  });

  it("cuts long lines to 120 characters at a grapheme boundary, ending with …", () => {
    const title = fallbackTitle("a".repeat(118) + "👩‍👩‍👧" + "b".repeat(50));
    expect(title).toBe(`${"a".repeat(118)}…`);
    const combining = fallbackTitle("e\u0301".repeat(100));
    expect(Array.from(combining).length).toBeLessThanOrEqual(120);
    expect(combining).toBe(`${"e\u0301".repeat(59)}…`);
  });

  it("does not scan the whole of a huge single-line text", () => {
    expect(fallbackTitle("word ".repeat(1_000_000)).length).toBeLessThanOrEqual(120);
  });
});

describe("findUnstorableCharacter", () => {
  it("finds NUL and unpaired surrogates by code-point index", () => {
    expect(findUnstorableCharacter("ok 😀 fine")).toBeNull();
    expect(findUnstorableCharacter("😀a\u0000")).toMatchObject({ index: 2 });
    expect(findUnstorableCharacter("😀\ud800x")?.description).toContain("U+D800");
    expect(findUnstorableCharacter("x\udc00")?.index).toBe(1);
  });
});

describe("buildRecord", () => {
  it("rejects NUL characters inside meta", async () => {
    const err = await importError(
      () => buildRecord({ text: "t", title: null, meta: { a: { b: ["x\u0000"] } }, sourceUrl: null, labels: [] }, ctx),
      "invalid_record",
    );
    expect(err.message).toBe("Line 3: meta.a.b[0] contains a NUL character (U+0000), which Spanlab cannot store. Remove it and import again.");
  });

  it("keeps http(s) source URLs and treats a blank one as none", () => {
    expect(buildRecord({ text: "t", title: null, meta: {}, sourceUrl: " https://a.example/x ", labels: [] }, ctx).sourceUrl).toBe(
      "https://a.example/x",
    );
    expect(buildRecord({ text: "t", title: null, meta: {}, sourceUrl: "  ", labels: [] }, ctx).sourceUrl).toBeNull();
  });
});

describe("ImportError", () => {
  it("serialises code, message and location for API responses", () => {
    const err = new ImportError("label_out_of_range", "msg", { line: 4, span: [1, 9], labelIndex: 0 });
    expect(JSON.parse(JSON.stringify(err))).toEqual({ code: "label_out_of_range", message: "msg", line: 4, span: [1, 9], labelIndex: 0 });
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe("ImportError");
  });
});
