import type { ProjectRole } from "@/db/schema/projects";

/**
 * The one table from project role to what it may do. Every handler and server action names the
 * permission it needs; nothing else decides. The UI reads the same table to hide what can't be done,
 * but only the server enforces it.
 */
export const PERMISSIONS = [
  "project.read",
  "project.update",
  "project.delete",
  "members.read",
  "members.manage",
  "labels.manage",
  "documents.read",
  "documents.import",
  "documents.delete",
  "assignments.manage",
  "annotations.write",
  "annotations.readAll",
  "gold.write",
  "review.decide",
  "comments.write",
  "agreement.read",
  "export.run",
  "audit.read",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ANNOTATOR: readonly Permission[] = ["project.read", "members.read", "documents.read", "annotations.write", "comments.write"];
const REVIEWER: readonly Permission[] = [
  ...ANNOTATOR,
  "annotations.readAll",
  "gold.write",
  "review.decide",
  "agreement.read",
  "export.run",
];
const MANAGER: readonly Permission[] = [
  ...REVIEWER,
  "project.update",
  "members.manage",
  "labels.manage",
  "documents.import",
  "documents.delete",
  "assignments.manage",
  "audit.read",
];
const OWNER: readonly Permission[] = [...MANAGER, "project.delete"];

export const ROLE_PERMISSIONS: Record<ProjectRole, ReadonlySet<Permission>> = {
  owner: new Set(OWNER),
  manager: new Set(MANAGER),
  reviewer: new Set(REVIEWER),
  annotator: new Set(ANNOTATOR),
};

export const ROLE_DESCRIPTIONS: Record<ProjectRole, string> = {
  owner: "Everything, including deleting the project.",
  manager: "Everything but deleting the project: members, labels, import, assignment, review, export.",
  reviewer: "Sees every annotator's layer, adjudicates into gold, approves or returns articles.",
  annotator: "Annotates assigned or open articles; sees only their own layer unless the project allows it.",
};

export function hasPermission(role: ProjectRole, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}
