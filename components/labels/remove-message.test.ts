import { describe, expect, it } from "vitest";
import { plural, removeLabelMessage } from "./remove-message";

describe("remove label message", () => {
  it("says how many annotations use a label before archiving it", () => {
    expect(removeLabelMessage("Quote", { annotations: 142, willArchive: true })).toMatch(/^142 annotations use Quote\. Archive it\? Its annotations stay and are still exported/);
    expect(removeLabelMessage("Quote", { annotations: 1, willArchive: true })).toMatch(/^1 annotation uses Quote\. Archive it\?/);
    expect(removeLabelMessage("Quote", { annotations: 12_500, willArchive: true })).toMatch(/^12,500 annotations use Quote\./);
  });

  it("offers deletion for an unused label and archiving when only deleted annotations use it", () => {
    expect(removeLabelMessage("Doubt", { annotations: 0, willArchive: false })).toBe("No annotations use Doubt. Delete it? This can't be undone.");
    expect(removeLabelMessage("Ghost", { annotations: 0, willArchive: true })).toMatch(/^Only deleted annotations use Ghost.*Archive it\?/);
    expect(plural(2, "span", "spans")).toBe("2 spans");
  });
});
