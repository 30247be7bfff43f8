/**
 * Incremental, strict UTF-8 decoding with precise errors.
 *
 * - A UTF-8 byte-order mark (EF BB BF) at the start of the file is dropped; it is not text.
 * - Invalid UTF-8 fails with `invalid_utf8` and the absolute BYTE OFFSET (0-based) of the first
 *   byte of the first ill-formed sequence, plus its line. Decoding uses `TextDecoder` with
 *   `fatal: true` chunk by chunk; when it throws, the bad sequence is located by re-validating
 *   only the failing chunk (and the ≤ 3 bytes of an incomplete character carried over from the
 *   previous one).
 * - The first {@link BINARY_SNIFF_BYTES} bytes are inspected before anything is decoded: NUL bytes,
 *   a high share of control characters, UTF-16 byte-order marks and well-known binary signatures
 *   (PDF, ZIP/DOCX, images…) fail early with `binary_file` / `invalid_utf8`.
 * - The byte limit is enforced as bytes arrive (`too_large`), so an oversized upload is never read
 *   whole. An input with no bytes (or only a BOM) is `empty_file`.
 *
 * Memory: the decoder holds at most the sniff window and 3 bytes of an incomplete character.
 */
import { iterateBytes, concatBytes, type ByteSource } from "./byte-source";
import { ImportError, formatCount } from "./errors";
import { BINARY_SNIFF_BYTES, DEFAULT_MAX_FILE_BYTES, formatBytes, tooLargeError } from "./limits";

export interface DecodeOptions {
  /** Byte limit; exceeding it while reading throws `too_large`. */
  maxBytes?: number;
  /** Called after each non-empty chunk with the total number of bytes read so far. */
  onProgress?: (bytesRead: number) => void;
}

const EMPTY = new Uint8Array(0);

/** Counts line breaks ("\n", "\r\n", lone "\r") across text pieces. */
class LineCounter {
  breaks = 0;
  private pendingCr = false;

  add(text: string): void {
    if (text === "") return;
    let n = 0;
    if (this.pendingCr && text.charCodeAt(0) !== 0x0a) n++;
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n++;
    const last = text.length - 1;
    for (let i = text.indexOf("\r"); i !== -1; i = text.indexOf("\r", i + 1)) {
      if (i !== last && text.charCodeAt(i + 1) !== 0x0a) n++;
    }
    this.pendingCr = text.charCodeAt(last) === 0x0d;
    this.breaks += n;
  }

  clone(): LineCounter {
    const c = new LineCounter();
    c.breaks = this.breaks;
    c.pendingCr = this.pendingCr;
    return c;
  }

  /** 1-based number of the line the next character belongs to. */
  get line(): number {
    return this.breaks + (this.pendingCr ? 1 : 0) + 1;
  }
}

/** Length of the bytes of an incomplete (but so far valid) character at the end of `bytes`. */
function incompleteSuffixLength(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let i = 1; i <= 3 && i <= n; i++) {
    const b = bytes[n - i] as number;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    if (b < 0xc0) return 0; // ASCII
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    return need > i ? i : 0;
  }
  return 0;
}

/**
 * Index of the first byte of the first ill-formed UTF-8 sequence in `bytes` (Unicode Table 3-7:
 * no overlongs, no surrogates, nothing above U+10FFFF), or -1 when all are well-formed. With
 * `final` false an incomplete sequence at the very end is not an error (more bytes may follow).
 */
export function findInvalidUtf8(bytes: Uint8Array, final = true): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
    } else return i; // stray continuation byte, C0/C1 (overlong) or F5..FF
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return final ? i : -1;
      const c = bytes[i + k] as number;
      const min = k === 1 ? lo : 0x80;
      const max = k === 1 ? hi : 0xbf;
      if (c < min || c > max) return i;
    }
    i += need + 1;
  }
  return -1;
}

function hex(b: number): string {
  return `0x${b.toString(16).toUpperCase().padStart(2, "0")}`;
}

const SIGNATURES: ReadonlyArray<{ bytes: readonly number[]; what: string }> = [
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], what: "a PDF document" }, // %PDF-
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: "a ZIP archive (for example a .docx, .xlsx, .odt or .epub file)" },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: "an old-style Microsoft Office document (.doc, .xls)" },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: "a PNG image" },
  { bytes: [0xff, 0xd8, 0xff], what: "a JPEG image" },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: "a GIF image" },
  { bytes: [0x1f, 0x8b], what: "a gzip-compressed file" },
];

const WHAT_TO_DO =
  "Spanlab imports UTF-8 text files: .txt, .md, .html, .jsonl, .json and .csv. Export the document as plain text or HTML first.";

/** Throws when the start of a file is clearly not UTF-8 text. */
export function assertLooksLikeText(head: Uint8Array): void {
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) {
    throw new ImportError(
      "invalid_utf8",
      "The file is not valid UTF-8: it starts with a UTF-16 byte-order mark (byte offset 0). Save it with UTF-8 encoding and import it again.",
      { byteOffset: 0, line: 1 },
    );
  }
  for (const sig of SIGNATURES) {
    if (head.length >= sig.bytes.length && sig.bytes.every((b, i) => head[i] === b)) {
      throw new ImportError("binary_file", `The file is ${sig.what}, not a text file. ${WHAT_TO_DO}`, { byteOffset: 0 });
    }
  }
  const nul = head.indexOf(0);
  if (nul !== -1) {
    throw new ImportError(
      "binary_file",
      `The file looks binary, not like text: it contains a NUL byte at byte offset ${formatCount(nul)}. ` +
        `If it is UTF-16 text, save it as UTF-8. ${WHAT_TO_DO}`,
      { byteOffset: nul },
    );
  }
  let controls = 0;
  let first = -1;
  for (let i = 0; i < head.length; i++) {
    const b = head[i] as number;
    // C0 controls other than tab, LF, VT, FF, CR and ESC; and DEL.
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0b && b !== 0x0c && b !== 0x0d && b !== 0x1b) || b === 0x7f) {
      controls++;
      if (first === -1) first = i;
    }
  }
  if (controls > 0 && controls * 10 > head.length) {
    const pct = Math.round((controls / head.length) * 100);
    throw new ImportError(
      "binary_file",
      `The file looks binary, not like text: ${pct}% of its first ${formatBytes(head.length)} are control characters ` +
        `(the first at byte offset ${formatCount(first)}). ${WHAT_TO_DO}`,
      { byteOffset: first },
    );
  }
}

/**
 * Push-style strict UTF-8 decoder. `push()` returns the text decoded so far (possibly "" while the
 * sniff window fills or a character is incomplete); `end()` returns the rest and validates the end.
 */
export class Utf8Decoder {
  private readonly decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  private readonly maxBytes: number;
  private readonly onProgress: ((bytesRead: number) => void) | undefined;
  private head: Uint8Array[] = [];
  private headSize = 0;
  private sniffed = false;
  private ended = false;
  private read = 0;
  /** Absolute offset of the next byte handed to the TextDecoder. */
  private decodedUpTo = 0;
  /** Bytes of an incomplete character the TextDecoder is holding. */
  private pending: Uint8Array = EMPTY;
  private readonly lines = new LineCounter();
  private producedText = false;

  constructor(options: DecodeOptions = {}) {
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
    this.onProgress = options.onProgress;
  }

  /** Total bytes received. */
  get bytesRead(): number {
    return this.read;
  }

  push(chunk: Uint8Array): string {
    if (this.ended) throw new Error("Utf8Decoder: push() after end()");
    if (chunk.length === 0) return "";
    this.read += chunk.length;
    if (this.read > this.maxBytes) throw tooLargeError(this.read, this.maxBytes, false);
    this.onProgress?.(this.read);
    if (!this.sniffed) {
      this.head.push(chunk);
      this.headSize += chunk.length;
      return this.headSize < BINARY_SNIFF_BYTES ? "" : this.releaseHead();
    }
    return this.decode(chunk);
  }

  end(): string {
    if (this.ended) return "";
    let out = this.sniffed ? "" : this.releaseHead();
    this.ended = true;
    if (this.read === 0) throw new ImportError("empty_file", "The file is empty (0 bytes). Choose a file that contains text.");
    try {
      out += this.decoder.decode();
    } catch {
      const offset = this.decodedUpTo - this.pending.length;
      const lead = this.pending[0] ?? 0;
      throw new ImportError(
        "invalid_utf8",
        `The file is not valid UTF-8: it ends in the middle of a character (byte ${hex(lead)} at byte offset ` +
          `${formatCount(offset)}, line ${formatCount(this.lines.line)}, starts a ${this.pending.length + 1}+ byte sequence that is cut off). ` +
          "The file may be truncated; re-save it as UTF-8 and import it again.",
        { byteOffset: offset, line: this.lines.line },
      );
    }
    if (out !== "") this.producedText = true;
    if (!this.producedText) {
      throw new ImportError("empty_file", "The file contains only a byte-order mark and no text. Choose a file that contains text.");
    }
    return out;
  }

  private releaseHead(): string {
    this.sniffed = true;
    const head = concatBytes(this.head, this.headSize);
    this.head = [];
    assertLooksLikeText(head.subarray(0, BINARY_SNIFF_BYTES));
    let body = head;
    if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
      body = head.subarray(3);
      this.decodedUpTo = 3;
    }
    return this.decode(body);
  }

  private decode(chunk: Uint8Array): string {
    if (chunk.length === 0) return "";
    let text: string;
    try {
      text = this.decoder.decode(chunk, { stream: true });
    } catch (cause) {
      throw this.invalidUtf8(chunk, cause);
    }
    // The last ≤ 3 bytes seen (an incomplete character is at most 3 bytes long).
    const tailSource = chunk.length >= 3 ? chunk.subarray(chunk.length - 3) : concatBytes([this.pending, chunk]);
    const k = incompleteSuffixLength(tailSource);
    this.pending = k === 0 ? EMPTY : tailSource.slice(tailSource.length - k);
    this.decodedUpTo += chunk.length;
    this.lines.add(text);
    if (text !== "") this.producedText = true;
    return text;
  }

  private invalidUtf8(chunk: Uint8Array, cause: unknown): ImportError {
    const data = this.pending.length === 0 ? chunk : concatBytes([this.pending, chunk]);
    const base = this.decodedUpTo - this.pending.length;
    let index = findInvalidUtf8(data, false);
    if (index < 0) index = 0; // cannot happen: TextDecoder and the validator follow the same table
    const offset = base + index;
    // Everything before `index` is valid; count its line breaks for a line number.
    const counter = this.lines.clone();
    counter.add(new TextDecoder("utf-8").decode(data.subarray(this.pending.length, index)));
    const line = counter.line;
    const bad = data[index] ?? 0;
    const what =
      (bad & 0xc0) === 0x80
        ? "is a continuation byte without a lead byte"
        : bad >= 0xf5 || bad === 0xc0 || bad === 0xc1
          ? "never occurs in UTF-8"
          : "starts a sequence that is not valid UTF-8";
    return new ImportError(
      "invalid_utf8",
      `The file is not valid UTF-8: byte ${hex(bad)} at byte offset ${formatCount(offset)} (line ${formatCount(line)}) ${what}. ` +
        "Files saved as Windows-1252/Latin-1 look like this; re-save the file with UTF-8 encoding and import it again.",
      { byteOffset: offset, line },
      { cause },
    );
  }
}

/** Decodes a byte stream incrementally; see the module doc for the checks. */
export async function* decodeUtf8Stream(source: ByteSource, options: DecodeOptions = {}): AsyncGenerator<string> {
  const decoder = new Utf8Decoder(options);
  for await (const chunk of iterateBytes(source)) {
    const text = decoder.push(chunk);
    if (text !== "") yield text;
  }
  const rest = decoder.end();
  if (rest !== "") yield rest;
}

/** Decodes a complete file held in memory, with the same checks as {@link decodeUtf8Stream}. */
export function decodeUtf8Bytes(bytes: Uint8Array, options: DecodeOptions = {}): string {
  const decoder = new Utf8Decoder(options);
  return decoder.push(bytes) + decoder.end();
}

/**
 * Decodes the first bytes of a file (e.g. its first chunk) with the same checks, except that a
 * character cut off at the end of `bytes` is dropped instead of being an error.
 */
export function decodeUtf8Prefix(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new ImportError("empty_file", "The file is empty (0 bytes). Choose a file that contains text.");
  assertLooksLikeText(bytes.subarray(0, BINARY_SNIFF_BYTES));
  const body = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  const base = bytes.length - body.length;
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body, { stream: true });
  } catch (cause) {
    const index = Math.max(0, findInvalidUtf8(body, false));
    const counter = new LineCounter();
    counter.add(new TextDecoder("utf-8").decode(body.subarray(0, index)));
    const offset = base + index;
    throw new ImportError(
      "invalid_utf8",
      `The file is not valid UTF-8: byte ${hex(body[index] ?? 0)} at byte offset ${formatCount(offset)} (line ${formatCount(counter.line)}) ` +
        "is not part of a valid UTF-8 sequence. Re-save the file with UTF-8 encoding and import it again.",
      { byteOffset: offset, line: counter.line },
      { cause },
    );
  }
}
