import { describe, expect, it } from "vitest";
import { computeDocumentStatus } from "./annotations-shared";

describe("computeDocumentStatus", () => {
  it.each([
    [[], "unassigned", "unassigned"],
    [["in_progress", "submitted"], "submitted", "in_progress"],
    [["assigned", "in_progress"], "unassigned", "in_progress"],
    [["submitted", "submitted"], "in_progress", "submitted"],
    [["submitted", "approved"], "in_progress", "submitted"],
    [["submitted", "submitted"], "in_review", "in_review"],
    [["approved", "approved"], "in_review", "approved"],
    [["returned", "submitted"], "in_review", "returned"],
    [["assigned", "submitted"], "unassigned", "in_progress"],
    [["assigned", "assigned"], "unassigned", "unassigned"],
  ] as const)("assignments %j with document %s → %s", (statuses, current, expected) => {
    expect(computeDocumentStatus(statuses, current)).toBe(expected);
  });
});
