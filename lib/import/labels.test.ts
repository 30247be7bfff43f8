import { describe, expect, it } from "vitest";
import { validateLabels } from "./labels";
import { importError } from "./test-helpers";

/** Python-style text[start:end] over code points, independent of the code under test. */
const cpSlice = (text: string, start: number, end: number): string => Array.from(text).slice(start, end).join("");

// Z o ë ␠ 👩 ZWJ 👩 ZWJ 👧 ␠ 北 京 ␠ e ◌́ t e ␠ 🇺 🇦 !
// 0 1 2 3 4  5  6  7  8  9 10 11 12 13 14 15 16 17 18 19 20   (21 code points, 28 UTF-16 units)
const TEXT = "Zoë 👩‍👩‍👧 北京 e\u0301te 🇺🇦!";

describe("validateLabels", () => {
  it("accepts code-point offsets around emoji, ZWJ sequences, CJK, combining marks and flags", () => {
    const labels = validateLabels(
      TEXT,
      [
        [0, 3, "PER"],
        [4, 9, "EMOJI"],
        [10, 12, "LOC"],
        [13, 17, "WORD"],
        [18, 20, "FLAG"],
      ],
      1,
    );
    expect(Array.from(TEXT)).toHaveLength(21);
    expect(labels.map((l) => cpSlice(TEXT, l.start, l.end))).toEqual(["Zoë", "👩‍👩‍👧", "北京", "e\u0301te", "🇺🇦"]);
  });

  it("accepts doccano entity objects and {start, end, label}", () => {
    const labels = validateLabels(
      TEXT,
      [
        { id: 7, start_offset: 10, end_offset: 12, label: "LOC" },
        { start: 0, end: 3, label: "PER" },
      ],
      null,
    );
    expect(labels).toEqual([
      { start: 10, end: 12, label: "LOC" },
      { start: 0, end: 3, label: "PER" },
    ]);
  });

  it("treats null/undefined as no labels", () => {
    expect(validateLabels(TEXT, undefined, 1)).toEqual([]);
    expect(validateLabels(TEXT, null, 1)).toEqual([]);
  });

  it("rejects an end past the text with line, label number and span", async () => {
    const err = await importError(() => validateLabels(TEXT, [[0, 3, "PER"], [18, 22, "FLAG"]], 7), "label_out_of_range");
    expect(err.message).toBe(
      'Line 7, label 2 [18,22,"FLAG"]: end 22 is past the end of the text, which is 21 characters long. ' +
        "Offsets count Unicode code points from 0, like Python's text[start:end].",
    );
    expect(err.line).toBe(7);
    expect(err.span).toEqual([18, 22]);
    expect(err.labelIndex).toBe(1);
  });

  it("rejects UTF-16 offsets that run past the code-point length", async () => {
    // Someone exported JavaScript string indices: the flag is at 25..29 in UTF-16.
    const err = await importError(() => validateLabels(TEXT, [[25, 29, "FLAG"]], 3), "label_out_of_range");
    expect(err.span).toEqual([25, 29]);
  });

  it("rejects a negative start", async () => {
    const err = await importError(() => validateLabels(TEXT, [[-1, 2, "X"]], 2), "label_out_of_range");
    expect(err.message).toContain("Line 2, label 1 [-1,2,\"X\"]: start -1 is negative");
  });

  it("rejects a boundary between a letter and its combining mark", async () => {
    const err = await importError(() => validateLabels(TEXT, [[13, 14, "E"]], 4), "label_splits_character");
    expect(err.message).toBe(
      'Line 4, label 1 [13,14,"E"]: end 14 falls inside the character “e\u0301” (U+0065 U+0301), which spans offsets 13–15. ' +
        "A label must start and end between whole characters; use 13 or 15 instead.",
    );
    expect(err.span).toEqual([13, 14]);
  });

  it("rejects a boundary inside a ZWJ emoji sequence", async () => {
    const err = await importError(() => validateLabels(TEXT, [[6, 9, "EMOJI"]], 5), "label_splits_character");
    expect(err.message).toContain("Line 5, label 1 [6,9,\"EMOJI\"]: start 6 falls inside the character “👩‍👩‍👧”");
    expect(err.message).toContain("use 4 or 9 instead");
  });

  it("rejects a boundary between the two regional indicators of a flag", async () => {
    const err = await importError(() => validateLabels(TEXT, [[18, 19, "HALF"]], 6), "label_splits_character");
    expect(err.span).toEqual([18, 19]);
  });

  it("rejects a boundary between CR and LF", async () => {
    const err = await importError(() => validateLabels("ab\r\ncd", [[3, 5, "X"]], 1), "label_splits_character");
    expect(err.message).toContain('start 3 falls inside the character "\\r\\n" (U+000D U+000A)');
  });

  it("rejects labels that are not [int, int, string] or have start >= end", async () => {
    const cases: Array<[unknown, string]> = [
      [[[3, 3, "X"]], "start 3 is not before end 3"],
      [[[5, 2, "X"]], "start 5 is not before end 2"],
      [[["3", 5, "X"]], "must be whole numbers"],
      [[[1.5, 3, "X"]], "must be whole numbers"],
      [[[1, 3]], "not a label"],
      [[[1, 3, ""]], "non-empty string"],
      [[[1, 3, 7]], "non-empty string"],
      [["positive"], "looks like a document category"],
      [{ label: "X" }, "the labels must be a list"],
    ];
    for (const [labels, text] of cases) {
      const err = await importError(() => validateLabels(TEXT, labels, 9), "label_invalid");
      expect(err.message).toContain(text);
      expect(err.message.startsWith("Line 9")).toBe(true);
      expect(err.line).toBe(9);
    }
  });

  it("names JSON array records by index", async () => {
    const err = await importError(() => validateLabels(TEXT, [[0, 99, "X"]], { kind: "record", index: 3 }), "label_out_of_range");
    expect(err.message.startsWith('Record 4 (array index 3), label 1 [0,99,"X"]')).toBe(true);
    expect(err.record).toBe(3);
  });
});
