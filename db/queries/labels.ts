import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../connect";
import { annotations, labels } from "../schema";

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

export async function getLabel(db: Db, projectId: string, labelId: string): Promise<LabelRow | undefined> {
  const [row] = await db
    .select()
    .from(labels)
    .where(and(eq(labels.projectId, projectId), eq(labels.id, labelId)))
    .limit(1);
  return row;
}

/** Updates one label of the project and returns the stored row. */
export async function updateLabel(
  db: Db,
  projectId: string,
  labelId: string,
  values: Partial<Omit<NewLabel, "id" | "projectId" | "createdAt">>,
): Promise<LabelRow> {
  const [row] = await db
    .update(labels)
    .set({ ...values, updatedAt: new Date() })
    .where(and(eq(labels.projectId, projectId), eq(labels.id, labelId)))
    .returning();
  if (!row) throw new Error(`label ${labelId} vanished while it was updated`);
  return row;
}

/** Hard delete; only for labels no annotation refers to (the foreign key refuses otherwise). */
export async function deleteLabel(db: Db, projectId: string, labelId: string): Promise<void> {
  await db.delete(labels).where(and(eq(labels.projectId, projectId), eq(labels.id, labelId)));
}

/** How many annotations refer to the label: `live` ones, and `all` including soft-deleted ones. */
export async function countLabelAnnotations(db: Db, projectId: string, labelId: string): Promise<{ live: number; all: number }> {
  const [row] = await db
    .select({
      all: sql<number>`count(*)::int`,
      live: sql<number>`(count(*) filter (where ${annotations.deletedAt} is null))::int`,
    })
    .from(annotations)
    .where(and(eq(annotations.projectId, projectId), eq(annotations.labelId, labelId)));
  return { live: row?.live ?? 0, all: row?.all ?? 0 };
}

/** The next free position at the end of the project's label list. */
export async function nextLabelPosition(db: Db, projectId: string): Promise<number> {
  const [row] = await db
    .select({ max: sql<number | null>`max(${labels.position})` })
    .from(labels)
    .where(eq(labels.projectId, projectId));
  return row?.max === null || row?.max === undefined ? 0 : Number(row.max) + 1;
}

/** Sets position = index in `orderedIds` for each label of the project. */
export async function setLabelPositions(db: Db, projectId: string, orderedIds: string[]): Promise<void> {
  for (const [position, id] of orderedIds.entries()) {
    await db
      .update(labels)
      .set({ position })
      .where(and(eq(labels.projectId, projectId), eq(labels.id, id)));
  }
}
