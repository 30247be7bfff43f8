import { createHash } from "node:crypto";

/**
 * Content hash of an article: SHA-256 (lowercase hex) of the UTF-8 bytes of the *normalised*
 * text (see `normalizeNewlines`), so the same article imported from a CRLF and an LF file hashes
 * the same. Synchronous (node:crypto) so it can run inside the streaming parsers.
 */
export function contentHash(normalizedText: string): string {
  return createHash("sha256").update(normalizedText, "utf8").digest("hex");
}
