import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import {
  createCountingSource,
  MISMATCHED_SPAN_ID,
  runBinaryExport,
  runTextExport,
} from "./__fixtures__/golden";
import { HARBOUR_OPTIONS, HARBOUR_PROJECT } from "./__fixtures__/harbour-project";
import {
  createEmptyReport,
  EXPORT_FORMAT_IDS,
  EXPORT_FORMATS,
  getExportFormatInfo,
  getExportWriter,
  isExportFormat,
  type ExportFormat,
} from "./index";

function latin1(bytes: Uint8Array): string {
  return strFromU8(bytes, true);
}

describe("export registry", () => {
  it("lists every format once, in registry order", () => {
    expect(EXPORT_FORMATS.map((f) => f.id)).toEqual([...EXPORT_FORMAT_IDS]);
    for (const format of EXPORT_FORMAT_IDS) {
      const info = getExportFormatInfo(format);
      expect(info.label).not.toBe("");
      expect(info.description.length).toBeGreaterThan(20);
      expect(info.extension).toMatch(/^[a-z]+$/);
      expect(typeof getExportWriter(format)).toBe("function");
    }
  });

  it("marks only jsonl, jsonl-rich and label-studio as UTF-16 capable, and only brat as binary", () => {
    expect(EXPORT_FORMATS.filter((f) => f.supportsUtf16Offsets).map((f) => f.id)).toEqual([
      "jsonl",
      "jsonl-rich",
      "label-studio",
    ]);
    expect(EXPORT_FORMATS.filter((f) => f.binary === true).map((f) => f.id)).toEqual(["brat"]);
  });

  it("recognises format ids", () => {
    expect(isExportFormat("conll")).toBe(true);
    expect(isExportFormat("CoNLL")).toBe(false);
    expect(isExportFormat("toString")).toBe(false);
    expect(isExportFormat(undefined)).toBe(false);
  });

  it("creates independent empty reports", () => {
    const a = createEmptyReport();
    a.notes.push("x");
    expect(createEmptyReport()).toEqual({
      documents: 0,
      spans: 0,
      mismatched: [],
      misaligned: [],
      misalignedByLabel: {},
      overlapsDropped: [],
      relationsDropped: [],
      notes: [],
    });
  });
});

describe.each(EXPORT_FORMAT_IDS.map((f) => [f] as [ExportFormat]))("%s writer", (format) => {
  const binary = getExportFormatInfo(format).binary === true;

  it("reports the mismatched span and counts the rest", async () => {
    const { report } = binary ? await runBinaryExport(format) : await runTextExport(format);
    expect(report.mismatched.map((m) => m.spanId)).toEqual([MISMATCHED_SPAN_ID]);
    expect(report.documents).toBe(2);
    expect(report.spans).toBe(15);
  });

  it("reads one document at a time: the first document's output comes before the second is read", async () => {
    const source = createCountingSource(1000);
    const writer = getExportWriter(format)(HARBOUR_PROJECT, source.docs, HARBOUR_OPTIONS, createEmptyReport());
    const marker = binary ? "doc-0.txt" : "Pereira";
    for await (const chunk of writer) {
      const text = typeof chunk === "string" ? chunk : latin1(chunk);
      if (text.includes(marker)) break;
      expect(source.pulled()).toBeLessThanOrEqual(1);
    }
    expect(source.pulled()).toBe(1);
  });

  if (!getExportFormatInfo(format).supportsUtf16Offsets) {
    it("ignores offsets: utf16 (always code points) and says so", async () => {
      if (binary) {
        const cp = await runBinaryExport(format);
        const u16 = await runBinaryExport(format, { offsets: "utf16" });
        const unzip = (b: Uint8Array) =>
          Object.fromEntries(Object.entries(unzipSync(b)).map(([k, v]) => [k, strFromU8(v)]));
        expect(unzip(u16.output)).toEqual(unzip(cp.output));
        expect(u16.report.notes.some((n) => n.includes("ignored"))).toBe(true);
      } else {
        const cp = await runTextExport(format);
        const u16 = await runTextExport(format, { offsets: "utf16" });
        expect(u16.output).toBe(cp.output);
        expect(u16.report.notes.some((n) => n.includes("ignored"))).toBe(true);
      }
    });
  }
});
