import { describe, expect, it } from "vitest";
import { ImportError } from "./errors";
import { labelStudioControlName, parseLabelStudioTasks } from "./label-studio";

const TEXT = "Zoë 🚢 met 東京 officials.";

describe("Label Studio parser", () => {
  it("reads a task exported by Label Studio itself: UTF-16 offsets, completed_by, per-region choices and text, relations", () => {
    const task = {
      id: 12,
      data: { text: TEXT, source: "wire" },
      annotations: [
        {
          completed_by: { id: 3, email: "rater@example.org" },
          result: [
            { id: "r1", from_name: "label", to_name: "text", type: "labels", value: { start: 0, end: 3, text: "Zoë", labels: ["PER"] } },
            { id: "r2", from_name: "label", to_name: "text", type: "labels", value: { start: 11, end: 13, text: "東京", labels: ["LOC", "ORG"] } },
            { id: "r1", from_name: "sentiment", to_name: "text", type: "choices", value: { start: 0, end: 3, choices: ["positive"] } },
            { id: "r1", from_name: "comment", to_name: "text", type: "textarea", value: { start: 0, end: 3, text: ["first", "second"] } },
            { type: "relation", from_id: "r2", to_id: "r1", direction: "left", labels: [] },
          ],
        },
      ],
      predictions: [{ result: [] }],
    };
    const [record] = parseLabelStudioTasks(JSON.stringify([task]), { offsets: "utf16" });
    expect(record).toMatchObject({ id: "12", text: TEXT, meta: { source: "wire" } });
    expect(record!.spans.map((s) => [s.id, s.start, s.end, s.label, s.text, s.annotator])).toEqual([
      ["r1", 0, 3, "PER", "Zoë", "rater@example.org"],
      ["r2", 10, 12, "LOC", "東京", "rater@example.org"],
      ["r2#2", 10, 12, "ORG", "東京", "rater@example.org"],
    ]);
    expect(record!.spans[0]!.attributes).toEqual({ sentiment: "positive", comment: "first\nsecond" });
    // direction "left" points from r1 to r2; a relation without a label is "related".
    expect(record!.relations).toEqual([{ id: null, type: "related", fromId: "r1", toId: "r2" }]);
    expect(record!.warnings.join(" ")).toContain("predictions are not imported");
    expect(record!.warnings.join(" ")).toContain("2 labels");
  });

  it("maps control names back to attribute keys with the project's schema (booleans stay booleans, a choice named true stays a string)", () => {
    const result = [
      { id: "s", from_name: "label", type: "labels", value: { start: 0, end: 3, text: "Zoë", labels: ["P"] } },
      { id: "s", from_name: labelStudioControlName("check worthy"), type: "choices", value: { start: 0, end: 3, choices: ["true"] } },
      { id: "s", from_name: "attr_verdict", type: "choices", value: { start: 0, end: 3, choices: ["false"] } },
      { id: "s", from_name: "entity_type", type: "choices", value: { start: 0, end: 3, choices: ["person"] } },
      { id: "s", from_name: "note", type: "textarea", value: { start: 0, end: 3, text: ["check"] } },
    ];
    const [record] = parseLabelStudioTasks([{ data: { text: TEXT }, annotations: [{ spanlab_annotator: "gold", result }] }], {
      attributeTypes: { "check worthy": "boolean", verdict: "choice" },
    });
    expect(record!.spans[0]).toMatchObject({ attributes: { "check worthy": true, verdict: "false" }, entityType: "person", note: "check", annotator: "gold" });
  });

  it("refuses a region whose text does not match its offsets, and hints at UTF-16 when the text has emoji", () => {
    const task = { data: { text: TEXT }, annotations: [{ result: [{ id: "x", type: "labels", value: { start: 11, end: 13, text: "東京", labels: ["LOC"] } }] }] };
    try {
      parseLabelStudioTasks([task]);
      throw new Error("expected a mismatch");
    } catch (e) {
      expect(e).toBeInstanceOf(ImportError);
      expect((e as ImportError).message).toContain("UTF-16");
    }
  });

  it("skips cancelled annotations with a warning and rejects tasks without text", () => {
    const [record] = parseLabelStudioTasks([{ data: { text: "x y" }, annotations: [{ was_cancelled: true, result: [] }] }]);
    expect(record!.spans).toEqual([]);
    expect(record!.warnings[0]).toContain("cancelled");
    expect(() => parseLabelStudioTasks([{ data: { body: "x" } }])).toThrow(/data.text/);
    expect(() => parseLabelStudioTasks("[{")).toThrow(ImportError);
  });
});
