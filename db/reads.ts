import { PgTransaction } from "drizzle-orm/pg-core";
import type { Db } from "./connect";

type Reads<T extends readonly unknown[]> = { [K in keyof T]: () => Promise<T[K]> };

/**
 * Independent reads: at once on the pool (each takes its own connection), one after another on a
 * transaction — a transaction is one connection, which runs one query at a time (node-postgres
 * queues overlapping queries on a client today, warns that this is deprecated, and pg 9 refuses).
 */
export async function readTogether<T extends readonly unknown[]>(db: Db, reads: Reads<T>): Promise<T> {
  if (!(db instanceof PgTransaction)) return (await Promise.all(reads.map((read) => read()))) as unknown as T;
  const out: unknown[] = [];
  for (const read of reads) out.push(await read());
  return out as unknown as T;
}
