/** Setup for the review / gold integration tests: a project, a reviewer, two annotators, one article, all through the real use-cases. */
import { and, count, eq } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { annotations, assignments, auditEvents, comments, documents, relations, reviewDecisions } from "@/db/schema";
import type { Actor } from "@/lib/auth/guards";
import { createTestUser } from "@/test/factories";
import type { AnnotationDto } from "./annotation-dto";
import { createAnnotation } from "./create-annotation";
import { createDocument } from "./documents";
import { listProjectLabels } from "./labels";
import { createMember } from "./members.test-helpers";
import { createProject } from "./projects";
import { createRelation } from "./relations";
import { submitDocument } from "./submit-document";

/** Written for these tests. Plain ASCII, so code points and UTF-16 offsets agree. */
export const ARTICLE =
  "Harbour councillor Mira Vance said on Tuesday that the ferry pier will close for repairs in March. " +
  "The transport office disputed the timing. Residents asked whether the night buses would run instead.";

/** The code-point range of the n-th occurrence of `phrase` in ARTICLE. */
export function at(phrase: string, occurrence = 1): { start: number; end: number; quote: string } {
  let from = -1;
  for (let i = 0; i < occurrence; i++) {
    from = ARTICLE.indexOf(phrase, from + 1);
    if (from < 0) throw new Error(`"${phrase}" not in the test article`);
  }
  return { start: from, end: from + phrase.length, quote: phrase };
}

export interface ReviewFixture {
  owner: Actor;
  reviewer: Actor;
  ann1: Actor;
  ann2: Actor;
  projectId: string;
  documentId: string;
  labels: { claim: string; quote: string; entity: string };
}

export async function setUpReviewProject(db: Db, name = "Review"): Promise<ReviewFixture> {
  const owner = await createTestUser(db, `${name} Owner`);
  const project = await createProject(db, owner, { name: `${name} ${Math.random().toString(36).slice(2, 8)}` });
  const reviewer = await createMember(db, owner, project.id, "reviewer", "Rae Reviewer");
  const ann1 = await createMember(db, owner, project.id, "annotator", "Ann One");
  const ann2 = await createMember(db, owner, project.id, "annotator", "Bea Two");
  const { labels } = await listProjectLabels(db, owner, project.id);
  const byName = (n: string) => labels.find((l) => l.name === n)!.id;
  const doc = await createDocument(db, owner, project.id, { title: "Ferry pier", text: ARTICLE });
  return {
    owner,
    reviewer,
    ann1,
    ann2,
    projectId: project.id,
    documentId: doc.id,
    labels: { claim: byName("Claim"), quote: byName("Quote"), entity: byName("Entity") },
  };
}

export async function tag(
  db: Db,
  f: ReviewFixture,
  who: Actor,
  labelId: string,
  phrase: string,
  extra: Record<string, unknown> = {},
): Promise<AnnotationDto> {
  const result = await createAnnotation(db, who, f.projectId, f.documentId, { labelId, ...at(phrase), ...extra });
  return result.body.annotation;
}

export async function link(db: Db, f: ReviewFixture, who: Actor, type: string, fromId: string, toId: string): Promise<string> {
  return (await createRelation(db, who, f.projectId, f.documentId, { type, fromId, toId })).body.relation.id;
}

export async function submit(db: Db, f: ReviewFixture, who: Actor): Promise<void> {
  await submitDocument(db, who, f.projectId, f.documentId);
}

/** Row counts of everything review and gold write, for "nothing was written" assertions. */
export async function countWrites(db: Db, f: ReviewFixture) {
  const n = async (q: Promise<{ n: number }[]>) => (await q)[0]!.n;
  const doc = await db.select({ status: documents.status }).from(documents).where(eq(documents.id, f.documentId));
  const assignmentRows = await db
    .select({ userId: assignments.userId, status: assignments.status })
    .from(assignments)
    .where(eq(assignments.documentId, f.documentId))
    .orderBy(assignments.userId);
  return {
    documentStatus: doc[0]!.status,
    assignments: assignmentRows,
    gold: await n(db.select({ n: count() }).from(annotations).where(and(eq(annotations.documentId, f.documentId), eq(annotations.layer, "gold")))),
    relations: await n(db.select({ n: count() }).from(relations).where(eq(relations.documentId, f.documentId))),
    decisions: await n(db.select({ n: count() }).from(reviewDecisions).where(eq(reviewDecisions.documentId, f.documentId))),
    comments: await n(db.select({ n: count() }).from(comments).where(eq(comments.documentId, f.documentId))),
    audit: await n(db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.projectId, f.projectId))),
  };
}

/** Audit events of the project with one action, oldest first. */
export async function auditOf(db: Db, f: ReviewFixture, action: string) {
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.projectId, f.projectId), eq(auditEvents.action, action)))
    .orderBy(auditEvents.id);
}
