/**
 * Validation of imported span labels.
 *
 * Accepted entry shapes (doccano and Spanlab exports):
 * - `[start, end, "LABEL"]` — doccano's `label` / `labels` triples;
 * - `{"start_offset": s, "end_offset": e, "label": "LABEL"}` — doccano's / Spanlab's `entities`;
 * - `{"start": s, "end": e, "label": "LABEL"}`.
 *
 * Offsets are Unicode CODE POINTS into the text (Python's `text[start:end]`): integers with
 * 0 ≤ start < end ≤ length. Both ends must fall between grapheme clusters, so a label never
 * separates a letter from its combining accent, or cuts through an emoji ZWJ sequence, a flag or
 * a "\r\n" pair. (Code-point offsets cannot split a surrogate pair.)
 */
import { graphemeAt, isGraphemeBoundary } from "@/lib/annotation/graphemes";
import { codePointLength, sliceByCodePoints } from "@/lib/annotation/offsets";
import { ImportError, formatCount, locationDetails, locationSubject, type RecordLocation } from "./errors";
import type { ImportedLabel } from "./types";

/** Longest accepted label name, in code points. */
export const MAX_LABEL_NAME_LENGTH = 200;

const SHAPE_HINT = 'Each label must be [start, end, "LABEL"] with whole-number code-point offsets, start < end.';

function preview(value: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(value) ?? String(value);
  } catch {
    s = String(value);
  }
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

function describeCluster(cluster: string): string {
  const codes = Array.from(cluster, (c) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`);
  const shown = /[\u0000-\u001f\u007f-\u009f]/.test(cluster) ? JSON.stringify(cluster) : `“${cluster}”`;
  return `${shown} (${codes.join(" ")})`;
}

interface RawLabel {
  start: unknown;
  end: unknown;
  label: unknown;
}

function readEntry(entry: unknown): RawLabel | null {
  if (Array.isArray(entry)) {
    if (entry.length !== 3) return null;
    return { start: entry[0], end: entry[1], label: entry[2] };
  }
  if (typeof entry === "object" && entry !== null) {
    const o = entry as Record<string, unknown>;
    if ("start_offset" in o || "end_offset" in o) return { start: o.start_offset, end: o.end_offset, label: o.label };
    if ("start" in o || "end" in o) return { start: o.start, end: o.end, label: o.label };
  }
  return null;
}

function toLocation(at: number | null | RecordLocation): RecordLocation | null {
  if (at === null) return null;
  if (typeof at === "number") return { kind: "line", line: at };
  return at;
}

/**
 * Checks `labels` (the raw value from the file: an array, or null/undefined for none) against
 * `text` and returns them as {@link ImportedLabel}s, in the order given, with offsets unchanged
 * (code points into `text`). `at` is the line number, a {@link RecordLocation}, or null; it is
 * used in error messages.
 *
 * @throws ImportError `label_invalid`, `label_out_of_range` or `label_splits_character`, with
 *   `line`/`record`, `labelIndex` and `span`.
 */
export function validateLabels(text: string, labels: unknown, at: number | null | RecordLocation): ImportedLabel[] {
  const loc = toLocation(at);
  const subject = loc ? `${locationSubject(loc)}: ` : "";
  const where = loc ? locationDetails(loc) : {};
  if (labels === undefined || labels === null) return [];
  if (!Array.isArray(labels)) {
    throw new ImportError("label_invalid", `${subject}the labels must be a list, got ${preview(labels)}. ${SHAPE_HINT}`, where);
  }
  const length = labels.length === 0 ? 0 : codePointLength(text);
  const out: ImportedLabel[] = [];
  labels.forEach((entry: unknown, i) => {
    const prefix = `${loc ? `${locationSubject(loc)}, label` : "Label"} ${i + 1} ${preview(entry)}`;
    const raw = readEntry(entry);
    if (raw === null) {
      const hint =
        typeof entry === "string"
          ? " A plain string looks like a document category; Spanlab imports span labels only."
          : "";
      throw new ImportError("label_invalid", `${prefix}: not a label. ${SHAPE_HINT}${hint}`, { ...where, labelIndex: i });
    }
    const { start, end, label } = raw;
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end)) {
      throw new ImportError("label_invalid", `${prefix}: the start and end offsets must be whole numbers. ${SHAPE_HINT}`, {
        ...where,
        labelIndex: i,
      });
    }
    const s = start as number;
    const e = end as number;
    const span: [number, number] = [s, e];
    if (typeof label !== "string" || label.trim() === "") {
      throw new ImportError("label_invalid", `${prefix}: the label name must be a non-empty string. ${SHAPE_HINT}`, {
        ...where,
        labelIndex: i,
        span,
      });
    }
    if (codePointLength(label) > MAX_LABEL_NAME_LENGTH) {
      throw new ImportError(
        "label_invalid",
        `${prefix}: the label name is ${formatCount(codePointLength(label))} characters; the limit is ${MAX_LABEL_NAME_LENGTH}.`,
        { ...where, labelIndex: i, span },
      );
    }
    if (s >= e) {
      throw new ImportError("label_invalid", `${prefix}: start ${s} is not before end ${e}. ${SHAPE_HINT}`, {
        ...where,
        labelIndex: i,
        span,
      });
    }
    if (s < 0 || e > length) {
      const problem =
        s < 0
          ? `start ${s} is negative`
          : `end ${e} is past the end of the text, which is ${formatCount(length)} characters long`;
      throw new ImportError(
        "label_out_of_range",
        `${prefix}: ${problem}. Offsets count Unicode code points from 0, like Python's text[start:end].`,
        { ...where, labelIndex: i, span },
      );
    }
    for (const [which, offset] of [
      ["start", s],
      ["end", e],
    ] as const) {
      if (!isGraphemeBoundary(text, offset)) {
        const cluster = graphemeAt(text, offset);
        const clusterText = sliceByCodePoints(text, cluster.start, cluster.end);
        throw new ImportError(
          "label_splits_character",
          `${prefix}: ${which} ${offset} falls inside the character ${describeCluster(clusterText)}, which spans ` +
            `offsets ${cluster.start}–${cluster.end}. A label must start and end between whole characters; ` +
            `use ${cluster.start} or ${cluster.end} instead.`,
          { ...where, labelIndex: i, span },
        );
      }
    }
    out.push({ start: s, end: e, label });
  });
  return out;
}
