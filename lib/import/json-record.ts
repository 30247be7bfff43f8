/**
 * Reads one JSON record (a JSONL line or a JSON array element) into a {@link RecordDraft}.
 *
 * Keys (doccano-compatible, and what Spanlab's own JSONL export writes):
 * - `text` — the article text (string, required); doccano's `data` is accepted instead.
 * - `label` — span labels `[[start, end, "LABEL"], …]`; also `labels`, or `entities`
 *   (`[{"start_offset", "end_offset", "label"}, …]`). First key present wins, in that order.
 * - `title` — optional string; else `meta.title`; else derived from the text's first line.
 * - `meta` — optional object, kept as is (minus `title` / `source_url` when those are used).
 * - `source_url` / `sourceUrl` — optional http(s) URL; else `meta.source_url`; else `url` when
 *   it is an http(s) URL (a `url` that is not goes into `meta.url`).
 * - `id` — kept as `meta.id` when meta has no `id`, so the link to the source system survives.
 * Other top-level keys are ignored.
 */
import { ImportError, locationDetails, locationSubject, type RecordLocation } from "./errors";
import { isHttpUrl, type RecordDraft } from "./record";

const EXAMPLE = '{"text": "…", "label": [[0, 5, "PER"]]}';

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "boolean") return `${String(value)}`;
  return `a ${typeof value}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const has = (o: Record<string, unknown>, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

export function draftFromJsonValue(value: unknown, loc: RecordLocation): RecordDraft {
  const subject = locationSubject(loc);
  const where = locationDetails(loc);
  if (!isPlainObject(value)) {
    throw new ImportError(
      "invalid_record",
      `${subject} is ${kindOf(value)}, not a JSON object. Each record must be an object such as ${EXAMPLE}.`,
      where,
    );
  }

  const textKey = has(value, "text") ? "text" : has(value, "data") ? "data" : null;
  if (textKey === null) {
    const keys = Object.keys(value);
    const found =
      keys.length === 0
        ? "The object is empty."
        : `Found ${keys.length === 1 ? "key" : "keys"}: ${keys
            .slice(0, 12)
            .map((k) => JSON.stringify(k))
            .join(", ")}${keys.length > 12 ? ", …" : ""}.`;
    throw new ImportError(
      "missing_text",
      `${subject} has no "text" field (the article text, as a string; doccano's "data" works too). ${found}`,
      where,
    );
  }
  const text = value[textKey];
  if (typeof text !== "string") {
    throw new ImportError("missing_text", `${subject}: "${textKey}" must be a string, got ${kindOf(text)}.`, where);
  }

  const labelKey = ["label", "labels", "entities"].find((k) => has(value, k));
  const labels = labelKey === undefined ? undefined : value[labelKey];

  let meta: Record<string, unknown> = {};
  if (has(value, "meta") && value.meta !== null && value.meta !== undefined) {
    if (!isPlainObject(value.meta)) {
      throw new ImportError("invalid_record", `${subject}: "meta" must be a JSON object, got ${kindOf(value.meta)}.`, where);
    }
    meta = { ...value.meta };
  }

  let title: string | null = null;
  if (has(value, "title") && value.title !== null) {
    if (typeof value.title !== "string") {
      throw new ImportError("invalid_record", `${subject}: "title" must be a string, got ${kindOf(value.title)}.`, where);
    }
    title = value.title;
  } else if (typeof meta.title === "string") {
    title = meta.title;
    delete meta.title;
  }

  let sourceUrl: string | null = null;
  const urlKey = has(value, "source_url") ? "source_url" : has(value, "sourceUrl") ? "sourceUrl" : null;
  if (urlKey !== null && value[urlKey] !== null) {
    const raw = value[urlKey];
    if (typeof raw !== "string") {
      throw new ImportError("invalid_record", `${subject}: "${urlKey}" must be a string URL, got ${kindOf(raw)}.`, where);
    }
    sourceUrl = raw;
  } else if (typeof meta.source_url === "string") {
    sourceUrl = meta.source_url;
    delete meta.source_url;
  } else if (typeof value.url === "string" && isHttpUrl(value.url)) {
    sourceUrl = value.url;
  } else if (has(value, "url") && !has(meta, "url")) {
    meta.url = value.url;
  }

  if ((typeof value.id === "string" || typeof value.id === "number") && !has(meta, "id")) {
    meta.id = value.id;
  }

  return { text, title, meta, sourceUrl, labels };
}
