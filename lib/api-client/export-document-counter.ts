/**
 * Counts documents in an export file AS ITS BYTES ARRIVE, for the download progress bar. Each format
 * marks documents differently (the writers in lib/export fix these layouts):
 *
 *   jsonl, jsonl-rich, spacy  one line per document: "\n" bytes (JSON never contains a raw newline)
 *   label-studio              "[" then one task per line: "\n{" starts a task
 *   conll                     "\n-DOCSTART- " starts a document (a token line has a tab, never a space)
 *   brat                      ZIP: a local file header ("PK\x03\x04") whose file name ends in ".ann"
 *   w3c                       span annotations carry `"target":{"source":"<document>"`; a new value is a
 *                             new document (documents without spans are not seen until the end)
 *   csv                       one row per span, grouped by document: a new first field (document_id)
 *                             at the start of a record is a new document (same caveat as w3c)
 *
 * Counting is byte-level, so chunk boundaries may fall anywhere (even inside a UTF-8 character).
 */
import type { ExportFormat } from "@/lib/export";

export interface DocumentCounter {
  push(chunk: Uint8Array): void;
  /** Documents seen so far. */
  readonly count: number;
  /** True when documents without spans are invisible in this format until the end. */
  readonly spansOnly: boolean;
}

const NL = 0x0a;

function ascii(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

/** A byte-at-a-time matcher for `pattern` (KMP): `step(b)` is true when a match ends at `b`. */
function createPatternStepper(pattern: Uint8Array): (b: number) => boolean {
  const fail = new Int32Array(pattern.length);
  for (let i = 1, k = 0; i < pattern.length; i++) {
    while (k > 0 && pattern[i] !== pattern[k]) k = fail[k - 1]!;
    if (pattern[i] === pattern[k]) k++;
    fail[i] = k;
  }
  let state = 0;
  return (b) => {
    while (state > 0 && b !== pattern[state]) state = fail[state - 1]!;
    if (b === pattern[state]) state++;
    if (state === pattern.length) {
      state = fail[state - 1]!;
      return true;
    }
    return false;
  };
}

function lineCounter(): DocumentCounter {
  let count = 0;
  return {
    push(chunk) {
      for (let i = 0; i < chunk.length; i++) if (chunk[i] === NL) count++;
    },
    get count() {
      return count;
    },
    spansOnly: false,
  };
}

function patternCounter(pattern: string): DocumentCounter {
  let matches = 0;
  const step = createPatternStepper(ascii(pattern));
  return {
    push(chunk) {
      for (let i = 0; i < chunk.length; i++) if (step(chunk[i]!)) matches++;
    },
    get count() {
      return matches;
    },
    spansOnly: false,
  };
}

const MAX_VALUE_BYTES = 512;

/** Counts distinct consecutive values that follow `pattern`, up to the next `"`. */
function valueChangeCounter(pattern: string): DocumentCounter {
  let count = 0;
  let capturing = false;
  let value: number[] = [];
  let last = "";
  const step = createPatternStepper(ascii(pattern));
  return {
    push(chunk) {
      for (let i = 0; i < chunk.length; i++) {
        const b = chunk[i]!;
        if (!capturing) {
          if (step(b)) {
            capturing = true;
            value = [];
          }
        } else if (b === 0x22) {
          capturing = false;
          const v = String.fromCharCode(...value);
          if (v !== last) {
            count++;
            last = v;
          }
        } else if (value.length < MAX_VALUE_BYTES) value.push(b);
      }
    },
    get count() {
      return count;
    },
    spansOnly: true,
  };
}

/** RFC 4180 CSV: counts changes of the first field of each record after the header. */
function csvCounter(): DocumentCounter {
  let count = 0;
  let inQuotes = false;
  let record = 0;
  let firstField = true;
  let field: number[] = [];
  let last = "";
  const endFirstField = () => {
    if (record > 0) {
      const v = String.fromCharCode(...field);
      if (v !== last) {
        count++;
        last = v;
      }
    }
    firstField = false;
    field = [];
  };
  return {
    push(chunk) {
      for (let i = 0; i < chunk.length; i++) {
        const b = chunk[i]!;
        if (inQuotes) {
          // A doubled quote closes and at once re-opens, which keeps the state right.
          if (b === 0x22) inQuotes = false;
          else if (firstField && field.length < MAX_VALUE_BYTES) field.push(b);
        } else if (b === 0x22) inQuotes = true;
        else if (b === 0x2c) {
          if (firstField) endFirstField();
        } else if (b === NL) {
          if (firstField) endFirstField();
          record++;
          firstField = true;
        } else if (b !== 0x0d && firstField && field.length < MAX_VALUE_BYTES) field.push(b);
      }
    },
    get count() {
      return count;
    },
    spansOnly: true,
  };
}

/**
 * ZIP (brat): reads each local file header ("PK\x03\x04", then 22 bytes, the name length (2 bytes,
 * little-endian), the extra-field length (2) and the name) and counts entries named "*.ann".
 */
function zipEntryCounter(suffix: string): DocumentCounter {
  let count = 0;
  const step = createPatternStepper(ascii("PK\x03\x04"));
  const want = ascii(suffix);
  // After a signature: bytes of the header still to skip, then the name length, then the name.
  let skip = -1;
  let header: number[] = [];
  let nameLength = 0;
  let name: number[] = [];
  return {
    push(chunk) {
      for (let i = 0; i < chunk.length; i++) {
        const b = chunk[i]!;
        if (skip < 0) {
          if (step(b)) {
            skip = 26;
            header = [];
          }
        } else if (skip > 0) {
          header.push(b);
          skip--;
          if (skip === 0) {
            nameLength = header[22]! | (header[23]! << 8);
            name = [];
            if (nameLength === 0) skip = -1;
          }
        } else {
          name.push(b);
          if (name.length === nameLength) {
            skip = -1;
            const tail = name.slice(-want.length);
            if (tail.length === want.length && tail.every((c, k) => c === want[k])) count++;
          }
        }
      }
    },
    get count() {
      return count;
    },
    spansOnly: false,
  };
}

export function createDocumentCounter(format: ExportFormat): DocumentCounter {
  switch (format) {
    case "jsonl":
    case "jsonl-rich":
    case "spacy":
      return lineCounter();
    case "label-studio":
      return patternCounter("\n{");
    case "conll":
      return patternCounter("\n-DOCSTART- ");
    case "brat":
      return zipEntryCounter(".ann");
    case "w3c":
      return valueChangeCounter('"target":{"source":"');
    case "csv":
      return csvCounter();
  }
}
