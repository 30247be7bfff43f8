/**
 * Fixtures for the annotation use-case tests: a project with every role, a text full of characters
 * that break naive offset code, labels exercising attributes and overlap rules, and a second project
 * to prove nothing crosses project lines. Made through the real use-cases and queries.
 */
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { insertLabels, listLabels, type LabelRow } from "@/db/queries/labels";
import { insertMember } from "@/db/queries/projects";
import { projects, type ProjectRole, type ProjectSettings } from "@/db/schema";
import { createOffsetIndex } from "@/lib/annotation/offsets";
import type { Actor } from "@/lib/auth/guards";
import { createDocument, type DocumentDto } from "@/lib/server/documents";
import { createProject } from "@/lib/server/projects";
import type { ProjectDto } from "@/lib/server/dto";
import { createTestUser } from "./factories";

/**
 * Written for these tests. Every interesting character sits well inside the text, so spans on it
 * have a full 32-code-point prefix and suffix.
 */
export const SAMPLE_TEXT =
  "Harbour council notes, third session of the spring term. " +
  "A family 👩‍👩‍👧‍👦 arrived from Kyiv 🇺🇦 with a banner about ferries. " +
  "The tutor wrote 𝐌𝐚𝐭𝐡 on the board, and a visitor added 数学很有趣 below it. " +
  "At the café (cafe\u0301 in the old spelling) the owner greeted us with مرحبا بكم and שלום לכולם. " +
  "The chair said the ferry timetable would change in June, and nobody objected. " +
  "Minutes approved; the session closed at nine.";

export interface SpanRef {
  start: number;
  end: number;
  quote: string;
}

/** Code-point span of the `nth` occurrence of `needle` in `text`. */
export function spanOf(text: string, needle: string, nth = 0): SpanRef {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" occurs fewer than ${nth + 1} times`);
  }
  const index = createOffsetIndex(text);
  const start = index.toCodePoint(at);
  const end = index.toCodePoint(at + needle.length);
  return { start, end, quote: needle };
}

/** `text[start:end]` by code points, the way the tests check the server (independent of lib/annotation). */
export function cpSlice(text: string, start: number, end: number): string {
  return Array.from(text).slice(Math.max(0, start), Math.max(0, end)).join("");
}

export interface AnnotationWorld {
  owner: Actor;
  annotator: Actor;
  annotator2: Actor;
  reviewer: Actor;
  outsider: Actor;
  project: ProjectDto;
  doc: DocumentDto;
  /** Labels by name: Claim, Quote, Entity (defaults), Stance (attributes), Heading (overlap none), Topic (no-same-label), Old (archived). */
  labels: Record<string, LabelRow>;
  /** Another project (owned by `outsider`) with its own document and labels. */
  otherProject: ProjectDto;
  otherDoc: DocumentDto;
  otherLabels: Record<string, LabelRow>;
}

export async function addMember(db: Db, projectId: string, actor: Actor, role: ProjectRole): Promise<void> {
  await insertMember(db, { projectId, userId: actor.userId, role });
}

export async function setProjectSettings(db: Db, projectId: string, settings: ProjectSettings): Promise<void> {
  await db.update(projects).set({ settings }).where(eq(projects.id, projectId));
}

function byName(rows: LabelRow[]): Record<string, LabelRow> {
  return Object.fromEntries(rows.map((l) => [l.name, l]));
}

export async function makeAnnotationWorld(db: Db, options: { text?: string; overlapLabels?: boolean } = {}): Promise<AnnotationWorld> {
  const owner = await createTestUser(db, "Olga Owner");
  const annotator = await createTestUser(db, "Ann Annotator");
  const annotator2 = await createTestUser(db, "Abe Annotator");
  const reviewer = await createTestUser(db, "Rita Reviewer");
  const outsider = await createTestUser(db, "Otto Outsider");
  const project = await createProject(db, owner, { name: "Harbour minutes" });
  await addMember(db, project.id, annotator, "annotator");
  await addMember(db, project.id, annotator2, "annotator");
  await addMember(db, project.id, reviewer, "reviewer");
  await insertLabels(db, [
    {
      projectId: project.id,
      name: "Stance",
      kind: "other",
      color: "#7c3aed",
      position: 3,
      attributes: [
        { key: "stance", name: "Stance", type: "choice", options: ["pro", "contra"] },
        { key: "sarcastic", name: "Sarcastic", type: "boolean" },
        { key: "comment", name: "Comment", type: "text", maxLength: 20 },
        { key: "longform", name: "Long form", type: "text" },
      ],
    },
    ...(options.overlapLabels === false
      ? []
      : [
          { projectId: project.id, name: "Heading", kind: "other" as const, color: "#475569", position: 4, overlapPolicy: "none" as const },
          { projectId: project.id, name: "Topic", kind: "other" as const, color: "#0891b2", position: 5, overlapPolicy: "no-same-label" as const },
        ]),
    { projectId: project.id, name: "Old", kind: "other", color: "#9ca3af", position: 6, archivedAt: new Date() },
  ]);
  const labels = byName(await listLabels(db, project.id, { includeArchived: true }));
  const doc = await createDocument(db, owner, project.id, { title: "Council notes", text: options.text ?? SAMPLE_TEXT });

  const otherProject = await createProject(db, outsider, { name: "Someone else's corpus" });
  const otherLabels = byName(await listLabels(db, otherProject.id));
  const otherDoc = await createDocument(db, outsider, otherProject.id, { title: "Other notes", text: SAMPLE_TEXT });
  return { owner, annotator, annotator2, reviewer, outsider, project, doc, labels, otherProject, otherDoc, otherLabels };
}

/** Row counts of the tables a write touches (to prove a refused write wrote nothing). */
export async function countRows(db: Db): Promise<{ annotations: number; audit: number; relations: number; entities: number; assignments: number; keys: number }> {
  const result = await db.execute<{ annotations: number; audit: number; relations: number; entities: number; assignments: number; keys: number }>(sql`
    select (select count(*)::int from annotations) as annotations,
           (select count(*)::int from audit_events) as audit,
           (select count(*)::int from relations) as relations,
           (select count(*)::int from entities) as entities,
           (select count(*)::int from assignments) as assignments,
           (select count(*)::int from idempotency_keys) as keys`);
  const rows = (result as unknown as { rows: Record<string, number>[] }).rows;
  const row = rows[0]!;
  return {
    annotations: Number(row.annotations),
    audit: Number(row.audit),
    relations: Number(row.relations),
    entities: Number(row.entities),
    assignments: Number(row.assignments),
    keys: Number(row.keys),
  };
}
