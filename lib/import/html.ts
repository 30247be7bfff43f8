/**
 * Single HTML articles: readable text extracted with htmlparser2 (a real, streaming HTML parser).
 *
 * What is kept: the text a reader would see, as paragraphs.
 * - Dropped with their content: script, style, noscript, template, head (but see title), iframe,
 *   svg, math, object, embed, canvas, audio, video, form controls (input, select, option,
 *   textarea, button, …), and any element with the `hidden` attribute or `display: none` inline.
 * - Block elements (p, div, h1–h6, li, blockquote, section, article, tr, pre, …) and `<br>` end a
 *   paragraph. Paragraphs are separated by a SINGLE "\n" (Spanlab's reader treats every line as a
 *   paragraph); empty paragraphs are dropped. Table cells in a row are separated by a space.
 * - Inline whitespace is collapsed as a browser would: runs of space, tab, CR, LF and form feed
 *   become one space, and are removed at paragraph edges. Non-breaking spaces are kept. Inside
 *   `<pre>` text is kept verbatim (its lines become paragraphs; the newline right after `<pre>` is
 *   dropped, as browsers do).
 * - Character references are decoded (`&amp;` → `&`, `&#x1F600;` → 😀). The output is plain text,
 *   so no markup, script or event handler can reach it.
 * - Title: `<title>` (whitespace collapsed), else the first `<h1>`, else the first line of text.
 * - Source URL: `<link rel="canonical">` or `<meta property="og:url">` when it is http(s).
 */
import { Parser } from "htmlparser2";
import { decodeUtf8Bytes } from "./decode";
import { ImportError, type RecordLocation } from "./errors";
import { assertDeclaredSize, resolveLimits, type ImportOptions } from "./limits";
import { normalizeNewlines } from "./normalize";
import { buildRecord, isHttpUrl } from "./record";
import { baseName } from "./text";
import type { ImportRecord } from "./types";

const SKIPPED = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "head",
  "iframe",
  "frame",
  "frameset",
  "noframes",
  "svg",
  "math",
  "object",
  "embed",
  "canvas",
  "audio",
  "video",
  "picture",
  "map",
  "input",
  "select",
  "option",
  "optgroup",
  "datalist",
  "textarea",
  "button",
  "output",
  "meter",
  "progress",
]);

const BLOCKS = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "body",
  "br",
  "caption",
  "center",
  "dd",
  "details",
  "dialog",
  "dir",
  "div",
  "dl",
  "dt",
  "fieldset",
  "figcaption",
  "figure",
  "footer",
  "form",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hgroup",
  "hr",
  "html",
  "legend",
  "li",
  "listing",
  "main",
  "menu",
  "nav",
  "ol",
  "p",
  "plaintext",
  "pre",
  "search",
  "section",
  "summary",
  "table",
  "tbody",
  "tfoot",
  "thead",
  "tr",
  "ul",
  "xmp",
]);

const CELLS = new Set(["td", "th"]);

/** HTML's ASCII whitespace (the characters browsers collapse). */
const COLLAPSIBLE = /[ \t\n\f\r]+/g;

export interface ExtractedHtml {
  /** Paragraphs joined by "\n", trimmed. */
  text: string;
  /** `<title>`, else first `<h1>`, whitespace-collapsed; null when neither has text. */
  title: string | null;
  /** Canonical / og:url when it is an absolute http(s) URL. */
  sourceUrl: string | null;
}

function collapse(s: string): string {
  return s.replace(COLLAPSIBLE, " ").replace(/^ | $/g, "");
}

/** Extracts readable text from an HTML document (see the module doc for the rules). */
export function extractHtmlText(html: string): ExtractedHtml {
  const paragraphs: string[] = [];
  let inline: string[] = [];
  let pre: string[] = [];
  let preDepth = 0;
  const stack: Array<{ name: string; skip: boolean }> = [];
  let skipDepth = 0;
  let svgDepth = 0;
  let titleParts: string[] | null = null;
  let h1Parts: string[] | null = null;
  // Written from parser callbacks; an object so TypeScript does not narrow them to `null`.
  const found: { title: string | null; h1: string | null; canonical: string | null; ogUrl: string | null } = {
    title: null,
    h1: null,
    canonical: null,
    ogUrl: null,
  };

  const flushInline = (): void => {
    if (inline.length === 0) return;
    const p = collapse(inline.join(""));
    inline = [];
    if (p.trim() !== "") paragraphs.push(p);
  };
  const flushPre = (): void => {
    let s = pre.join("");
    pre = [];
    s = s.replace(/^\n/, "").replace(/[ \t\n\f\r]+$/, "");
    if (s.trim() !== "") paragraphs.push(s);
  };

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const hidden =
          attribs.hidden !== undefined || (attribs.style !== undefined && /display\s*:\s*none/i.test(attribs.style));
        if (name === "svg" || name === "math") svgDepth++;
        if (name === "title" && svgDepth === 0 && found.title === null && titleParts === null) titleParts = [];
        if (name === "link" && found.canonical === null && /(^|\s)canonical(\s|$)/i.test(attribs.rel ?? "") && attribs.href) {
          found.canonical = attribs.href.trim();
        }
        if (name === "meta" && found.ogUrl === null && (attribs.property ?? "").toLowerCase() === "og:url" && attribs.content) {
          found.ogUrl = attribs.content.trim();
        }
        const skip = SKIPPED.has(name) || name === "title" || hidden;
        stack.push({ name, skip });
        if (skip) skipDepth++;
        if (skipDepth > 0) return;
        if (preDepth > 0) {
          if (name === "br") pre.push("\n");
          if (name === "pre" || name === "listing" || name === "xmp") preDepth++;
          return;
        }
        if (BLOCKS.has(name)) flushInline();
        else if (CELLS.has(name)) inline.push(" ");
        if (name === "pre" || name === "listing" || name === "xmp") preDepth++;
        if (name === "h1" && found.h1 === null && h1Parts === null) h1Parts = [];
      },
      ontext(data) {
        if (titleParts !== null) titleParts.push(data);
        if (skipDepth > 0) return;
        if (preDepth > 0) pre.push(data);
        else inline.push(data);
        if (h1Parts !== null) h1Parts.push(data);
      },
      onclosetag(name) {
        // Pop to the matching element (htmlparser2 reports implied closes, so this is balanced).
        let frame = stack.pop();
        while (frame !== undefined && frame.name !== name) {
          if (frame.skip) skipDepth--;
          frame = stack.pop();
        }
        if (frame === undefined) return;
        const wasSkipped = skipDepth > 0;
        if (frame.skip) skipDepth--;
        if (name === "svg" || name === "math") svgDepth = Math.max(0, svgDepth - 1);
        if (name === "title" && titleParts !== null) {
          const t = collapse(titleParts.join(""));
          titleParts = null;
          found.title = t === "" ? null : t;
        }
        if (wasSkipped) return;
        if (name === "pre" || name === "listing" || name === "xmp") {
          preDepth = Math.max(0, preDepth - 1);
          if (preDepth === 0) flushPre();
          return;
        }
        if (preDepth > 0) return;
        if (name === "h1" && h1Parts !== null) {
          const t = collapse(h1Parts.join(""));
          h1Parts = null;
          if (t !== "") found.h1 = t;
        }
        if (BLOCKS.has(name)) flushInline();
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: false },
  );
  parser.write(html);
  parser.end();
  if (preDepth > 0) flushPre();
  flushInline();

  const urlCandidates = [found.canonical, found.ogUrl].filter((u): u is string => u !== null && isHttpUrl(u));
  return {
    text: paragraphs.join("\n").trim(),
    title: found.title ?? found.h1,
    sourceUrl: urlCandidates[0] ?? null,
  };
}

/**
 * Parses a whole HTML file into one record of readable text.
 * @throws ImportError `empty_file` when no readable text remains, plus the decoding and record errors.
 */
export function parseHtmlFile(bytes: Uint8Array, filename: string, options: ImportOptions = {}): ImportRecord {
  const limits = resolveLimits(options);
  assertDeclaredSize(options.declaredSize ?? bytes.length, limits.maxFileBytes);
  const name = baseName(filename);
  const html = normalizeNewlines(decodeUtf8Bytes(bytes, { maxBytes: limits.maxFileBytes, onProgress: options.onProgress }));
  const extracted = extractHtmlText(html);
  if (extracted.text === "") {
    throw new ImportError(
      "empty_file",
      `“${name}” has no readable text once scripts, styles, navigation markup and form controls are removed.`,
    );
  }
  const location: RecordLocation = { kind: "file", filename: name };
  return buildRecord(
    { text: extracted.text, title: extracted.title, meta: { filename: name }, sourceUrl: extracted.sourceUrl, labels: undefined },
    { index: 0, line: null, location, limits },
  );
}
