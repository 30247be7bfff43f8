/**
 * Where a linked entity points: a Wikidata item when the team typed a QID (or a Wikidata URL), a
 * namespaced id ("GND:118540238") as typed, otherwise Spanlab's own entity id.
 */
import type { ExportSpan } from "./types";

export interface EntityReference {
  /** Database name as used in brat normalisation: "Wikidata", "Spanlab", or the typed prefix. */
  db: string;
  /** Identifier within `db`, without whitespace. */
  id: string;
  /** Dereferenceable IRI when known (Wikidata concept URI or an http(s) id typed by the team). */
  iri: string | null;
  /** Entity name when known. */
  name: string | null;
}

const QID = /^Q[1-9][0-9]*$/i;
const WIKIDATA_URL = /^https?:\/\/(?:www\.|m\.)?wikidata\.org\/(?:wiki|entity)\/(Q[1-9][0-9]*)\/?$/i;
const NAMESPACED = /^([A-Za-z][A-Za-z0-9_.-]*):(\S+)$/;
const HTTP_URL = /^https?:\/\/\S+$/i;

function wikidata(qid: string, name: string | null): EntityReference {
  const id = qid.toUpperCase();
  return { db: "Wikidata", id, iri: `http://www.wikidata.org/entity/${id}`, name };
}

/** The reference for `span`'s linked entity, or null when the span is not linked. */
export function resolveEntityReference(span: ExportSpan): EntityReference | null {
  if (span.entityId === null) return null;
  const name = span.entityName ?? null;
  const external = span.entityExternalId?.trim() ?? "";
  if (QID.test(external)) return wikidata(external, name);
  const url = WIKIDATA_URL.exec(external);
  if (url?.[1]) return wikidata(url[1], name);
  if (HTTP_URL.test(external)) return { db: "Spanlab", id: span.entityId, iri: external, name };
  const namespaced = NAMESPACED.exec(external);
  if (namespaced?.[1] && namespaced[2]) {
    if (namespaced[1].toLowerCase() === "wikidata" && QID.test(namespaced[2])) return wikidata(namespaced[2], name);
    return { db: namespaced[1], id: namespaced[2], iri: null, name };
  }
  return { db: "Spanlab", id: span.entityId, iri: null, name };
}
