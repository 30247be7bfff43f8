import { z } from "zod";

/**
 * Request schemas of the annotation API (contract: lib/server/annotation-dto.ts). These check shapes
 * and types only; everything that needs the document, the label or the project (offsets, quote,
 * attribute keys, limits, overlap) is checked by the use-cases in lib/server, which answer 422 with
 * `details.code` naming the rule.
 *
 * Unknown top-level keys are stripped, not refused: in particular a client's `prefix`/`suffix` are
 * ignored (the server always computes them from the stored text).
 */

/** Longest accepted `Idempotency-Key` header. */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 200;
export const ENTITY_NAME_MAX_LENGTH = 200;
export const ENTITY_TYPE_MAX_LENGTH = 100;
export const ENTITY_EXTERNAL_ID_MAX_LENGTH = 100;
export const ENTITY_SEARCH_DEFAULT_LIMIT = 20;
export const ENTITY_SEARCH_MAX_LIMIT = 50;
export const RELATION_TYPE_MAX_LENGTH = 100;
/** Relations a single restore may bring back. */
export const RESTORE_RELATIONS_MAX = 1000;

const ZId = (what: string) => z.uuid({ error: `${what} must be a UUID.` });

const ZAttributes = z.record(z.string(), z.union([z.string(), z.boolean()]), {
  error: "Attributes must be an object of attribute key → text or true/false.",
});

/** Offsets are plain numbers here; `validateSpan` reports non-integers and ranges with a precise code. */
const ZOffset = (what: string) => z.number({ error: `${what} must be a number (a code-point offset).` });

export const ZAnnotationLayer = z.enum(["annotator", "gold"], { error: 'Layer must be "annotator" or "gold".' });

export const ZCreateAnnotationRequest = z.object({
  id: ZId("The annotation id").optional(),
  labelId: ZId("The label id"),
  start: ZOffset("Start"),
  end: ZOffset("End"),
  quote: z.string({ error: "Send the quote: the text between start and end as you saw it." }),
  attributes: ZAttributes.optional(),
  note: z.string({ error: "A note must be text." }).nullish(),
  entityId: ZId("The entity id").nullish(),
  entityType: z.string({ error: "An entity type must be text." }).nullish(),
  layer: ZAnnotationLayer.optional(),
});
export type TCreateAnnotationRequest = z.infer<typeof ZCreateAnnotationRequest>;

export const ZUpdateAnnotationRequest = z.object({
  version: z.number({ error: "Send the version the edit is based on." }).int("The version is a whole number.").min(1),
  labelId: ZId("The label id").optional(),
  start: ZOffset("Start").optional(),
  end: ZOffset("End").optional(),
  quote: z.string({ error: "The quote must be text." }).optional(),
  attributes: ZAttributes.optional(),
  note: z.string({ error: "A note must be text." }).nullish(),
  entityId: ZId("The entity id").nullish(),
  entityType: z.string({ error: "An entity type must be text." }).nullish(),
});
export type TUpdateAnnotationRequest = z.infer<typeof ZUpdateAnnotationRequest>;

/** `?version=N` of DELETE. */
export const ZDeleteAnnotationQuery = z.object({
  version: z.coerce
    .number({ error: "Send the version the delete is based on (?version=N)." })
    .int("The version is a whole number.")
    .min(1, "Send the version the delete is based on (?version=N)."),
});

export const ZRestoreAnnotationRequest = z.object({
  relationIds: z.array(ZId("A relation id")).max(RESTORE_RELATIONS_MAX).optional(),
});
export type TRestoreAnnotationRequest = z.infer<typeof ZRestoreAnnotationRequest>;

export const ZCreateRelationRequest = z.object({
  id: ZId("The relation id").optional(),
  type: z
    .string({ error: "Name the relation type." })
    .trim()
    .min(1, "Name the relation type.")
    .max(RELATION_TYPE_MAX_LENGTH, `A relation type has at most ${RELATION_TYPE_MAX_LENGTH} characters.`),
  fromId: ZId("The source span id"),
  toId: ZId("The target span id"),
});
export type TCreateRelationRequest = z.infer<typeof ZCreateRelationRequest>;

/** A Wikidata item id, e.g. Q42. */
export const WIKIDATA_QID = /^Q[1-9]\d*$/;
/** Something that was probably meant as a Wikidata id ("Q42", "q42", "Q 42", "Q42x"). */
const LOOKS_LIKE_QID = /^q\s*\d/i;

export const ZCreateEntityRequest = z.object({
  name: z
    .string({ error: "Give the entity a name." })
    .trim()
    .min(1, "Give the entity a name.")
    .max(ENTITY_NAME_MAX_LENGTH, `An entity name has at most ${ENTITY_NAME_MAX_LENGTH} characters.`),
  type: z
    .string({ error: "An entity type must be text." })
    .trim()
    .max(ENTITY_TYPE_MAX_LENGTH, `An entity type has at most ${ENTITY_TYPE_MAX_LENGTH} characters.`)
    .nullish()
    .transform((t) => (t ? t : null)),
  externalId: z
    .string({ error: "An external id must be text." })
    .trim()
    .max(ENTITY_EXTERNAL_ID_MAX_LENGTH, `An external id has at most ${ENTITY_EXTERNAL_ID_MAX_LENGTH} characters.`)
    .nullish()
    .transform((t) => (t ? (LOOKS_LIKE_QID.test(t) ? t.toUpperCase() : t) : null))
    .refine((t) => t === null || !LOOKS_LIKE_QID.test(t) || WIKIDATA_QID.test(t), {
      message: "This looks like a Wikidata id but is not one: Wikidata ids are Q followed by digits, like Q42.",
    }),
});
export type TCreateEntityRequest = z.infer<typeof ZCreateEntityRequest>;

export const ZEntitySearchQuery = z.object({
  q: z.string().trim().max(ENTITY_NAME_MAX_LENGTH).default(""),
  limit: z.coerce
    .number({ error: "The limit must be a number." })
    .int()
    .min(1)
    .max(ENTITY_SEARCH_MAX_LIMIT, `Ask for at most ${ENTITY_SEARCH_MAX_LIMIT} entities.`)
    .default(ENTITY_SEARCH_DEFAULT_LIMIT),
});
