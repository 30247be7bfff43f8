import { describe, expect, it } from "vitest";
import { completeMention, findMentions, mentionedUserIds, mentionHandles } from "./mentions";

const members = [
  { userId: "u-ana", email: "ana@newsroom.example", name: "Ana Annotator" },
  { userId: "u-ben", email: "ben@newsroom.example", name: "Ben Annotator" },
  { userId: "u-rev1", email: "rev@newsroom.example", name: "Ria Reviewer" },
  { userId: "u-rev2", email: "rev@factcheck.example", name: "Rob Reviewer" },
  { userId: "u-anab", email: "ana.b@newsroom.example", name: "Ana Bell" },
];

describe("mention handles", () => {
  it("uses the email's local part, and the whole email when two members share it", () => {
    const handles = Object.fromEntries(mentionHandles(members).map((h) => [h.userId, h.handle]));
    expect(handles).toEqual({
      "u-ana": "ana",
      "u-ben": "ben",
      "u-rev1": "rev@newsroom.example",
      "u-rev2": "rev@factcheck.example",
      "u-anab": "ana.b",
    });
  });
});

describe("findMentions", () => {
  const handles = mentionHandles(members);
  it("finds whole-token mentions with their positions", () => {
    const body = "@ana please check, and @ben too.";
    expect(findMentions(body, handles)).toEqual([
      { index: 0, length: 4, userId: "u-ana" },
      { index: 23, length: 4, userId: "u-ben" },
    ]);
  });
  it("prefers the longest handle and ignores a sentence's full stop", () => {
    expect(mentionedUserIds("Thanks @ana.b.", handles)).toEqual(["u-anab"]);
    expect(mentionedUserIds("Thanks @ana.", handles)).toEqual(["u-ana"]);
  });
  it("ignores email addresses, unknown handles and handles followed by more handle characters", () => {
    expect(mentionedUserIds("write to ana@newsroom.example", handles)).toEqual([]);
    expect(mentionedUserIds("@anatole and @nobody", handles)).toEqual([]);
  });
  it("matches the long form for shared local parts, case-insensitively, once per person", () => {
    expect(mentionedUserIds("@REV@factcheck.example and @rev@newsroom.example, again @rev@factcheck.example", handles)).toEqual(["u-rev2", "u-rev1"]);
  });
  it("counts UTF-16 positions after emoji so the UI can highlight the right text", () => {
    const body = "👩‍👩‍👧‍👦 @ben";
    const [m] = findMentions(body, handles);
    expect(body.slice(m!.index, m!.index + m!.length)).toBe("@ben");
  });
});

describe("completeMention", () => {
  it("completes by handle or by a word of the name", () => {
    const handles = mentionHandles(members);
    expect(completeMention("ana", handles).map((h) => h.handle)).toEqual(["ana", "ana.b"]);
    expect(completeMention("ann", handles).map((h) => h.handle)).toEqual(["ana", "ben"]);
    expect(completeMention("ria", handles).map((h) => h.userId)).toEqual(["u-rev1"]);
  });
});
