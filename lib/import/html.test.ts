import { describe, expect, it } from "vitest";
import { extractHtmlText, parseHtmlFile } from "./html";
import { importError, utf8 } from "./test-helpers";

// Sample page written for this test.
const PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>  Harbour   board &amp; budget  </title>
  <style>p { color: red }</style>
  <script>document.write("evil")</script>
  <link rel="canonical" href="https://news.example.org/harbour">
</head>
<body onload="alert('onload')">
  <h1>Harbour board approves budget</h1>
  <p>The board met on <b>Tuesday</b>   and
     approved the   budget&nbsp;— “finally”.</p>
  <img src="x.png" onerror="alert('pwned')">
  <p>Costs: 5 &lt; 7 &amp;&amp; 9 &gt; 3 &#x1F6A2; &eacute;t&eacute;</p>
  <noscript>Enable JavaScript</noscript>
  <ul><li>First item</li><li>Second <i>item</i></li></ul>
  <blockquote>Quoted<br>two lines</blockquote>
  <pre>
  code line 1
    indented   spaces
</pre>
  <form><label>Name</label><input value="secret"><textarea>draft text</textarea><select><option>Opt</option></select><button>Send</button></form>
  <div hidden>Hidden text</div><div style="display: none">Invisible</div>
  <table><tr><th>Year</th><th>Cost</th></tr><tr><td>2024</td><td>1.2M</td></tr></table>
  <svg viewBox="0 0 1 1"><title>icon</title><text>svg text</text></svg>
  <iframe src="https://evil.example/"></iframe>
  <template><p>template text</p></template>
  <script>alert(1)</script>
  <p>Tail <span>inline</span><a href="javascript:alert(2)" onclick="steal()">link</a>.</p>
</body></html>`;

describe("extractHtmlText", () => {
  it("drops scripts, styles, handlers, forms and hidden content and yields clean paragraphs", () => {
    const { text, title, sourceUrl } = extractHtmlText(PAGE);
    expect(text).toBe(
      [
        "Harbour board approves budget",
        "The board met on Tuesday and approved the budget\u00a0— “finally”.",
        "Costs: 5 < 7 && 9 > 3 🚢 été",
        "First item",
        "Second item",
        "Quoted",
        "two lines",
        "  code line 1\n    indented   spaces",
        "Name",
        "Year Cost",
        "2024 1.2M",
        "Tail inlinelink.",
      ].join("\n"),
    );
    // No markup survives: the only "<" and ">" are the decoded "&lt;" and "&gt;".
    expect(text.replace("5 < 7 && 9 > 3", "")).not.toMatch(/[<>]|&amp;|&nbsp;/);
    expect(text).not.toMatch(/alert|evil|pwned|onload|color|secret|draft|Opt|Send|Hidden|Invisible|svg|icon|template|Enable|steal/);
    expect(title).toBe("Harbour board & budget");
    expect(sourceUrl).toBe("https://news.example.org/harbour");
  });

  it("falls back to the first h1 for the title, then to nothing", () => {
    expect(extractHtmlText("<body><h1> Main  <em>heading</em></h1><p>x</p></body>").title).toBe("Main heading");
    expect(extractHtmlText("<p>No headings</p>").title).toBeNull();
  });

  it("separates paragraphs with a single newline and collapses whitespace like a browser", () => {
    expect(extractHtmlText("<div>a\n\n  b</div><div></div><p>   </p><section><p>c</p>d</section>").text).toBe("a b\nc\nd");
    expect(extractHtmlText("one<br>two<br/><br>three").text).toBe("one\ntwo\nthree");
  });

  it("handles unclosed tags and implied closes", () => {
    expect(extractHtmlText("<p>one<p>two<li>three<div>four").text).toBe("one\ntwo\nthree\nfour");
    expect(extractHtmlText("<p>a<script>never closed").text).toBe("a");
  });

  it("ignores a non-http canonical URL", () => {
    expect(extractHtmlText('<link rel="canonical" href="javascript:alert(1)"><p>x</p>').sourceUrl).toBeNull();
    expect(extractHtmlText('<meta property="og:url" content="http://a.example/b"><p>x</p>').sourceUrl).toBe("http://a.example/b");
  });
});

describe("parseHtmlFile", () => {
  it("builds a record with title, text and source URL", () => {
    const record = parseHtmlFile(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(PAGE.replace(/\n/g, "\r\n"))]), "pages/harbour.html");
    expect(record.title).toBe("Harbour board & budget");
    expect(record.text.startsWith("Harbour board approves budget\nThe board met")).toBe(true);
    expect(record.text).not.toContain("\r");
    expect(record.sourceUrl).toBe("https://news.example.org/harbour");
    expect(record.meta).toEqual({ filename: "harbour.html" });
    expect(record.line).toBeNull();
  });

  it("empty_file when nothing readable remains", async () => {
    const err = await importError(() => parseHtmlFile(utf8("<html><head><title>T</title></head><body><script>x()</script></body></html>"), "a.html"), "empty_file");
    expect(err.message).toContain("“a.html” has no readable text");
  });

  it("title_too_long names the file", async () => {
    const err = await importError(() => parseHtmlFile(utf8(`<title>${"T".repeat(501)}</title><p>x</p>`), "long.html"), "title_too_long");
    expect(err.message).toContain("Title in “long.html” is 501 characters; the limit is 500.");
  });
});
