import { describe, expect, it } from "vitest";
import { availableReviewerEvents, canTransition, runEvents, transition, type WorkflowStatus } from "./workflow";

const ALL: WorkflowStatus[] = ["unassigned", "in_progress", "submitted", "in_review", "approved", "returned"];

describe("article workflow", () => {
  it("follows the happy path unassigned → in_progress → submitted → in_review → approved", () => {
    expect(runEvents("unassigned", ["start_work", "submit", "start_review", "approve"])).toEqual({ ok: true, from: "in_review", to: "approved" });
  });

  it("starts a review only from submitted", () => {
    for (const status of ALL) expect(canTransition(status, "start_review"), status).toBe(status === "submitted");
    expect(transition("submitted", "start_review")).toEqual({ ok: true, from: "submitted", to: "in_review" });
  });

  it("approves only from in_review, and says to start the review when the article is merely submitted", () => {
    for (const status of ALL) expect(canTransition(status, "approve"), status).toBe(status === "in_review");
    const refused = transition("submitted", "approve");
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.message).toMatch(/start the review first/);
  });

  it("returns from submitted or in_review only", () => {
    for (const status of ALL) expect(canTransition(status, "return"), status).toBe(status === "submitted" || status === "in_review");
    expect(transition("in_review", "return")).toEqual({ ok: true, from: "in_review", to: "returned" });
    expect(transition("submitted", "return")).toEqual({ ok: true, from: "submitted", to: "returned" });
  });

  it("a returned article cannot be approved without going back through submitted → in_review", () => {
    const direct = transition("returned", "approve");
    expect(direct.ok).toBe(false);
    if (!direct.ok) expect(direct.message).toMatch(/resubmit/);
    // Nor can a reviewer skip ahead by starting a review of the returned article.
    expect(transition("returned", "start_review").ok).toBe(false);
    // Resubmitting without a new review still can't be approved.
    expect(runEvents("returned", ["start_work", "submit", "approve"]).ok).toBe(false);
    // The full way back works.
    expect(runEvents("returned", ["start_work", "submit", "start_review", "approve"])).toEqual({ ok: true, from: "in_review", to: "approved" });
  });

  it("an approved article is final for reviewers: it can't be returned, reviewed again or approved twice", () => {
    expect(availableReviewerEvents("approved")).toEqual([]);
    const again = transition("approved", "approve");
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.message).toMatch(/already/);
  });

  it("offers the reviewer exactly the actions that can succeed in each status", () => {
    expect(Object.fromEntries(ALL.map((s) => [s, availableReviewerEvents(s)]))).toEqual({
      unassigned: [],
      in_progress: [],
      submitted: ["start_review", "return"],
      in_review: ["approve", "return"],
      approved: [],
      returned: [],
    });
  });

  it("lets returned work resume: the annotator's edit moves it back to in_progress", () => {
    expect(transition("returned", "start_work")).toEqual({ ok: true, from: "returned", to: "in_progress" });
  });
});
