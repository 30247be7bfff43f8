/**
 * HTML for a preview pane (e.g. "this is the page you are importing"). Imported articles are plain
 * text and never need this; it exists so a UI that shows uploaded HTML does so safely.
 *
 * Strict allow-list: text structure only (paragraphs, headings, lists, quotes, code, tables,
 * emphasis, links). No attributes except `href` on links (http, https, mailto only; protocol-relative
 * URLs refused), which also get `rel="noopener noreferrer nofollow"`. No images, media, forms,
 * styles, classes or ids; script/style/etc. are removed together with their content; comments are
 * dropped. Everything else is unwrapped to its text.
 */
import sanitizeHtml from "sanitize-html";

const ALLOWED_TAGS = [
  "p",
  "br",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "blockquote",
  "pre",
  "code",
  "em",
  "strong",
  "b",
  "i",
  "u",
  "s",
  "sub",
  "sup",
  "mark",
  "small",
  "q",
  "cite",
  "abbr",
  "ul",
  "ol",
  "li",
  "dl",
  "dt",
  "dd",
  "hr",
  "a",
  "table",
  "thead",
  "tbody",
  "tfoot",
  "tr",
  "th",
  "td",
  "caption",
  "figure",
  "figcaption",
  "article",
  "section",
  "div",
  "span",
];

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  // `rel` is set by the transform below (overriding any given value).
  allowedAttributes: { a: ["href", "rel"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ["href", "src", "cite", "action", "formaction", "poster", "srcset"],
  allowProtocolRelative: false,
  allowedStyles: {},
  allowVulnerableTags: false,
  disallowedTagsMode: "discard",
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "template", "title", "head", "iframe", "svg", "math", "object", "select", "button"],
  enforceHtmlBoundary: true,
  transformTags: {
    a: sanitizeHtml.simpleTransform("a", { rel: "noopener noreferrer nofollow" }),
  },
};

/** Sanitises untrusted HTML for display with a strict allow-list (see the module doc). */
export function sanitizeHtmlForPreview(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}
