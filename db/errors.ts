/** SQLSTATE codes the application reacts to. */
export const UNIQUE_VIOLATION = "23505";
export const FOREIGN_KEY_VIOLATION = "23503";

/**
 * The SQLSTATE of an error from either driver (node-postgres and PGlite both set `code`), also when
 * Drizzle has wrapped it (its DrizzleQueryError keeps the driver's error as `cause`).
 */
export function sqlState(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && typeof e === "object" && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}
