import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { projects } from "./projects";
import { users } from "./users";

/** Workflow of one article, across its annotators (per-annotator state lives on `assignments`). */
export const DOCUMENT_STATUSES = ["unassigned", "in_progress", "submitted", "in_review", "approved", "returned"] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/**
 * An article. `text` is stored exactly as imported (after UTF-8 decoding, newlines normalised to
 * "\n"); every offset in the product is a Unicode code point into it. `length` is its length in
 * code points, `contentHash` a SHA-256 of the text used to flag duplicates.
 */
export const documents = pgTable(
  "documents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    text: text("text").notNull(),
    length: integer("length").notNull(),
    sourceUrl: text("source_url"),
    meta: jsonb("meta").$type<Record<string, unknown>>().notNull().default({}),
    contentHash: text("content_hash").notNull(),
    status: text("status").$type<DocumentStatus>().notNull().default("unassigned"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("documents_project_idx").on(t.projectId, t.createdAt, t.id),
    index("documents_project_hash_idx").on(t.projectId, t.contentHash),
    index("documents_project_status_idx").on(t.projectId, t.status),
    // Full-text search over the title and the first 200,000 characters of the text ('simple' config:
    // no stemming, any language; the prefix keeps every tsvector under PostgreSQL's 1 MB limit).
    // Query with the same expression (see DOCUMENT_SEARCH_VECTOR in db/queries/documents.ts).
    index("documents_search_idx").using("gin", sql`to_tsvector('simple', ${t.title} || ' ' || left(${t.text}, 200000))`),
    check(
      "documents_status_check",
      sql`${t.status} in ('unassigned', 'in_progress', 'submitted', 'in_review', 'approved', 'returned')`,
    ),
  ],
);

export const ASSIGNMENT_STATUSES = ["assigned", "in_progress", "submitted", "returned", "approved"] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

/** Who annotates which article, and how far they are. One row per (document, annotator). */
export const assignments = pgTable(
  "assignments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    documentId: uuid("document_id")
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    status: text("status").$type<AssignmentStatus>().notNull().default("assigned"),
    assignedBy: uuid("assigned_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("assignments_document_user_key").on(t.documentId, t.userId),
    index("assignments_project_user_idx").on(t.projectId, t.userId, t.status),
    check(
      "assignments_status_check",
      sql`${t.status} in ('assigned', 'in_progress', 'submitted', 'returned', 'approved')`,
    ),
  ],
);
