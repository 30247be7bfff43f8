import { and, asc, eq, isNull } from "drizzle-orm";
import type { Db } from "../connect";
import { labels } from "../schema";

export type LabelRow = typeof labels.$inferSelect;
export type NewLabel = typeof labels.$inferInsert;

export async function listLabels(db: Db, projectId: string, options: { includeArchived?: boolean } = {}): Promise<LabelRow[]> {
  return db
    .select()
    .from(labels)
    .where(options.includeArchived ? eq(labels.projectId, projectId) : and(eq(labels.projectId, projectId), isNull(labels.archivedAt)))
    .orderBy(asc(labels.position), asc(labels.createdAt));
}

export async function insertLabels(db: Db, values: NewLabel[]): Promise<LabelRow[]> {
  if (values.length === 0) return [];
  return db.insert(labels).values(values).returning();
}
