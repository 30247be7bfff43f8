import { describe, expect, it } from "vitest";
import { actionForKey } from "./review-keymap";

const key = (k: string, mods: Partial<{ shiftKey: boolean; ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
  key: k,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe("review keys", () => {
  it("maps the documented keys", () => {
    expect(actionForKey(key("j"), "body")).toBe("next");
    expect(actionForKey(key("k"), "body")).toBe("prev");
    expect(actionForKey(key("a"), "body")).toBe("accept");
    expect(actionForKey(key("A", { shiftKey: true }), "body")).toBe("acceptAgreed");
    expect(actionForKey(key("x"), "list")).toBe("reject");
    expect(actionForKey(key("c"), "list")).toBe("comment");
    expect(actionForKey(key("R", { shiftKey: true }), "body")).toBe("return");
    expect(actionForKey(key("r"), "body")).toBeNull();
    expect(actionForKey(key("Enter"), "list")).toBe("approve");
  });

  it("leaves Enter and the arrows alone outside the list and the page (buttons, fields)", () => {
    expect(actionForKey(key("Enter"), "other")).toBeNull();
    expect(actionForKey(key("ArrowDown"), "body")).toBeNull();
    expect(actionForKey(key("ArrowDown"), "list")).toBe("next");
    expect(actionForKey(key("ArrowLeft"), "list")).toBe("prevSpan");
  });

  it("ignores keys with Ctrl, Cmd or Alt (browser and system shortcuts)", () => {
    expect(actionForKey(key("a", { ctrlKey: true }), "body")).toBeNull();
    expect(actionForKey(key("c", { metaKey: true }), "list")).toBeNull();
    expect(actionForKey(key("j", { altKey: true }), "body")).toBeNull();
  });
});
