import { describe, expect, it } from "vitest";
import { sliceByCodePoints } from "@/lib/annotation/offsets";
import { expectGolden, formatReport, MISMATCHED_SPAN_ID, runTextExport, VALID_SPANS } from "./__fixtures__/golden";
import { HARBOUR_DOCUMENTS } from "./__fixtures__/harbour-project";
import { QUOTE_CONTEXT_LENGTH, W3C_CONTEXT } from "./w3c";

interface Selector {
  type: string;
  exact?: string;
  prefix?: string;
  suffix?: string;
  start?: number;
  end?: number;
}

interface Annotation {
  id: string;
  type: string;
  motivation: string;
  body: (string | { type: string; value?: string; purpose: string; source?: string })[];
  target: string | { source: string; scope?: string; selector: Selector[] };
}

interface Page {
  id: string;
  type: string;
  partOf: string;
  startIndex: number;
  prev?: string;
  next?: string;
  items: Annotation[];
}

interface Collection {
  "@context": string;
  id: string;
  type: string;
  label: string;
  first: Page;
  "@included"?: Page[];
  last: string;
  total: number;
}

function pagesOf(collection: Collection): Page[] {
  return [collection.first, ...(collection["@included"] ?? [])];
}

describe("w3c", () => {
  it("matches the golden files (single page with URNs; paged with base URL) and report", async () => {
    const single = await runTextExport("w3c");
    expectGolden("harbour.golden.w3c.jsonld", single.output);
    expectGolden("harbour-w3c.golden.report.json", formatReport(single.report));
    const paged = await runTextExport("w3c", { w3cPageSize: 4, baseUrl: "https://spanlab.example.org/" });
    expectGolden("harbour-paged.golden.w3c.jsonld", paged.output);
  });

  it("is a valid single-page AnnotationCollection by default", async () => {
    const collection = JSON.parse((await runTextExport("w3c")).output) as Collection;
    expect(collection["@context"]).toBe(W3C_CONTEXT);
    expect(collection.type).toBe("AnnotationCollection");
    expect(collection["@included"]).toBeUndefined();
    expect(collection.first.items).toHaveLength(collection.total);
    expect(collection.total).toBe(VALID_SPANS.size + 4); // spans + relations with both ends written
    expect(collection.last).toBe(collection.first.id);
  });

  it("chains pages with next/prev/startIndex and counts every annotation", async () => {
    const collection = JSON.parse(
      (await runTextExport("w3c", { w3cPageSize: 4, baseUrl: "https://spanlab.example.org" })).output,
    ) as Collection;
    const pages = pagesOf(collection);
    expect(pages).toHaveLength(5);
    let index = 0;
    pages.forEach((page, i) => {
      expect(page.type).toBe("AnnotationPage");
      expect(page.partOf).toBe(collection.id);
      expect(page.startIndex).toBe(index);
      expect(page.prev).toBe(pages[i - 1]?.id);
      expect(page.next).toBe(pages[i + 1]?.id);
      expect(page.items.length).toBe(i < 4 ? 4 : 3);
      index += page.items.length;
    });
    expect(collection.total).toBe(index);
    expect(collection.last).toBe(pages[4]?.id);
    expect(collection.id).toBe("https://spanlab.example.org/projects/harbour-watch/annotations");
    expect(pages[1]?.id).toBe("https://spanlab.example.org/projects/harbour-watch/annotations?page=2");
  });

  it("has selectors that resolve against the document text in code points", async () => {
    const collection = JSON.parse((await runTextExport("w3c")).output) as Collection;
    const tagged = pagesOf(collection)
      .flatMap((p) => p.items)
      .filter((a) => a.motivation === "tagging");
    expect(tagged).toHaveLength(VALID_SPANS.size);
    for (const annotation of tagged) {
      if (typeof annotation.target === "string") throw new Error("span target must be a SpecificResource");
      const spanId = annotation.id.replace("urn:spanlab:annotation:", "");
      const span = VALID_SPANS.get(spanId);
      const text = HARBOUR_DOCUMENTS.find((d) => `urn:spanlab:document:${d.id}` === (annotation.target as { source: string }).source)?.text ?? "";
      const [quote, position] = annotation.target.selector;
      expect(position?.type).toBe("TextPositionSelector");
      expect(quote?.type).toBe("TextQuoteSelector");
      const { start = -1, end = -1 } = position ?? {};
      expect(sliceByCodePoints(text, start, end)).toBe(span?.quote);
      expect(quote?.exact).toBe(span?.quote);
      expect(quote?.prefix ?? "").toBe(sliceByCodePoints(text, Math.max(0, start - QUOTE_CONTEXT_LENGTH), start));
      expect(quote?.suffix ?? "").toBe(sliceByCodePoints(text, end, end + QUOTE_CONTEXT_LENGTH));
    }
  });

  it("puts note, attributes, entity type and entity link in bodies with purposes", async () => {
    const collection = JSON.parse((await runTextExport("w3c")).output) as Collection;
    const items = pagesOf(collection).flatMap((p) => p.items);
    const fares = items.find((a) => a.id === "urn:spanlab:annotation:s-fares");
    expect(fares?.body.map((b) => (typeof b === "string" ? b : `${b.purpose}:${b.value ?? b.source ?? ""}`))).toEqual([
      "tagging:Claim",
      "commenting:Check against the 2024 fare table.\nAsk the operator.",
      "describing:checkworthy: true",
      "describing:source_hint: annual report, p. 4",
      "describing:stance: skeptical",
    ]);
    const ana = items.find((a) => a.id === "urn:spanlab:annotation:s-ana");
    expect(ana?.body).toContainEqual({
      type: "SpecificResource",
      source: "http://www.wikidata.org/entity/Q4115189",
      purpose: "identifying",
    });
    const link = items.find((a) => a.id === "urn:spanlab:relation:r-quote-ana");
    expect(link?.motivation).toBe("linking");
    expect(link?.target).toBe("urn:spanlab:annotation:s-quote");
    expect(JSON.stringify(collection)).not.toContain(MISMATCHED_SPAN_ID);
  });

  it("falls back to the default page size when the option is invalid", async () => {
    const { output, report } = await runTextExport("w3c", { w3cPageSize: 0 });
    expect((JSON.parse(output) as Collection).first.items).toHaveLength(19);
    expect(report.notes).toContain("W3C: page size 0 is not a positive integer; 1000 was used.");
  });

  it("writes an empty collection when there are no documents", async () => {
    const collection = JSON.parse((await runTextExport("w3c", {}, [])).output) as Collection;
    expect(collection.total).toBe(0);
    expect(collection.first.items).toEqual([]);
  });
});
