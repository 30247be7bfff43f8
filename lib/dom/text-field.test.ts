// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { isTextField } from "./text-field";

function make(html: string): Element {
  document.body.innerHTML = html;
  return document.querySelector("#t")!;
}

describe("isTextField", () => {
  it("is true for fields that take typing", () => {
    expect(isTextField(make(`<input id="t" type="text">`))).toBe(true);
    expect(isTextField(make(`<input id="t">`))).toBe(true);
    expect(isTextField(make(`<input id="t" type="search">`))).toBe(true);
    expect(isTextField(make(`<textarea id="t"></textarea>`))).toBe(true);
    expect(isTextField(make(`<select id="t"></select>`))).toBe(true);
    expect(isTextField(make(`<div contenteditable="true"><b id="t">x</b></div>`))).toBe(true);
    expect(isTextField(make(`<div role="combobox" id="t"></div>`))).toBe(true);
  });
  it("is false for checkboxes, radios, buttons and plain elements, so hotkeys still work there", () => {
    expect(isTextField(make(`<input id="t" type="checkbox">`))).toBe(false);
    expect(isTextField(make(`<input id="t" type="radio">`))).toBe(false);
    expect(isTextField(make(`<input id="t" type="range">`))).toBe(false);
    expect(isTextField(make(`<button id="t">b</button>`))).toBe(false);
    expect(isTextField(make(`<div id="t" tabindex="0">text</div>`))).toBe(false);
    expect(isTextField(null)).toBe(false);
  });
});
