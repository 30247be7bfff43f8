/**
 * Records with rich annotations — spans with attributes, notes, entity types and links, and relations
 * between spans — as read back from Spanlab's own exports (jsonl-rich, Label Studio JSON, brat
 * standoff) or from files other tools wrote in those formats. Parsed by `jsonl-rich.ts`,
 * `label-studio.ts` and `brat.ts`.
 *
 * Offsets are Unicode CODE POINTS into `text` (Python's `text[start:end]`); files written with UTF-16
 * offsets are converted on the way in (the parsers' `offsets` option).
 */
import { graphemeAt, isGraphemeBoundary } from "@/lib/annotation/graphemes";
import type { OffsetIndex } from "@/lib/annotation/offsets";
import { ImportError, type ImportErrorDetails } from "./errors";

export type AnnotatedOffsetUnit = "codepoint" | "utf16";

export interface AnnotatedEntityLink {
  /** Spanlab's entity id when the file has it (jsonl-rich). */
  id: string | null;
  name: string | null;
  /** External id as written ("Q42", "GND:118540238"); brat: "<db>:<id>" of the normalization. */
  externalId: string | null;
}

export interface AnnotatedSpan {
  /** The span's id in the file (jsonl-rich entity id, Label Studio region id, brat "T1"). */
  id: string;
  /** Code points into the record's text. */
  start: number;
  /** Code points (exclusive). */
  end: number;
  label: string;
  /** text[start:end]. */
  text: string;
  attributes: Record<string, string | boolean>;
  entityType: string | null;
  note: string | null;
  entity: AnnotatedEntityLink | null;
  /** Annotator e-mail, "gold" for the adjudicated layer, or null when the format does not say. */
  annotator: string | null;
}

export interface AnnotatedRelation {
  /** The relation's id in the file, when it has one. */
  id: string | null;
  type: string;
  /** Span ids ({@link AnnotatedSpan.id}) within the same record. */
  fromId: string;
  toId: string;
}

export interface AnnotatedRecord {
  /** 0-based position in the file (archive: in file-name order). */
  index: number;
  /** The record's id in the source (task id, document id, file stem), if any. */
  id: string | null;
  title: string | null;
  text: string;
  sourceUrl: string | null;
  /** Document status as exported by Spanlab, if present. */
  status: string | null;
  meta: Record<string, unknown>;
  spans: AnnotatedSpan[];
  relations: AnnotatedRelation[];
  /** Things read leniently (e.g. a discontinuous brat span joined into one), one line each. */
  warnings: string[];
}

/** Own enumerable property, safe for keys such as "__proto__". */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Turns offsets from the file into code points into `index.text` and checks them: integers in range,
 * start < end, both on grapheme boundaries, and — when the file gives the span's text — the text at
 * those offsets equal to it. Throws an {@link ImportError} naming `where` otherwise.
 */
export function resolveSpanOffsets(
  index: OffsetIndex,
  rawStart: unknown,
  rawEnd: unknown,
  unit: AnnotatedOffsetUnit,
  expectedText: string | null,
  where: string,
  details: ImportErrorDetails = {},
): { start: number; end: number; text: string } {
  if (!Number.isSafeInteger(rawStart) || !Number.isSafeInteger(rawEnd)) {
    throw new ImportError("label_invalid", `${where}: start and end must be whole numbers (got ${String(rawStart)}, ${String(rawEnd)}).`, details);
  }
  let start = rawStart as number;
  let end = rawEnd as number;
  const span: [number, number] = [start, end];
  const length = unit === "utf16" ? index.utf16Length : index.codePointLength;
  if (start < 0 || end > length || start >= end) {
    throw new ImportError(
      "label_out_of_range",
      `${where}: [${start}, ${end}) is not a span of the text, which is ${length} ${unit === "utf16" ? "UTF-16 units" : "code points"} long.`,
      { ...details, span },
    );
  }
  if (unit === "utf16") {
    if (index.isInsideSurrogatePair(start) || index.isInsideSurrogatePair(end)) {
      throw new ImportError(
        "label_splits_character",
        `${where}: UTF-16 offset [${start}, ${end}) falls inside an emoji or other character outside the BMP. Were the offsets code points? Import with code-point offsets.`,
        { ...details, span },
      );
    }
    start = index.toCodePoint(start);
    end = index.toCodePoint(end);
  }
  for (const [which, cp] of [
    ["start", start],
    ["end", end],
  ] as const) {
    if (!isGraphemeBoundary(index.text, cp)) {
      const cluster = graphemeAt(index.text, cp);
      throw new ImportError(
        "label_splits_character",
        `${where}: ${which} ${cp} falls inside a character that spans code points ${cluster.start}–${cluster.end}; a span must start and end between whole characters.`,
        { ...details, span },
      );
    }
  }
  const text = index.sliceCp(start, end);
  if (expectedText !== null && text !== expectedText) {
    const hint =
      unit === "codepoint" && index.hasAstral
        ? " If the file counts UTF-16 units (JavaScript string indices), import it with UTF-16 offsets."
        : "";
    throw new ImportError(
      "label_out_of_range",
      `${where}: the file says the span's text is ${JSON.stringify(preview(expectedText))} but the text at [${start}, ${end}) is ${JSON.stringify(preview(text))}.${hint}`,
      { ...details, span },
    );
  }
  return { start, end, text };
}

function preview(s: string): string {
  const cps = Array.from(s);
  return cps.length > 40 ? `${cps.slice(0, 40).join("")}…` : s;
}
