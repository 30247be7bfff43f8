import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { documents } from "./documents";
import { labels } from "./labels";
import { projects } from "./projects";
import { users } from "./users";

/** `annotator`: one person's own layer (ownerId is that person); `gold`: the adjudicated layer. */
export const ANNOTATION_LAYERS = ["annotator", "gold"] as const;
export type AnnotationLayer = (typeof ANNOTATION_LAYERS)[number];

/** The project's registry of canonical entities that mentions link to ("Blinken" → Antony Blinken). */
export const entities = pgTable(
  "entities",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    type: text("type"),
    /** Typed by hand, e.g. a Wikidata QID such as "Q123". */
    externalId: text("external_id"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("entities_project_name_idx").on(t.projectId, sql`lower(${t.name})`)],
);

/**
 * A tagged span. `startOffset`/`endOffset` are Unicode code points into the document's exact text;
 * `quote` is text[start:end] and `prefix`/`suffix` the 32 code points around it, kept for
 * verification and re-anchoring. `version` increases on every write (optimistic concurrency).
 * Deletes are soft (`deletedAt`), so an undo or a restore brings the same row back.
 */
export const annotations = pgTable(
  "annotations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    documentId: uuid("document_id")
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    layer: text("layer").$type<AnnotationLayer>().notNull().default("annotator"),
    /** Whose layer this is; null for gold. */
    ownerId: uuid("owner_id").references(() => users.id, { onDelete: "cascade" }),
    labelId: uuid("label_id")
      .notNull()
      .references(() => labels.id, { onDelete: "restrict" }),
    startOffset: integer("start_offset").notNull(),
    endOffset: integer("end_offset").notNull(),
    quote: text("quote").notNull(),
    prefix: text("prefix").notNull().default(""),
    suffix: text("suffix").notNull().default(""),
    attributes: jsonb("attributes").$type<Record<string, string | boolean>>().notNull().default({}),
    note: text("note"),
    entityId: uuid("entity_id").references(() => entities.id, { onDelete: "set null" }),
    entityType: text("entity_type"),
    /** For gold spans: the annotator span it was accepted from. */
    sourceAnnotationId: uuid("source_annotation_id"),
    version: integer("version").notNull().default(1),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [
    index("annotations_document_owner_idx").on(t.documentId, t.ownerId, t.startOffset),
    index("annotations_document_layer_idx").on(t.documentId, t.layer),
    index("annotations_project_label_idx").on(t.projectId, t.labelId),
    index("annotations_entity_idx").on(t.entityId),
    check("annotations_layer_check", sql`${t.layer} in ('annotator', 'gold')`),
    check("annotations_offsets_check", sql`${t.startOffset} >= 0 and ${t.startOffset} < ${t.endOffset}`),
    check(
      "annotations_owner_check",
      sql`(${t.layer} = 'gold' and ${t.ownerId} is null) or (${t.layer} = 'annotator' and ${t.ownerId} is not null)`,
    ),
  ],
);

/** A typed link between two spans of one layer (Quote → Entity `said_by`, Claim → Entity `claimed_by`). */
export const relations = pgTable(
  "relations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    documentId: uuid("document_id")
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    fromId: uuid("from_id")
      .notNull()
      .references(() => annotations.id, { onDelete: "cascade" }),
    toId: uuid("to_id")
      .notNull()
      .references(() => annotations.id, { onDelete: "cascade" }),
    version: integer("version").notNull().default(1),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [
    index("relations_document_idx").on(t.documentId),
    index("relations_from_idx").on(t.fromId),
    index("relations_to_idx").on(t.toId),
  ],
);
