import { and, eq } from "drizzle-orm";
import { beforeEach, expect, it } from "vitest";
import { auditEvents, entities } from "@/db/schema";
import { countRows, makeAnnotationWorld, type AnnotationWorld } from "@/test/annotation-fixtures";
import { describeWithDb } from "@/test/db";
import { createEntity, searchEntityRegistry } from "./entities";
import { AppError } from "./errors";

async function failure(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, "expected the call to fail").toBeInstanceOf(AppError);
  return err as AppError;
}

describeWithDb("entity registry", ({ db }) => {
  let w: AnnotationWorld;
  beforeEach(async () => {
    w = await makeAnnotationWorld(db());
  });
  const add = (body: Record<string, unknown>, actor = w.annotator) => createEntity(db(), actor, w.project.id, body);

  it("adds an entity with a Wikidata id, audited", async () => {
    const before = await countRows(db());
    const { status, body } = await add({ name: "  Harbour Authority ", type: "Organization", externalId: "q4115189" });
    expect(status).toBe(201);
    expect(body).toMatchObject({ created: true, entity: { name: "Harbour Authority", type: "Organization", externalId: "Q4115189" } });
    const after = await countRows(db());
    expect(after.entities - before.entities).toBe(1);
    expect(after.audit - before.audit).toBe(1);
    const [event] = await db().select().from(auditEvents).where(eq(auditEvents.entityId, body.entity.id));
    expect(event).toMatchObject({ action: "entity.create", before: null, after: { name: "Harbour Authority", externalId: "Q4115189" } });
  });

  it("returns the existing entity for the same name (any case) and type instead of a twin", async () => {
    const first = await add({ name: "Wang Wenbin", type: "Person" });
    const before = await countRows(db());
    const again = await add({ name: "wang wenbin", type: "Person" }, w.annotator2);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ created: false, entity: first.body.entity });
    expect(await countRows(db())).toEqual(before);
    const otherType = await add({ name: "Wang Wenbin", type: "Organization" });
    expect(otherType.status).toBe(201);
    const untyped = await add({ name: "Wang Wenbin" });
    expect(untyped.body.entity.type).toBeNull();
    expect((await add({ name: "WANG WENBIN", type: "" })).body.entity.id).toBe(untyped.body.entity.id);
  });

  it("makes one row when the same entity is created concurrently", async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => add({ name: "Port of Odesa", type: "Location" })));
    expect(new Set(results.map((r) => r.body.entity.id)).size).toBe(1);
    expect(results.filter((r) => r.body.created)).toHaveLength(1);
    const rows = await db().select().from(entities).where(and(eq(entities.projectId, w.project.id), eq(entities.name, "Port of Odesa")));
    expect(rows).toHaveLength(1);
  });

  it.each([
    ["an empty name", { name: "   " }, "name"],
    ["a name over 200 characters", { name: "n".repeat(201) }, "name"],
    ["something that looks like a Wikidata id but is not", { name: "Ferry", externalId: "Q12x" }, "externalId"],
    ["a Wikidata id with a leading zero", { name: "Ferry", externalId: "Q012" }, "externalId"],
    ["an external id over 100 characters", { name: "Ferry", externalId: "x".repeat(101) }, "externalId"],
  ])("refuses %s with 422 on the field and writes nothing", async (_name, body, field) => {
    const before = await countRows(db());
    const err = await failure(add(body));
    expect(err.status).toBe(422);
    expect(err.fields?.[field]?.length).toBeGreaterThan(0);
    expect(await countRows(db())).toEqual(before);
  });

  it("accepts other external ids as free text", async () => {
    const { body } = await add({ name: "Ferry Company", type: "Organization", externalId: "ISNI 0000 0001 2345 6789" });
    expect(body.entity.externalId).toBe("ISNI 0000 0001 2345 6789");
  });

  it("searches by case-insensitive prefix first, then substring, at most `limit`, only in the project", async () => {
    for (const name of ["Harbour Authority", "Old Harbour Pier", "harbourmaster Li", "Ferry Company", "100% Harbour_Fans"]) {
      await add({ name, type: "Organization" });
    }
    await createEntity(db(), w.outsider, w.otherProject.id, { name: "Harbour Elsewhere" });
    const res = await searchEntityRegistry(db(), w.annotator, w.project.id, { q: "HARBOUR" });
    expect(res.entities.map((e) => e.name)).toEqual(["Harbour Authority", "harbourmaster Li", "100% Harbour_Fans", "Old Harbour Pier"]);
    const limited = await searchEntityRegistry(db(), w.annotator, w.project.id, { q: "harbour", limit: "2" });
    expect(limited.entities).toHaveLength(2);
    const literal = await searchEntityRegistry(db(), w.annotator, w.project.id, { q: "0% h" });
    expect(literal.entities.map((e) => e.name)).toEqual(["100% Harbour_Fans"]);
    const underscore = await searchEntityRegistry(db(), w.annotator, w.project.id, { q: "r_f" });
    expect(underscore.entities.map((e) => e.name)).toEqual(["100% Harbour_Fans"]);
    const all = await searchEntityRegistry(db(), w.annotator, w.project.id, {});
    expect(all.entities).toHaveLength(5);
    expect((await failure(searchEntityRegistry(db(), w.annotator, w.project.id, { limit: "500" }))).status).toBe(422);
  });

  it("refuses a non-member with 403 on search and create", async () => {
    const before = await countRows(db());
    expect((await failure(searchEntityRegistry(db(), w.outsider, w.project.id, { q: "a" }))).status).toBe(403);
    expect((await failure(add({ name: "Intruder Ltd" }, w.outsider))).status).toBe(403);
    expect(await countRows(db())).toEqual(before);
  });
});
