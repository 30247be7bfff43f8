import { z } from "zod";
import { LABEL_KINDS } from "@/db/schema/labels";

export const LABEL_NAME_MAX_LENGTH = 60;
export const ATTRIBUTE_KEY_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;
export const LABEL_HOTKEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9"] as const;
export const OVERLAP_POLICIES = ["any", "no-same-label", "none"] as const;
export const MAX_ATTRIBUTES = 20;
export const MAX_CHOICE_OPTIONS = 50;
export const MAX_ENTITY_TYPES = 50;
export const MAX_RELATION_TYPES = 20;
export const TEXT_ATTRIBUTE_MAX_LENGTH = 10_000;

function hasDuplicates(values: string[], normalise: (v: string) => string = (v) => v): string | undefined {
  const seen = new Set<string>();
  for (const v of values) {
    const n = normalise(v);
    if (seen.has(n)) return v;
    seen.add(n);
  }
  return undefined;
}

export const ZLabelName = z
  .string({ error: "Give the label a name." })
  .trim()
  .min(1, "Give the label a name.")
  .max(LABEL_NAME_MAX_LENGTH, `A label name has at most ${LABEL_NAME_MAX_LENGTH} characters.`);

export const ZLabelKind = z.enum(LABEL_KINDS, { error: "Pick a kind: claim, quote, entity or other." });

export const ZLabelColor = z
  .string({ error: "Pick a colour." })
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, "Use a colour in the form #rrggbb, like #2563eb.")
  .transform((c) => c.toLowerCase());

/** "" and null both mean "no hotkey". */
export const ZLabelHotkey = z.preprocess(
  (v) => (v === "" ? null : v),
  z.enum(LABEL_HOTKEYS, { error: "A hotkey is one of the keys 1 to 9, or none." }).nullable(),
);

export const ZOverlapPolicy = z.enum(OVERLAP_POLICIES, { error: "Pick an overlap policy: any, no-same-label or none." });

const ZShortText = (what: string) =>
  z
    .string({ error: `Give the ${what}.` })
    .trim()
    .min(1, `The ${what} can't be empty.`)
    .max(LABEL_NAME_MAX_LENGTH, `The ${what} has at most ${LABEL_NAME_MAX_LENGTH} characters.`);

export const ZEntityTypes = z
  .array(ZShortText("entity type"), { error: "Entity types are a list of names." })
  .max(MAX_ENTITY_TYPES, `A label has at most ${MAX_ENTITY_TYPES} entity types.`)
  .superRefine((types, ctx) => {
    const dup = hasDuplicates(types, (t) => t.toLowerCase());
    if (dup !== undefined) ctx.addIssue({ code: "custom", message: `The entity type "${dup}" is listed twice.` });
  });

const ZAttributeKey = z
  .string({ error: "Give the attribute a key." })
  .regex(ATTRIBUTE_KEY_PATTERN, "A key starts with a lower-case letter and has only a–z, 0–9 and _ (at most 40 characters), like check_worthy.");
const ZAttributeName = ZShortText("attribute name");

export const ZLabelAttribute = z.discriminatedUnion(
  "type",
  [
    z.object({
      key: ZAttributeKey,
      name: ZAttributeName,
      type: z.literal("choice"),
      options: z
        .array(ZShortText("option"), { error: "Give the choice's options." })
        .min(1, "A choice needs at least one option.")
        .max(MAX_CHOICE_OPTIONS, `A choice has at most ${MAX_CHOICE_OPTIONS} options.`)
        .superRefine((options, ctx) => {
          const dup = hasDuplicates(options);
          if (dup !== undefined) ctx.addIssue({ code: "custom", message: `The option "${dup}" is listed twice; each option once.` });
        }),
      required: z.boolean().optional(),
    }),
    z.object({ key: ZAttributeKey, name: ZAttributeName, type: z.literal("boolean") }),
    z.object({
      key: ZAttributeKey,
      name: ZAttributeName,
      type: z.literal("text"),
      maxLength: z
        .number({ error: "Give the longest text allowed as a number." })
        .int("Give a whole number of characters.")
        .min(1, "Allow at least 1 character.")
        .max(TEXT_ATTRIBUTE_MAX_LENGTH, `A text attribute holds at most ${TEXT_ATTRIBUTE_MAX_LENGTH.toLocaleString("en")} characters.`)
        .optional(),
    }),
  ],
  { error: "An attribute's type is choice, boolean or text." },
);

export const ZLabelAttributes = z
  .array(ZLabelAttribute, { error: "Attributes are a list." })
  .max(MAX_ATTRIBUTES, `A label has at most ${MAX_ATTRIBUTES} attributes.`)
  .superRefine((attrs, ctx) => {
    const seen = new Set<string>();
    attrs.forEach((a, i) => {
      if (seen.has(a.key)) ctx.addIssue({ code: "custom", path: [i, "key"], message: `The key "${a.key}" is used by another attribute; keys are unique per label.` });
      seen.add(a.key);
    });
  });

export const ZLabelRelationType = z.object({
  type: z
    .string({ error: "Give the relation a type." })
    .regex(ATTRIBUTE_KEY_PATTERN, "A relation type starts with a lower-case letter and has only a–z, 0–9 and _, like said_by."),
  targetKinds: z
    .array(ZLabelKind, { error: "Pick the kinds of label the relation may point to." })
    .min(1, "Pick at least one kind of label the relation may point to.")
    .superRefine((kinds, ctx) => {
      const dup = hasDuplicates(kinds);
      if (dup !== undefined) ctx.addIssue({ code: "custom", message: `The kind "${dup}" is listed twice.` });
    }),
});

export const ZLabelRelationTypes = z
  .array(ZLabelRelationType, { error: "Relation types are a list." })
  .max(MAX_RELATION_TYPES, `A label has at most ${MAX_RELATION_TYPES} relation types.`)
  .superRefine((rels, ctx) => {
    const seen = new Set<string>();
    rels.forEach((r, i) => {
      if (seen.has(r.type)) ctx.addIssue({ code: "custom", path: [i, "type"], message: `The relation type "${r.type}" is listed twice.` });
      seen.add(r.type);
    });
  });

const LABEL_FIELDS = {
  name: ZLabelName,
  kind: ZLabelKind,
  color: ZLabelColor,
  hotkey: ZLabelHotkey.default(null),
  entityTypes: ZEntityTypes.default([]),
  attributes: ZLabelAttributes.default([]),
  relationTypes: ZLabelRelationTypes.default([]),
  overlapPolicy: ZOverlapPolicy.default("any"),
};

function entityTypesOnlyOnEntities(l: { kind: string; entityTypes: string[] }, ctx: z.RefinementCtx): void {
  if (l.kind !== "entity" && l.entityTypes.length > 0) {
    ctx.addIssue({
      code: "custom",
      path: ["entityTypes"],
      message: "Only entity labels have entity types. Remove them, or make this an entity label.",
    });
  }
}

/** A whole label as stored (create, and the merged result of an update). */
export const ZLabelDefinition = z.strictObject(LABEL_FIELDS).superRefine(entityTypesOnlyOnEntities);
export type TLabelDefinition = z.infer<typeof ZLabelDefinition>;

export const ZCreateLabelRequest = ZLabelDefinition;
export type TCreateLabelRequest = z.input<typeof ZCreateLabelRequest>;

/** Any subset of a label's fields; `archived: false` restores an archived label. */
export const ZUpdateLabelRequest = z.strictObject({
  name: ZLabelName.optional(),
  kind: ZLabelKind.optional(),
  color: ZLabelColor.optional(),
  hotkey: ZLabelHotkey.optional(),
  entityTypes: ZEntityTypes.optional(),
  attributes: ZLabelAttributes.optional(),
  relationTypes: ZLabelRelationTypes.optional(),
  overlapPolicy: ZOverlapPolicy.optional(),
  archived: z.literal(false, { error: "To archive a label, remove it; `archived` only accepts false (restore)." }).optional(),
});
export type TUpdateLabelRequest = z.input<typeof ZUpdateLabelRequest>;

export const ZReorderLabelsRequest = z.object({
  ids: z
    .array(z.uuid({ error: "Label ids are UUIDs." }), { error: "Send the label ids in their new order." })
    .min(1, "Send the label ids in their new order.")
    .max(500, "A project has at most 500 labels to order."),
});
export type TReorderLabelsRequest = z.infer<typeof ZReorderLabelsRequest>;
