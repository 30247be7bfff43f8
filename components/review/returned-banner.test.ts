import { describe, expect, it } from "vitest";
import type { ReviewDecisionDto, ReviewFeedbackDto } from "@/lib/review/types";
import { activeReturn } from "./returned-banner";

const decision = (d: Partial<ReviewDecisionDto>): ReviewDecisionDto => ({
  id: "d",
  decision: "return",
  reason: "Fix the claim",
  annotationId: null,
  reviewerId: "r",
  reviewerName: "Rae",
  createdAt: "2030-01-01T00:00:00.000Z",
  ...d,
});
const feedback = (f: Partial<ReviewFeedbackDto>): ReviewFeedbackDto => ({ status: "returned", myAssignmentStatus: "returned", decisions: [], comments: [], ...f });

describe("activeReturn", () => {
  it("is the newest article decision when it is a return and the work is returned or resumed", () => {
    expect(activeReturn(feedback({ decisions: [decision({ id: "ret" })] }))?.id).toBe("ret");
    expect(activeReturn(feedback({ myAssignmentStatus: "in_progress", decisions: [decision({ id: "ret" })] }))?.id).toBe("ret");
  });

  it("is nothing once resubmitted or approved, or when the newest article decision is an approval", () => {
    expect(activeReturn(feedback({ myAssignmentStatus: "submitted", decisions: [decision({})] }))).toBeNull();
    expect(activeReturn(feedback({ decisions: [decision({ decision: "approve", reason: null }), decision({ id: "old" })] }))).toBeNull();
    expect(activeReturn(feedback({ decisions: [] }))).toBeNull();
  });

  it("ignores span decisions when finding the newest article decision", () => {
    const ret = activeReturn(feedback({ decisions: [decision({ id: "rej", decision: "reject", annotationId: "s1" }), decision({ id: "ret" })] }));
    expect(ret?.id).toBe("ret");
  });
});
