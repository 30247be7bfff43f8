import { createHash } from "node:crypto";
import { beforeEach, expect, it } from "vitest";
import { apiTokens } from "@/db/schema";
import { makeAnnotationWorld, type AnnotationWorld } from "@/test/annotation-fixtures";
import { describeWithDb } from "@/test/db";
import { getDocumentWriteTarget, getLabelForWrite, getSaveContext } from "./annotations";
import { getUserByApiToken } from "./api-tokens";
import { getProjectMembership } from "./projects";

/**
 * The reads every tag in the editor makes, as prepared queries (built once per database handle,
 * named statements on PostgreSQL). They must answer exactly what the general queries answer, for
 * every combination of a project, a document and a label that are or aren't the caller's.
 */
describeWithDb("the save path's prepared reads", ({ db, driver }) => {
  let w: AnnotationWorld;
  beforeEach(async () => {
    w = await makeAnnotationWorld(db());
  });

  const general = async (userId: string, projectKey: string, documentId: string, labelId: string) => {
    const membership = await getProjectMembership(db(), userId, projectKey);
    const pid = membership?.project.id;
    return {
      membership,
      target: pid ? await getDocumentWriteTarget(db(), { projectId: pid, documentId, userId }) : undefined,
      label: pid ? await getLabelForWrite(db(), pid, labelId) : undefined,
    };
  };

  it("reads membership, document and label in one query, by project id and by slug, as the separate reads do", async () => {
    for (const key of [w.project.id, w.project.slug]) {
      const ctx = await getSaveContext(db(), { userId: w.annotator.userId, projectIdOrSlug: key, documentId: w.doc.id, labelId: w.labels.Claim!.id });
      expect(ctx.membership?.role).toBe("annotator");
      expect(ctx.membership?.project.id).toBe(w.project.id);
      expect(ctx.target).toMatchObject({ id: w.doc.id, myAssignmentStatus: null, hasAssignments: false });
      expect(ctx.label).toMatchObject({ id: w.labels.Claim!.id, name: "Claim", projectHasOverlapRules: true });
      expect(ctx).toEqual(await general(w.annotator.userId, key, w.doc.id, w.labels.Claim!.id));
    }
    // An archived label is read (the caller refuses it with its name).
    const old = await getSaveContext(db(), { userId: w.owner.userId, projectIdOrSlug: w.project.id, documentId: w.doc.id, labelId: w.labels.Old!.id });
    expect(old.label?.archivedAt).toBeInstanceOf(Date);
  });

  it("finds nothing across project lines, for non-members, or for ids that are not UUIDs", async () => {
    const read = (userId: string, projectIdOrSlug: string, documentId: string | null, labelId: string | null) =>
      getSaveContext(db(), { userId, projectIdOrSlug, documentId, labelId });

    const outsider = await read(w.outsider.userId, w.project.id, w.doc.id, w.labels.Claim!.id);
    expect(outsider).toEqual({ membership: undefined, target: undefined, label: undefined });
    const bySlug = await read(w.outsider.userId, w.project.slug, w.doc.id, w.labels.Claim!.id);
    expect(bySlug.membership).toBeUndefined();

    // A member naming another project's document and label: the membership, and nothing else.
    const crossed = await read(w.annotator.userId, w.project.id, w.otherDoc.id, w.otherLabels.Claim!.id);
    expect(crossed.membership?.role).toBe("annotator");
    expect(crossed.target).toBeUndefined();
    expect(crossed.label).toBeUndefined();
    expect(crossed).toEqual(await general(w.annotator.userId, w.project.id, w.otherDoc.id, w.otherLabels.Claim!.id));

    const garbage = await read(w.annotator.userId, w.project.id, "not-a-uuid", "'; drop table labels; --");
    expect(garbage.membership?.role).toBe("annotator");
    expect(garbage.target).toBeUndefined();
    expect(garbage.label).toBeUndefined();
    expect((await read(w.annotator.userId, w.project.id, null, null)).target).toBeUndefined();
    expect((await read(w.annotator.userId, "no-such-project", w.doc.id, null)).membership).toBeUndefined();
  });

  it("runs on the connection of the handle it was built for: inside a transaction it sees that transaction's rows", async () => {
    const token = "tok-in-transaction";
    const hash = createHash("sha256").update(token).digest("hex");
    await db()
      .transaction(async (tx) => {
        await tx.insert(apiTokens).values({ userId: w.annotator.userId, name: "cli", tokenHash: hash });
        expect((await getUserByApiToken(tx, hash))?.id).toBe(w.annotator.userId);
        // PGlite has one connection: a read outside the transaction would wait for it to end.
        if (driver === "pg") expect(await getUserByApiToken(db(), hash)).toBeUndefined();
        throw new Error("roll back");
      })
      .catch((err: Error) => expect(err.message).toBe("roll back"));
    expect(await getUserByApiToken(db(), hash)).toBeUndefined();
  });

  it("accepts a live API token and refuses a revoked, an expired or an unknown one", async () => {
    const hash = (t: string) => createHash("sha256").update(t).digest("hex");
    const day = 24 * 3600 * 1000;
    await db()
      .insert(apiTokens)
      .values([
        { userId: w.annotator.userId, name: "live", tokenHash: hash("live") },
        { userId: w.annotator.userId, name: "not yet expired", tokenHash: hash("later"), expiresAt: new Date(Date.now() + day) },
        { userId: w.annotator.userId, name: "revoked", tokenHash: hash("revoked"), revokedAt: new Date() },
        { userId: w.annotator.userId, name: "expired", tokenHash: hash("expired"), expiresAt: new Date(Date.now() - day) },
      ]);
    // Twice each: the second call runs the statement already prepared.
    for (let i = 0; i < 2; i++) {
      expect((await getUserByApiToken(db(), hash("live")))?.email).toBe(w.annotator.email);
      expect((await getUserByApiToken(db(), hash("later")))?.id).toBe(w.annotator.userId);
      expect(await getUserByApiToken(db(), hash("revoked"))).toBeUndefined();
      expect(await getUserByApiToken(db(), hash("expired"))).toBeUndefined();
      expect(await getUserByApiToken(db(), hash("unknown"))).toBeUndefined();
    }
  });
});
