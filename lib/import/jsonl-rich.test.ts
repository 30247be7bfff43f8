import { describe, expect, it } from "vitest";
import { ImportError } from "./errors";
import { parseJsonlRich } from "./jsonl-rich";

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const LINE = {
  id: "doc-1",
  text: "Zoë 🚢 met 東京 officials.",
  entities: [
    { id: "a", start_offset: 0, end_offset: 3, label: "Person", attributes: { sure: true, role: "mayor" }, entity_id: "e1", entity_name: "Zoë", entity_external_id: "Q42", entity_type: "person", note: "n", annotator: "gold" },
    { id: "b", start_offset: 10, end_offset: 12, label: "Place", attributes: {}, entity_id: null, entity_type: null, note: null, annotator: "alice@example.org" },
  ],
  relations: [{ id: "r", from_id: "a", to_id: "b", type: "met_in" }],
  meta: { title: "T", source_url: "https://example.org/x", status: "approved", desk: "city" },
};

describe("jsonl-rich parser", () => {
  it("reads spans with attributes, entity links, notes, annotators and relations; title, URL and status come out of meta", async () => {
    const [record] = await collect(parseJsonlRich(`${JSON.stringify(LINE)}\n\n`));
    expect(record).toMatchObject({ id: "doc-1", title: "T", sourceUrl: "https://example.org/x", status: "approved", meta: { desk: "city" } });
    expect(record!.spans[0]).toMatchObject({ id: "a", text: "Zoë", attributes: { sure: true, role: "mayor" }, entityType: "person", note: "n", annotator: "gold", entity: { id: "e1", name: "Zoë", externalId: "Q42" } });
    expect(record!.spans[1]).toMatchObject({ text: "東京", entity: null });
    expect(record!.relations).toEqual([{ id: "r", type: "met_in", fromId: "a", toId: "b" }]);
  });

  it("converts UTF-16 offsets to code points when asked", async () => {
    const utf16 = { ...LINE, entities: [{ ...LINE.entities[1]!, start_offset: 11, end_offset: 13 }], relations: [] };
    const [record] = await collect(parseJsonlRich(JSON.stringify(utf16), { offsets: "utf16" }));
    expect(record!.spans[0]).toMatchObject({ start: 10, end: 12, text: "東京" });
  });

  it("reads a byte stream split inside multi-byte characters, one line at a time", async () => {
    const bytes = new TextEncoder().encode(`${JSON.stringify(LINE)}\r\n${JSON.stringify({ text: "二 🚢" })}\n`);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 5) }, (_, i) => bytes.subarray(i * 5, i * 5 + 5));
    const records = await collect(parseJsonlRich(chunks));
    expect(records.map((r) => r.text)).toEqual([LINE.text, "二 🚢"]);
    expect(records[1]!.spans).toEqual([]);
  });

  it("reads doccano's own entity/relation JSONL (numeric ids, no attributes)", async () => {
    const line = { id: 7, text: "Ada wrote code", entities: [{ id: 1, start_offset: 0, end_offset: 3, label: "PER" }, { id: 2, start_offset: 10, end_offset: 14, label: "THING" }], relations: [{ id: 3, from_id: 1, to_id: 2, type: "wrote" }] };
    const [record] = await collect(parseJsonlRich(JSON.stringify(line)));
    expect(record!.id).toBe("7");
    expect(record!.relations).toEqual([{ id: "3", type: "wrote", fromId: "1", toId: "2" }]);
    expect(record!.spans.map((s) => s.text)).toEqual(["Ada", "code"]);
  });

  it("says which line is broken and why", async () => {
    const bad = [JSON.stringify(LINE), "{not json"].join("\n");
    const err = (await collect(parseJsonlRich(bad)).catch((e: unknown) => e)) as ImportError;
    expect(err.code).toBe("json_parse");
    expect(err.line).toBe(2);
    const dangling = JSON.stringify({ ...LINE, relations: [{ id: "r", from_id: "a", to_id: "zzz", type: "x" }] });
    await expect(collect(parseJsonlRich(dangling))).rejects.toThrow(/Line 1, relation 1/);
    const split = JSON.stringify({ text: "e\u0301!", entities: [{ id: "s", start_offset: 0, end_offset: 1, label: "L" }] });
    await expect(collect(parseJsonlRich(split))).rejects.toMatchObject({ code: "label_splits_character" });
  });
});
