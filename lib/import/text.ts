/**
 * Single plain-text articles: `.txt` and `.md`. The content is imported as is (Markdown is NOT
 * rendered: the article is the Markdown source), with only the BOM dropped and newlines
 * normalised. The title is the first non-blank line, trimmed (for Markdown without the leading
 * `#` heading markers), at most 120 characters.
 */
import { decodeUtf8Bytes } from "./decode";
import { ImportError, type RecordLocation } from "./errors";
import { assertDeclaredSize, resolveLimits, type ImportOptions } from "./limits";
import { normalizeNewlines } from "./normalize";
import { buildRecord, fallbackTitle } from "./record";
import type { ImportRecord } from "./types";

/** Final path component of a file name ("a/b\\c.txt" → "c.txt"). */
export function baseName(filename: string): string {
  const parts = filename.split(/[\\/]/);
  return parts[parts.length - 1] ?? filename;
}

function isMarkdown(filename: string): boolean {
  return /\.(md|markdown|mdown|mkd)$/i.test(filename);
}

/** First non-blank line without ATX heading markers ("## Title ##" → "Title"). */
function markdownTitle(text: string): string | null {
  for (const line of text.split("\n", 200)) {
    if (line.trim() === "") continue;
    const m = /^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(line);
    const candidate = m ? (m[1] ?? "") : line;
    if (candidate.trim() === "") continue; // an empty heading such as "#"
    return fallbackTitle(candidate);
  }
  return null;
}

/**
 * Parses a whole `.txt` / `.md` file into one record.
 * @throws ImportError `empty_file`, `binary_file`, `invalid_utf8`, `too_large`, `text_too_long`, `invalid_text`.
 */
export function parseTextFile(
  bytes: Uint8Array,
  filename: string,
  options: ImportOptions & { /** Treat as Markdown for the title (default: by extension). */ markdown?: boolean } = {},
): ImportRecord {
  const limits = resolveLimits(options);
  assertDeclaredSize(options.declaredSize ?? bytes.length, limits.maxFileBytes);
  const name = baseName(filename);
  const raw = decodeUtf8Bytes(bytes, { maxBytes: limits.maxFileBytes, onProgress: options.onProgress });
  if (raw.trim() === "") throw new ImportError("empty_file", `“${name}” contains only whitespace; there is no text to import.`);
  const title = (options.markdown ?? isMarkdown(filename)) ? markdownTitle(normalizeNewlines(raw)) : null;
  const location: RecordLocation = { kind: "file", filename: name };
  return buildRecord(
    { text: raw, title, meta: { filename: name }, sourceUrl: null, labels: undefined },
    { index: 0, line: null, location, limits },
  );
}
