/**
 * File-type detection for imports: by extension first, by content when there is no extension.
 */
import { ImportError } from "./errors";
import type { ImportFormat } from "./types";

/** Extensions Spanlab imports (lower case, without the dot). `.tsv` is CSV with a tab delimiter. */
export const IMPORT_EXTENSIONS: Readonly<Record<string, ImportFormat>> = Object.freeze({
  txt: "txt",
  text: "txt",
  md: "md",
  markdown: "md",
  mdown: "md",
  mkd: "md",
  html: "html",
  htm: "html",
  xhtml: "html",
  jsonl: "jsonl",
  ndjson: "jsonl",
  json: "json",
  csv: "csv",
  tsv: "csv",
});

const SUPPORTED = ".txt, .md, .html, .jsonl, .json, .csv";

const KNOWN_UNSUPPORTED: Readonly<Record<string, string>> = {
  pdf: "PDF documents",
  doc: "Word documents",
  docx: "Word documents",
  odt: "OpenDocument text files",
  rtf: "RTF documents",
  pages: "Pages documents",
  epub: "e-books",
  xls: "spreadsheets",
  xlsx: "spreadsheets",
  ods: "spreadsheets",
  numbers: "spreadsheets",
  zip: "archives",
  gz: "compressed files",
  tar: "archives",
  "7z": "archives",
  xml: "XML files",
  png: "images",
  jpg: "images",
  jpeg: "images",
  gif: "images",
};

const HOW_TO: Readonly<Record<string, string>> = {
  "PDF documents": "Copy the text into a .txt file, or export the PDF as HTML or text.",
  "Word documents": "Save the document as Plain Text (.txt) or Web Page (.html).",
  "OpenDocument text files": "Save the document as Plain Text (.txt) or HTML.",
  "RTF documents": "Save the document as Plain Text (.txt) or HTML.",
  "Pages documents": "Export the document as Plain Text (.txt).",
  spreadsheets: "Save the sheet as CSV (UTF-8).",
};

/** Lower-case extension of a file name without the dot, or "" when there is none. */
export function fileExtension(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? "";
  const dot = base.lastIndexOf(".");
  return dot <= 0 ? "" : base.slice(dot + 1).toLowerCase();
}

function sniff(firstBytes: Uint8Array): ImportFormat {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: false, ignoreBOM: false }).decode(firstBytes.subarray(0, 1024));
  } catch {
    return "txt";
  }
  const start = text.replace(/^[\s\uFEFF]+/, "");
  if (/^<(!doctype\s+html|html|head|body|meta|title|p|div|h[1-6]|article|section|!--)[\s>]/i.test(start)) return "html";
  if (start.startsWith("[")) return "json";
  if (start.startsWith("{")) return "jsonl";
  return "txt";
}

/**
 * The import format for a file.
 * @param firstBytes the first bytes of the file (any length; ~1 KB is plenty), used when the name
 *   has no extension.
 * @throws ImportError `unsupported_format` for other extensions, naming what to do instead.
 */
export function detectFormat(filename: string, firstBytes: Uint8Array = new Uint8Array(0)): ImportFormat {
  const ext = fileExtension(filename);
  const byExtension = IMPORT_EXTENSIONS[ext];
  if (byExtension !== undefined) return byExtension;
  if (ext === "") return sniff(firstBytes);
  const kind = KNOWN_UNSUPPORTED[ext];
  const howTo = kind !== undefined ? HOW_TO[kind] : undefined;
  throw new ImportError(
    "unsupported_format",
    `Spanlab can't import ${kind ?? `.${ext} files`}. Supported file types: ${SUPPORTED}.${howTo ? ` ${howTo}` : ""}`,
  );
}
