import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { projects } from "./projects";

export const LABEL_KINDS = ["claim", "quote", "entity", "other"] as const;
export type LabelKind = (typeof LABEL_KINDS)[number];

/** A typed attribute a span of this label may carry (e.g. Quote: direct / indirect / paraphrase). */
export type LabelAttribute =
  | { key: string; name: string; type: "choice"; options: string[]; required?: boolean }
  | { key: string; name: string; type: "boolean" }
  | { key: string; name: string; type: "text"; maxLength?: number };

/** A relation a span of this label may start (e.g. Quote → Entity `said_by`). */
export interface LabelRelationType {
  type: string;
  /** Kinds of label the relation may point to. */
  targetKinds: LabelKind[];
}

/** How spans of this label may overlap others in one layer. */
export type OverlapPolicy = "any" | "no-same-label" | "none";

export const labels = pgTable(
  "labels",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    kind: text("kind").$type<LabelKind>().notNull(),
    color: text("color").notNull(),
    hotkey: text("hotkey"),
    position: integer("position").notNull().default(0),
    entityTypes: jsonb("entity_types").$type<string[]>().notNull().default([]),
    attributes: jsonb("attributes").$type<LabelAttribute[]>().notNull().default([]),
    relationTypes: jsonb("relation_types").$type<LabelRelationType[]>().notNull().default([]),
    overlapPolicy: text("overlap_policy").$type<OverlapPolicy>().notNull().default("any"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** Archived labels keep their annotations (still exported) but are not offered for new spans. */
    archivedAt: timestamp("archived_at", { withTimezone: true }),
  },
  (t) => [
    index("labels_project_idx").on(t.projectId, t.position),
    check("labels_kind_check", sql`${t.kind} in ('claim', 'quote', 'entity', 'other')`),
    check("labels_overlap_policy_check", sql`${t.overlapPolicy} in ('any', 'no-same-label', 'none')`),
  ],
);
