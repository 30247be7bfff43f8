import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { describeWithDb } from "@/test/db";
import type { Db } from "./connect";
import { readTogether } from "./reads";

/** readTogether: reads overlap on the pool, never on a transaction's one connection. */
describeWithDb("independent reads", ({ db }) => {
  const traced = (handle: Db, log: string[]) =>
    [0, 1, 2].map((i) => async () => {
      log.push(`start ${i}`);
      const result = await handle.execute(sql`select ${i}::int as n, pg_sleep(0.02)`);
      log.push(`end ${i}`);
      return Number((result as unknown as { rows: { n: number }[] }).rows[0]!.n);
    });

  it("run one after another inside a transaction, in order, with their results in order", async () => {
    const log: string[] = [];
    const results = await db().transaction(async (tx) => readTogether(tx, traced(tx, log)));
    expect(results).toEqual([0, 1, 2]);
    expect(log).toEqual(["start 0", "end 0", "start 1", "end 1", "start 2", "end 2"]);
  });

  it("all start at once outside a transaction, with their results in order", async () => {
    const log: string[] = [];
    const results = await readTogether(db(), traced(db(), log));
    expect(results).toEqual([0, 1, 2]);
    expect(log.slice(0, 3)).toEqual(["start 0", "start 1", "start 2"]);
  });
});
