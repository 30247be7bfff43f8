import { describe, expect, it } from "vitest";
import { resolveEntityReference } from "./entity-reference";
import type { ExportSpan } from "./types";

function linked(entityExternalId: string | null, entityId: string | null = "ent-1"): ExportSpan {
  return {
    id: "s",
    start: 0,
    end: 1,
    labelId: "l",
    label: "L",
    quote: "x",
    attributes: {},
    note: null,
    entityId,
    entityName: "Name",
    entityExternalId,
    entityType: null,
    annotator: "gold",
    createdAt: new Date(0),
    updatedAt: new Date(0),
  };
}

describe("resolveEntityReference", () => {
  it("recognises Wikidata QIDs, URLs and prefixed ids", () => {
    for (const id of ["Q42", " q42 ", "https://www.wikidata.org/wiki/Q42", "http://www.wikidata.org/entity/Q42", "wikidata:Q42"]) {
      expect(resolveEntityReference(linked(id))).toEqual({
        db: "Wikidata",
        id: "Q42",
        iri: "http://www.wikidata.org/entity/Q42",
        name: "Name",
      });
    }
    expect(resolveEntityReference(linked("GND:118540238"))).toMatchObject({ db: "GND", id: "118540238", iri: null });
  });

  it("falls back to the Spanlab entity id", () => {
    expect(resolveEntityReference(linked(null))).toMatchObject({ db: "Spanlab", id: "ent-1", iri: null });
    expect(resolveEntityReference(linked("not an id"))).toMatchObject({ db: "Spanlab", id: "ent-1" });
    expect(resolveEntityReference(linked("https://example.org/e/1"))).toMatchObject({
      db: "Spanlab",
      iri: "https://example.org/e/1",
    });
    expect(resolveEntityReference(linked("Q42", null))).toBeNull();
  });
});
