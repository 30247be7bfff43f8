import type { Db } from "../connect";

const byDb = new WeakMap<Db, Map<string, unknown>>();

/**
 * A query built once per database handle and reused: Drizzle's `.prepare(name)` keeps the SQL text
 * (so the query builder does not run again per call) and, on node-postgres, makes it a named
 * server-side statement (each pooled connection parses and plans it once). Used for the few reads on
 * the hottest request paths. `name` must be unique per query text.
 *
 * A transaction handle gets its own short-lived entry (it is a different object), so a prepared
 * query always runs on the connection of the handle it was built from. Named statements need
 * PgBouncer ≥ 1.21 (`max_prepared_statements`) when a transaction-mode pooler sits in between.
 * `build` gets the name to pass to `.prepare()`, so the cache key and the statement name are one.
 */
export function prepared<T>(db: Db, name: string, build: (db: Db, name: string) => T): T {
  let queries = byDb.get(db);
  if (!queries) {
    queries = new Map();
    byDb.set(db, queries);
  }
  let query = queries.get(name) as T | undefined;
  if (query === undefined) {
    query = build(db, name);
    queries.set(name, query);
  }
  return query;
}
