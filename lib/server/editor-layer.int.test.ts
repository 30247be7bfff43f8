import { expect, it } from "vitest";
import { decodeEditorLayer } from "@/lib/api-client/editor-layer-wire";
import { normalizeLayer } from "@/lib/api-client/annotations";
import { describeWithDb } from "@/test/db";
import { createAnnotation } from "./create-annotation";
import { deleteAnnotation } from "./delete-annotation";
import { createDocument } from "./documents";
import { createEntity } from "./entities";
import { getEditorLayerWire, listAnnotations } from "./list-annotations";
import { expectAppError } from "./members.test-helpers";
import { createRelation } from "./relations";
import { setUpReviewProject } from "./review.test-helpers";

/** Written for this test: emoji (with ZWJ), mathematical letters, CJK, Hebrew and a combining mark. */
const TEXT = "Mayor Zoë 👩‍👩‍👧‍👦 said 𝐌𝐚𝐭𝐡 fees rise; 市長 agreed, שלום replied, and the cafe\u0301 closed.";

function at(phrase: string) {
  const u16 = TEXT.indexOf(phrase);
  const start = Array.from(TEXT.slice(0, u16)).length;
  return { start, end: start + Array.from(phrase).length, quote: phrase };
}

describeWithDb("the editor's compact first load", ({ db }) => {
  it("decodes to exactly the layer the annotations API lists (mine), quotes and context included", async () => {
    const f = await setUpReviewProject(db(), "Wire");
    const doc = await createDocument(db(), f.owner, f.projectId, { title: "Wire", text: TEXT });
    const entity = await createEntity(db(), f.ann1, f.projectId, { name: "Zoë Ortega", type: "Person", externalId: "Q42" });
    const mk = async (labelId: string, phrase: string, extra: Record<string, unknown> = {}) =>
      (await createAnnotation(db(), f.ann1, f.projectId, doc.id, { labelId, ...at(phrase), ...extra })).body.annotation;
    const mayor = await mk(f.labels.entity, "Mayor Zoë", { entityId: entity.body.entity.id, entityType: "Person" });
    const quote = await mk(f.labels.quote, "𝐌𝐚𝐭𝐡 fees rise", { note: "<b>not</b> html" });
    await mk(f.labels.claim, "市長 agreed");
    await mk(f.labels.entity, "שלום");
    const gone = await mk(f.labels.entity, "cafe\u0301");
    await deleteAnnotation(db(), f.ann1, f.projectId, gone.id, { version: gone.version });
    await createRelation(db(), f.ann1, f.projectId, doc.id, { type: "said_by", fromId: quote.id, toId: mayor.id });
    // Someone else's span is not in my layer.
    await createAnnotation(db(), f.ann2, f.projectId, doc.id, { labelId: f.labels.entity, ...at("Mayor Zoë") });

    const viaApi = normalizeLayer(await listAnnotations(db(), f.ann1, f.projectId, doc.id, "mine"), null);
    const wire = await getEditorLayerWire(db(), f.ann1, f.projectId, doc.id, null);
    expect(wire.spans).toHaveLength(4);
    expect(decodeEditorLayer(wire, TEXT)).toEqual(viaApi);
    expect(JSON.stringify(wire).length).toBeLessThan(JSON.stringify(viaApi).length / 2);
  });

  it("is refused to outsiders (403) and for a document of another project (404)", async () => {
    const f = await setUpReviewProject(db(), "Wire403");
    const other = await setUpReviewProject(db(), "Other");
    await expectAppError(getEditorLayerWire(db(), other.owner, f.projectId, f.documentId, null), 403);
    await expectAppError(getEditorLayerWire(db(), f.ann1, f.projectId, other.documentId, null), 404);
  });
});
