/**
 * Turns the fields read from one record of any format into a validated {@link ImportRecord}:
 * normalises newlines, checks limits and characters, validates labels and moves their offsets
 * onto the normalised text, derives a title when none is given, and hashes the text.
 */
import { isGraphemeBoundary } from "@/lib/annotation/graphemes";
import { codePointLength, sliceByCodePoints } from "@/lib/annotation/offsets";
import {
  ImportError,
  atLocation,
  formatCount,
  locationDetails,
  locationSubject,
  type RecordLocation,
} from "./errors";
import { contentHash } from "./hash";
import { validateLabels } from "./labels";
import { FALLBACK_TITLE_LENGTH, formatBytes, type ImportLimits } from "./limits";
import { createNewlineOffsetMap, normalizeNewlines } from "./normalize";
import type { ImportRecord } from "./types";

/** Fields of one record as read from the file, before validation. */
export interface RecordDraft {
  /** The text as given (decoded, newlines not yet normalised). */
  text: string;
  /** The title as given, or null to derive one from the text. */
  title: string | null;
  meta: Record<string, unknown>;
  /** The source URL as given, or null. */
  sourceUrl: string | null;
  /** Raw labels value (array, or null/undefined for none). */
  labels: unknown;
}

export interface RecordContext {
  index: number;
  line: number | null;
  location: RecordLocation;
  limits: ImportLimits;
  /** How to name the text field in messages, e.g. `"text"` or `the "body" column`. */
  textName?: string;
}

/** Longest accepted source URL. */
export const MAX_SOURCE_URL_LENGTH = 2048;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The first character PostgreSQL cannot store in a text/jsonb value — NUL (U+0000) or an
 * unpaired UTF-16 surrogate (from a broken "\ud83d" JSON escape) — as a code-point index and a
 * description, or null.
 */
export function findUnstorableCharacter(s: string): { index: number; description: string } | null {
  const nul = s.indexOf("\u0000");
  const m = LONE_SURROGATE.exec(s);
  const lone = m ? m.index : -1;
  if (nul === -1 && lone === -1) return null;
  const u16 = nul === -1 ? lone : lone === -1 ? nul : Math.min(nul, lone);
  const index = codePointLength(s.slice(0, u16));
  if (u16 === nul) return { index, description: "a NUL character (U+0000)" };
  const unit = s.charCodeAt(u16).toString(16).toUpperCase();
  return { index, description: `an unpaired surrogate (U+${unit}), usually from a broken \\u escape` };
}

/** Checks every string (keys and values) inside a JSON-like value, iteratively. */
function findUnstorableInValue(value: unknown): { index: number; description: string; where: string } | null {
  const stack: Array<{ v: unknown; path: string }> = [{ v: value, path: "meta" }];
  while (stack.length > 0) {
    const { v, path } = stack.pop() as { v: unknown; path: string };
    if (typeof v === "string") {
      const bad = findUnstorableCharacter(v);
      if (bad) return { ...bad, where: path };
    } else if (Array.isArray(v)) {
      v.forEach((item: unknown, i) => stack.push({ v: item, path: `${path}[${i}]` }));
    } else if (typeof v === "object" && v !== null) {
      for (const [k, item] of Object.entries(v)) {
        const badKey = findUnstorableCharacter(k);
        if (badKey) return { ...badKey, where: `${path} key ${JSON.stringify(k)}` };
        stack.push({ v: item, path: `${path}.${k}` });
      }
    }
  }
  return null;
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * Title derived from a text: its first non-blank line, trimmed; when longer than
 * {@link FALLBACK_TITLE_LENGTH} code points it is cut at a grapheme boundary and ends with "…".
 */
export function fallbackTitle(normalizedText: string, maxLength: number = FALLBACK_TITLE_LENGTH): string {
  let first = "";
  let from = 0;
  while (from <= normalizedText.length) {
    const nl = normalizedText.indexOf("\n", from);
    const line = normalizedText.slice(from, nl === -1 ? normalizedText.length : nl).trim();
    if (line !== "") {
      first = line;
      break;
    }
    if (nl === -1) break;
    from = nl + 1;
  }
  if (first === "") return "Untitled";
  // Work on a prefix so a huge single-line text costs O(1): 4 × maxLength units hold ≥ 2 × maxLength code points.
  let prefix = first.length > maxLength * 4 ? first.slice(0, maxLength * 4) : first;
  const lastUnit = prefix.charCodeAt(prefix.length - 1);
  if (prefix !== first && lastUnit >= 0xd800 && lastUnit <= 0xdbff) prefix = prefix.slice(0, -1);
  if (prefix === first && codePointLength(first) <= maxLength) return first;
  let cut = maxLength - 1;
  while (cut > 0 && !isGraphemeBoundary(prefix, cut)) cut--;
  return `${sliceByCodePoints(prefix, 0, cut).trimEnd()}…`;
}

function httpUrl(raw: string): string | null {
  const s = raw.trim();
  if (s.length > MAX_SOURCE_URL_LENGTH) return null;
  try {
    const u = new URL(s);
    return u.protocol === "http:" || u.protocol === "https:" ? s : null;
  } catch {
    return null;
  }
}

/** True when `value` is an absolute http(s) URL of acceptable length. */
export function isHttpUrl(value: string): boolean {
  return httpUrl(value) !== null;
}

export function buildRecord(draft: RecordDraft, ctx: RecordContext): ImportRecord {
  const { location: loc, limits } = ctx;
  const subject = locationSubject(loc);
  const where = locationDetails(loc);
  const textName = ctx.textName ?? '"text"';
  const { text } = draft;

  const length = codePointLength(text);
  if (length > limits.maxTextCodePoints) {
    throw new ImportError(
      "text_too_long",
      `${subject}: the text is ${formatCount(length)} characters; the limit is ${formatCount(limits.maxTextCodePoints)} per article. ` +
        "Split it into several articles.",
      { ...where, limit: limits.maxTextCodePoints, actual: length },
    );
  }
  const normalized = normalizeNewlines(text);
  if (normalized.trim() === "") {
    throw new ImportError("missing_text", `${subject}: ${textName} is empty. Every article needs some text.`, where);
  }
  const bad = findUnstorableCharacter(text);
  if (bad) {
    throw new ImportError(
      "invalid_text",
      `${subject}: the text contains ${bad.description} at character ${formatCount(bad.index)}, which Spanlab cannot store. ` +
        "Remove it and import again.",
      { ...where, span: [bad.index, bad.index + 1] },
    );
  }

  const givenLabels = validateLabels(text, draft.labels, loc);
  const toNormalized = createNewlineOffsetMap(text);
  const labels = givenLabels.map((l) => ({ start: toNormalized(l.start), end: toNormalized(l.end), label: l.label }));

  let title = draft.title === null ? "" : normalizeNewlines(draft.title).replace(/\n+/g, " ").trim();
  if (title !== "") {
    const badTitle = findUnstorableCharacter(title);
    if (badTitle) {
      throw new ImportError(
        "invalid_record",
        `${subject}: the title contains ${badTitle.description}, which Spanlab cannot store. Remove it and import again.`,
        where,
      );
    }
    const titleLength = codePointLength(title);
    if (titleLength > limits.maxTitleLength) {
      throw new ImportError(
        "title_too_long",
        `Title ${atLocation(loc)} is ${formatCount(titleLength)} characters; the limit is ${formatCount(limits.maxTitleLength)}. ` +
          "Shorten it, or leave the title out to use the first line of the text.",
        { ...where, limit: limits.maxTitleLength, actual: titleLength },
      );
    }
  } else {
    title = fallbackTitle(normalized);
  }

  const meta = draft.meta;
  const metaJson = JSON.stringify(meta);
  const metaBytes = metaJson.length > limits.maxMetaBytes ? metaJson.length : utf8Length(metaJson);
  if (metaBytes > limits.maxMetaBytes) {
    throw new ImportError(
      "meta_too_large",
      `${subject}: the metadata is ${metaJson.length > limits.maxMetaBytes ? "more than " : ""}${formatBytes(metaBytes)} as JSON; ` +
        `the limit is ${formatBytes(limits.maxMetaBytes)} per article. Keep only the fields you need.`,
      { ...where, limit: limits.maxMetaBytes, actual: metaBytes },
    );
  }
  const badMeta = findUnstorableInValue(meta);
  if (badMeta) {
    throw new ImportError(
      "invalid_record",
      `${subject}: ${badMeta.where} contains ${badMeta.description}, which Spanlab cannot store. Remove it and import again.`,
      where,
    );
  }

  let sourceUrl: string | null = null;
  if (draft.sourceUrl !== null && draft.sourceUrl.trim() !== "") {
    sourceUrl = httpUrl(draft.sourceUrl);
    if (sourceUrl === null) {
      const shown = draft.sourceUrl.length > 80 ? `${draft.sourceUrl.slice(0, 77)}…` : draft.sourceUrl;
      throw new ImportError(
        "invalid_record",
        `${subject}: the source URL ${JSON.stringify(shown)} is not an absolute http:// or https:// URL ` +
          `(at most ${formatCount(MAX_SOURCE_URL_LENGTH)} characters). Fix it or leave it out.`,
        where,
      );
    }
  }

  return {
    index: ctx.index,
    line: ctx.line,
    title,
    text: normalized,
    meta,
    sourceUrl,
    labels,
    contentHash: contentHash(normalized),
  };
}
