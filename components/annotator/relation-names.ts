/** How a relation type reads in the UI ("said_by" → "Speaker"). Unknown types show as they are. */
export function relationRole(type: string): string {
  if (type === "said_by") return "Speaker";
  if (type === "claimed_by") return "Claimant";
  return type.replace(/_/g, " ");
}
