import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithDb } from "@/test/db";
import { publishDocumentChange, type DocumentChange } from "./live";
import { listenForChanges, parseChange } from "./live-hub";

function waitFor<T>(items: T[], count: number, ms = 5_000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (items.length >= count) return resolve();
      if (Date.now() - started > ms) return reject(new Error(`only ${items.length} of ${count} notifications within ${ms} ms`));
      setTimeout(tick, 10);
    };
    tick();
  });
}

const change = (id: string): DocumentChange => ({ projectId: "p1", documentId: "d1", kind: "annotation", id, actorId: "u1" });

describeWithDb("live document changes (LISTEN/NOTIFY)", ({ db, conn }) => {
  const heard: DocumentChange[] = [];
  let stop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    stop = await listenForChanges(conn(), (payload) => {
      const c = parseChange(payload);
      if (c) heard.push(c);
    });
  });
  afterAll(async () => {
    await stop?.();
  });

  it("delivers a change published inside a transaction once it commits, with its fields intact", async () => {
    heard.length = 0;
    await db().transaction(async (tx) => {
      await publishDocumentChange(tx, change("a1"));
    });
    await waitFor(heard, 1);
    expect(heard).toEqual([change("a1")]);
  });

  it("never delivers a change whose transaction rolled back", async () => {
    heard.length = 0;
    await expect(
      db().transaction(async (tx) => {
        await publishDocumentChange(tx, change("rolled-back"));
        throw new Error("abort the write");
      }),
    ).rejects.toThrow("abort the write");
    // A committed change after it: when it arrives, the rolled-back one would have arrived first.
    await db().transaction(async (tx) => {
      await publishDocumentChange(tx, change("after"));
    });
    await waitFor(heard, 1);
    expect(heard.map((c) => c.id)).toEqual(["after"]);
  });
});

it("parseChange drops payloads that are not document changes", () => {
  expect(parseChange(undefined)).toBeNull();
  expect(parseChange("not json")).toBeNull();
  expect(parseChange(JSON.stringify({ projectId: "p" }))).toBeNull();
  expect(parseChange(JSON.stringify({ projectId: "p", documentId: "d", kind: "comment", id: "c" }))).toEqual({
    projectId: "p",
    documentId: "d",
    kind: "comment",
    id: "c",
    actorId: null,
  });
});
