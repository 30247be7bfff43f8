import { describe, expect, it } from "vitest";
import { sanitizeHtmlForPreview } from "./sanitize";

describe("sanitizeHtmlForPreview", () => {
  it("removes scripts, event handlers, dangerous URLs, media and styles", () => {
    const dirty =
      '<p onclick="steal()" style="color:red" class="x">Hi <a href="javascript:alert(1)">bad</a> ' +
      '<a href="https://ok.example/" target="_blank" rel="opener">ok</a> <a href="//evil.example/">rel</a>' +
      '<img src=x onerror="alert(2)"><script>alert(3)</script><style>*{}</style>' +
      '<iframe src="https://evil.example/"></iframe><svg onload="alert(4)"><text>svg</text></svg>' +
      '<form action="https://evil.example/"><input value="v"><button>Go</button></form></p>';
    const clean = sanitizeHtmlForPreview(dirty);
    expect(clean).not.toMatch(/onclick|onerror|onload|javascript:|<script|alert|<img|<iframe|<style|<svg|<form|<input|<button|style=|class=|evil/);
    expect(clean).toContain('<a href="https://ok.example/" rel="noopener noreferrer nofollow">ok</a>');
    expect(clean.startsWith("<p>Hi ")).toBe(true);
  });

  it("keeps the text structure", () => {
    expect(sanitizeHtmlForPreview("<h2>T</h2><ul><li><strong>a</strong></li></ul><blockquote>q</blockquote>")).toBe(
      "<h2>T</h2><ul><li><strong>a</strong></li></ul><blockquote>q</blockquote>",
    );
  });
});
