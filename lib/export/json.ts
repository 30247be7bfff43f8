/**
 * JSON helpers for export output.
 */

/**
 * Like `JSON.stringify`, but bigint values (which `JSON.stringify` rejects) become decimal strings,
 * so arbitrary document metadata cannot abort an export halfway through. Lone surrogates come out
 * as `\udXXX` escapes (well-formed JSON, ES2019).
 */
export function stringifyJson(value: unknown, indent?: number): string {
  let text: string | undefined;
  try {
    // Fast path: a replacer function makes JSON.stringify several times slower, and exports call
    // this once per document. Only a bigint makes it throw (a TypeError); then use the replacer.
    text = JSON.stringify(value, null, indent);
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    text = JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v), indent);
  }
  // JSON.stringify returns undefined for undefined / functions / symbols at the top level.
  return text ?? "null";
}

/**
 * Set an own, enumerable property — also for keys such as "__proto__", which plain assignment
 * would turn into a prototype change (and silently lose).
 */
export function setOwnProperty(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** `attributes` with keys in sorted order, so output does not depend on database key order. */
export function sortAttributes(attributes: Record<string, string | boolean>): Record<string, string | boolean> {
  const sorted: Record<string, string | boolean> = {};
  for (const [key, value] of listAttributes(attributes)) setOwnProperty(sorted, key, value);
  return sorted;
}

/** Attribute entries sorted by key (code-unit order, locale-independent). */
export function listAttributes(attributes: Record<string, string | boolean>): [string, string | boolean][] {
  return Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Document metadata with Spanlab's own fields first. Spanlab fields win over `meta` keys of the
 * same name (the document's title is authoritative); other `meta` keys follow in their order.
 */
export function mergeDocumentMeta(
  own: Record<string, unknown>,
  meta: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(own)) setOwnProperty(merged, key, value);
  for (const [key, value] of Object.entries(meta)) {
    if (!Object.hasOwn(merged, key)) setOwnProperty(merged, key, value);
  }
  return merged;
}
