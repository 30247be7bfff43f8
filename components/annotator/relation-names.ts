/** How a relation type reads in the UI ("said_by" → "Speaker"). Unknown types show as they are. */
export function relationRole(type: string): string {
  if (type === "said_by") return "Speaker";
  if (type === "claimed_by") return "Claimant";
  return relationPhrase(type);
}

/** A relation type as a phrase over its arc ("said_by" → "said by"). */
export function relationPhrase(type: string): string {
  return type.replace(/_/g, " ");
}
