import type { NewLabel } from "@/db/queries/labels";

/** The label schema every new project starts with; managers change it in the label editor. */
export function defaultLabels(projectId: string): NewLabel[] {
  return [
    {
      projectId,
      name: "Claim",
      kind: "claim",
      color: "#d97706",
      hotkey: "1",
      position: 0,
      attributes: [{ key: "check_worthy", name: "Check-worthy", type: "boolean" }],
      relationTypes: [{ type: "claimed_by", targetKinds: ["entity"] }],
    },
    {
      projectId,
      name: "Quote",
      kind: "quote",
      color: "#2563eb",
      hotkey: "2",
      position: 1,
      attributes: [{ key: "form", name: "Form", type: "choice", options: ["direct", "indirect", "paraphrase"] }],
      relationTypes: [{ type: "said_by", targetKinds: ["entity"] }],
    },
    {
      projectId,
      name: "Entity",
      kind: "entity",
      color: "#059669",
      hotkey: "3",
      position: 2,
      entityTypes: ["Person", "Organization", "Location", "Other"],
    },
  ];
}
