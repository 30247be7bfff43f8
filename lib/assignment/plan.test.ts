import { describe, expect, it } from "vitest";
import { AssignmentPlanError, planBalancedAssignments, planManualAssignments, type PlannedAssignment } from "./plan";

const docs = (n: number) => Array.from({ length: n }, (_, i) => `d${i + 1}`);

function perUser(plan: PlannedAssignment[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const p of plan) m.set(p.userId, (m.get(p.userId) ?? 0) + 1);
  return m;
}

function perDoc(plan: PlannedAssignment[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const p of plan) m.set(p.documentId, [...(m.get(p.documentId) ?? []), p.userId]);
  return m;
}

describe("planBalancedAssignments", () => {
  it("gives each article k different people and keeps everyone's share within 1, for many sizes", () => {
    for (const people of [2, 3, 4, 5, 7]) {
      for (let k = 1; k <= people; k++) {
        for (const n of [1, 2, 5, 10, 11, 37]) {
          const users = Array.from({ length: people }, (_, i) => `u${i}`);
          const plan = planBalancedAssignments({ documentIds: docs(n), userIds: users, perDocument: k });
          expect(plan).toHaveLength(n * k);
          for (const [, assignees] of perDoc(plan)) {
            expect(assignees).toHaveLength(k);
            expect(new Set(assignees).size).toBe(k);
          }
          const shares = users.map((u) => perUser(plan).get(u) ?? 0);
          expect(Math.max(...shares) - Math.min(...shares), `people=${people} k=${k} n=${n}`).toBeLessThanOrEqual(1);
        }
      }
    }
  });

  it("is a deterministic round-robin: overlap 2 over three people", () => {
    const plan = planBalancedAssignments({ documentIds: docs(3), userIds: ["a", "b", "c"], perDocument: 2 });
    expect(plan).toEqual([
      { documentId: "d1", userId: "a" },
      { documentId: "d1", userId: "b" },
      { documentId: "d2", userId: "c" },
      { documentId: "d2", userId: "a" },
      { documentId: "d3", userId: "b" },
      { documentId: "d3", userId: "c" },
    ]);
    expect(planBalancedAssignments({ documentIds: docs(3), userIds: ["a", "b", "c"], perDocument: 2 })).toEqual(plan);
  });

  it("fills up the least loaded people first", () => {
    const plan = planBalancedAssignments({
      documentIds: docs(4),
      userIds: ["busy", "idle"],
      perDocument: 1,
      load: new Map([["busy", 3]]),
    });
    expect(plan.map((p) => p.userId)).toEqual(["idle", "idle", "idle", "busy"]);
  });

  it("counts existing assignments toward k and never assigns the same person twice to an article", () => {
    const existing = new Map([
      ["d1", new Set(["a"])],
      ["d2", new Set(["a", "b"])],
      ["d3", new Set(["outsider"])],
    ]);
    const plan = planBalancedAssignments({ documentIds: docs(3), userIds: ["a", "b", "c"], perDocument: 2, existing });
    const byDoc = perDoc(plan);
    expect(byDoc.get("d1")).toHaveLength(1);
    expect(byDoc.get("d1")).not.toContain("a");
    expect(byDoc.get("d2")).toBeUndefined();
    expect(byDoc.get("d3")).toHaveLength(2);
    for (const p of plan) expect(existing.get(p.documentId)?.has(p.userId) ?? false).toBe(false);
  });

  it("refuses k larger than the number of people, saying what to do", () => {
    expect(() => planBalancedAssignments({ documentIds: docs(2), userIds: ["a", "b"], perDocument: 3 })).toThrow(AssignmentPlanError);
    expect(() => planBalancedAssignments({ documentIds: docs(2), userIds: ["a", "b"], perDocument: 3 })).toThrow(
      /go to 3 people, but only 2 people were picked/,
    );
    expect(() => planBalancedAssignments({ documentIds: docs(2), userIds: ["a", "a"], perDocument: 2 })).toThrow(/only 1 person was picked/);
  });

  it("refuses an empty list of people", () => {
    expect(() => planBalancedAssignments({ documentIds: docs(1), userIds: [], perDocument: 1 })).toThrow(/at least one person/);
  });
});

describe("planManualAssignments", () => {
  it("pairs every person with every article, skipping existing pairs and duplicates", () => {
    const plan = planManualAssignments(["d1", "d2", "d1"], ["a", "b", "a"], new Map([["d2", new Set(["a"])]]));
    expect(plan).toEqual([
      { documentId: "d1", userId: "a" },
      { documentId: "d1", userId: "b" },
      { documentId: "d2", userId: "b" },
    ]);
  });
});
