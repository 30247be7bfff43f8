import { describe, expect, it } from "vitest";
import { createFileStemAllocator, createRenamer, replaceWhitespace, toBratName, toFileStem } from "./names";
import { createEmptyReport } from "./report";

describe("names", () => {
  it("replaces whitespace for tags and restricts brat names", () => {
    expect(replaceWhitespace("Public  Figure\tX")).toBe("Public_Figure_X");
    expect(toBratName("Public Figure")).toBe("Public_Figure");
    expect(toBratName("a:b|c,d")).toBe("a_b_c_d");
    expect(toBratName("Überzeugung-2")).toBe("Überzeugung-2");
    expect(toBratName("")).toBe("_");
  });

  it("notes renames once and reports collisions", () => {
    const report = createEmptyReport();
    const rename = createRenamer(report, "label", "brat", toBratName);
    expect(rename("Public Figure")).toBe("Public_Figure");
    expect(rename("Public Figure")).toBe("Public_Figure");
    expect(rename("Public_Figure")).toBe("Public_Figure");
    expect(report.notes).toEqual([
      'brat: label "Public Figure" is written as "Public_Figure".',
      'brat: labels "Public Figure" and "Public_Figure" are both written as "Public_Figure" and cannot be told apart.',
    ]);
  });

  it("makes unique ASCII file stems", () => {
    expect(toFileStem("Caf\u00E9 \u2014 Notes / 2025")).toBe("cafe-notes-2025");
    const allocate = createFileStemAllocator();
    expect(allocate("\u591C\u5E02", "doc-1")).toBe("doc-1");
    expect(allocate("A", "x")).toBe("a--x");
    expect(allocate("A", "X")).toBe("a--x-2");
    expect(allocate("", "")).toBe("document");
    expect(allocate("../..", "/")).toBe("document-2");
  });
});
