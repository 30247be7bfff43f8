import { describe, expect, it } from "vitest";
import { ZCreateLabelRequest } from "@/lib/validation/labels";
import { draftFromLabel, draftToRequest, emptyDraft, nextUid, splitOptions, suggestKey } from "./draft";

describe("label draft", () => {
  it("round-trips a label through the form's draft to a request the server schema accepts", () => {
    const label = {
      id: "x",
      name: "Quote",
      kind: "quote" as const,
      color: "#2563eb",
      hotkey: "2",
      position: 1,
      entityTypes: [],
      attributes: [
        { key: "form", name: "Form", type: "choice" as const, options: ["direct", "indirect"], required: true },
        { key: "note", name: "Note", type: "text" as const, maxLength: 200 },
        { key: "sure", name: "Sure", type: "boolean" as const },
      ],
      relationTypes: [{ type: "said_by", targetKinds: ["entity" as const] }],
      overlapPolicy: "any" as const,
      archived: false,
    };
    const request = draftToRequest(draftFromLabel(label));
    expect(request).toEqual({
      name: "Quote",
      kind: "quote",
      color: "#2563eb",
      hotkey: "2",
      overlapPolicy: "any",
      entityTypes: [],
      attributes: label.attributes,
      relationTypes: label.relationTypes,
    });
    expect(ZCreateLabelRequest.safeParse(request).success).toBe(true);
  });

  it("sends no hotkey for an empty choice, and entity types only for entity labels", () => {
    const d = { ...emptyDraft("#059669", ""), name: "Place", entityTypes: ["City"] };
    expect(draftToRequest(d)).toMatchObject({ hotkey: null, entityTypes: [] });
    expect(draftToRequest({ ...d, kind: "entity" }).entityTypes).toEqual(["City"]);
  });

  it("splits comma-separated options and suggests attribute keys", () => {
    expect(splitOptions(" direct, indirect ,, paraphrase ")).toEqual(["direct", "indirect", "paraphrase"]);
    expect(suggestKey("Check-worthy?")).toBe("check_worthy");
    expect(suggestKey("2nd source")).toBe("nd_source");
    expect(nextUid()).not.toBe(nextUid());
  });
});
