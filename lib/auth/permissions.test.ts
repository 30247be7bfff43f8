import { describe, expect, it } from "vitest";
import { PROJECT_ROLES } from "@/db/schema/projects";
import { hasPermission, PERMISSIONS, ROLE_PERMISSIONS } from "./permissions";

describe("role → permission table", () => {
  it("gives the owner every permission", () => {
    for (const p of PERMISSIONS) expect(hasPermission("owner", p)).toBe(true);
  });

  it("lets a manager do everything except delete the project", () => {
    for (const p of PERMISSIONS) expect(hasPermission("manager", p)).toBe(p !== "project.delete");
  });

  it("keeps annotators out of import, members, labels, gold and review", () => {
    for (const p of ["documents.import", "members.manage", "labels.manage", "gold.write", "review.decide", "annotations.readAll"] as const) {
      expect(hasPermission("annotator", p)).toBe(false);
    }
    expect(hasPermission("annotator", "annotations.write")).toBe(true);
  });

  it("lets reviewers adjudicate but not manage the project", () => {
    expect(hasPermission("reviewer", "gold.write")).toBe(true);
    expect(hasPermission("reviewer", "review.decide")).toBe(true);
    expect(hasPermission("reviewer", "members.manage")).toBe(false);
    expect(hasPermission("reviewer", "documents.import")).toBe(false);
  });

  it("orders roles so each holds a superset of the one below", () => {
    const order = ["annotator", "reviewer", "manager", "owner"] as const;
    expect([...PROJECT_ROLES].sort()).toEqual([...order].sort());
    for (let i = 1; i < order.length; i++) {
      for (const p of ROLE_PERMISSIONS[order[i - 1]!]) expect(ROLE_PERMISSIONS[order[i]!].has(p)).toBe(true);
    }
  });
});
