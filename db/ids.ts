/** Whether a string is a UUID (any case): ids are UUIDs, so anything else names no row — and must not reach a `uuid` column, where PostgreSQL would refuse it. */
export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
