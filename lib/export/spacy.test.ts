import { describe, expect, it } from "vitest";
import { sliceByCodePoints } from "@/lib/annotation/offsets";
import { expectGolden, formatReport, runTextExport, VALID_SPANS } from "./__fixtures__/golden";

interface SpacySpan {
  start: number;
  end: number;
  label: string;
}

interface SpacyLine {
  text: string;
  ents: SpacySpan[];
  spans: { sc: SpacySpan[] };
  meta: { id: string } & Record<string, unknown>;
}

async function exportLines(): Promise<SpacyLine[]> {
  const { output } = await runTextExport("spacy");
  return output
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l) as SpacyLine);
}

function findSource(documentId: string, s: SpacySpan): string | undefined {
  return [...VALID_SPANS.values()].find(
    (v) => v.documentId === documentId && v.start === s.start && v.end === s.end && v.label === s.label,
  )?.quote;
}

describe("spacy", () => {
  it("matches the golden file and report", async () => {
    const { output, report } = await runTextExport("spacy");
    expectGolden("harbour.golden.spacy.jsonl", output);
    expectGolden("harbour-spacy.golden.report.json", formatReport(report));
  });

  it("writes code-point offsets (Python str indices) that slice to the span text", async () => {
    let sc = 0;
    for (const line of await exportLines()) {
      for (const s of [...line.ents, ...line.spans.sc]) {
        const quote = findSource(line.meta.id, s);
        expect(quote, `${line.meta.id} ${JSON.stringify(s)}`).toBeDefined();
        expect(sliceByCodePoints(line.text, s.start, s.end)).toBe(quote);
      }
      sc += line.spans.sc.length;
    }
    expect(sc).toBe(VALID_SPANS.size);
  });

  it("keeps ents free of overlaps and reports what was left out", async () => {
    const { report } = await runTextExport("spacy");
    for (const line of await exportLines()) {
      for (let i = 1; i < line.ents.length; i++) {
        expect(line.ents[i]?.start).toBeGreaterThanOrEqual(line.ents[i - 1]?.end ?? 0);
      }
    }
    expect(report.overlapsDropped.map((o) => o.spanId)).toEqual([
      "s-pereira-said",
      "s-ferry-claim",
      "s-ferr",
      "g-claim",
    ]);
  });
});
