import { describe, expect, it } from "vitest";
import { buildQuoteSelector } from "@/lib/annotation/selectors";
import type { AnnotationDto } from "@/lib/server/annotation-dto";
import type { EditorLayer } from "./annotations";
import { decodeEditorLayer, encodeEditorLayer } from "./editor-layer-wire";

const TEXT = "The family 👩‍👩‍👧‍👦 met 𝐌𝐚𝐭𝐡 teachers in 中文 class; cafe\u0301 owner שלום said hello.";

function cpIndex(phrase: string): [number, number] {
  const u16 = TEXT.indexOf(phrase);
  const start = Array.from(TEXT.slice(0, u16)).length;
  return [start, start + Array.from(phrase).length];
}

function span(id: string, phrase: string, extra: Partial<AnnotationDto> = {}): AnnotationDto {
  const [start, end] = cpIndex(phrase);
  const q = buildQuoteSelector(TEXT, start, end);
  return {
    id,
    documentId: "doc-1",
    layer: "annotator",
    ownerId: "user-1",
    ownerName: "Ana",
    labelId: "label-entity",
    start,
    end,
    quote: q.exact,
    prefix: q.prefix,
    suffix: q.suffix,
    attributes: {},
    note: null,
    entityId: null,
    entityType: null,
    version: 1,
    createdBy: "user-1",
    createdAt: "2026-12-01T10:00:00.123Z",
    updatedAt: "2026-12-02T11:30:00.456Z",
    deletedAt: null,
    ...extra,
  };
}

describe("editor layer wire format", () => {
  const layer: EditorLayer = {
    annotations: [
      span("a1", "family 👩‍👩‍👧‍👦"),
      span("a2", "𝐌𝐚𝐭𝐡", { labelId: "label-claim", note: "<img src=x onerror=alert(1)>", version: 4 }),
      span("a3", "中文", { entityId: "e1", entityType: "Location", attributes: { kind: "direct", checkWorthy: true } }),
      span("a4", "cafe\u0301"),
      span("a5", "שלום", { ownerId: null, ownerName: null, layer: "gold", createdBy: null }),
    ],
    relations: [{ id: "r1", documentId: "doc-1", type: "said_by", fromId: "a2", toId: "a3", version: 1, createdAt: "2026-12-01T10:00:00.000Z", deletedAt: null }],
    entities: [{ id: "e1", name: "Zhongwen", type: "Location", externalId: "Q1" }],
    assignment: { documentId: "doc-1", userId: "user-1", status: "in_progress", submittedAt: null },
  };

  it("round-trips every field, rebuilding quotes and context in code points from the text", () => {
    expect(decodeEditorLayer(encodeEditorLayer(layer, "doc-1"), TEXT)).toEqual(layer);
  });

  it("keeps labels, owners and creators once each, and leaves deleted rows out", () => {
    const deleted = { ...span("gone", "said"), deletedAt: "2026-12-03T00:00:00.000Z" };
    const wire = encodeEditorLayer({ ...layer, annotations: [...layer.annotations, deleted] }, "doc-1");
    expect(wire.labels).toEqual(["label-entity", "label-claim"]);
    expect(wire.owners).toHaveLength(2);
    expect(wire.creators).toEqual(["user-1"]);
    expect(wire.spans.map((s) => s[0])).toEqual(["a1", "a2", "a3", "a4", "a5"]);
  });

  it("is several times smaller than the DTO JSON for a realistic layer", () => {
    const many: EditorLayer = { ...layer, annotations: Array.from({ length: 200 }, (_, i) => span(`id-${i}-0000-0000-000000000000`, "teachers")) };
    const dto = JSON.stringify(many).length;
    const wire = JSON.stringify(encodeEditorLayer(many, "doc-1")).length;
    expect(wire * 3).toBeLessThan(dto);
  });
});
