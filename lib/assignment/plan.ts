/**
 * Planning who annotates which article. Pure and deterministic: the same input gives the same plan.
 *
 * Balanced mode ("each article to k of these people"): articles are taken in the given order; each
 * gets people until k of the chosen people are on it, choosing among those not already on it the
 * one with the lowest load (open assignments: current ones plus those planned so far), ties broken
 * by the order the people were given. From equal loads this is a round-robin, and every person's
 * share of the new assignments differs from every other's by at most one; from unequal loads it
 * fills up the least loaded first. Nobody is put on an article twice, and existing assignments
 * count toward k (they are never planned again).
 */

export interface PlannedAssignment {
  documentId: string;
  userId: string;
}

export class AssignmentPlanError extends Error {
  override readonly name = "AssignmentPlanError";
  constructor(
    readonly code: "too_few_people" | "no_people",
    message: string,
  ) {
    super(message);
  }
}

export interface BalancedPlanInput {
  documentIds: readonly string[];
  /** The people to spread the work over; their order breaks ties. */
  userIds: readonly string[];
  /** How many of `userIds` each article should have. */
  perDocument: number;
  /** Who is already assigned to each article (anyone, chosen or not). */
  existing?: ReadonlyMap<string, ReadonlySet<string>>;
  /** Open assignments each person already has (default 0). */
  load?: ReadonlyMap<string, number>;
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

export function planBalancedAssignments(input: BalancedPlanInput): PlannedAssignment[] {
  const people = unique(input.userIds);
  const k = input.perDocument;
  if (people.length === 0) throw new AssignmentPlanError("no_people", "Pick at least one person to assign.");
  if (!Number.isInteger(k) || k < 1) throw new AssignmentPlanError("too_few_people", "Each article needs at least 1 person.");
  if (k > people.length) {
    throw new AssignmentPlanError(
      "too_few_people",
      `Each article should go to ${k} people, but only ${people.length} ${people.length === 1 ? "person was" : "people were"} picked. ` +
        `Pick at least ${k} people, or lower the number per article.`,
    );
  }
  const load = people.map((u) => input.load?.get(u) ?? 0);
  const plan: PlannedAssignment[] = [];
  const empty: ReadonlySet<string> = new Set();
  for (const documentId of unique(input.documentIds)) {
    const already = input.existing?.get(documentId) ?? empty;
    let have = 0;
    for (const u of people) if (already.has(u)) have++;
    const taken = new Set<number>();
    for (let need = k - have; need > 0; need--) {
      let best = -1;
      for (let i = 0; i < people.length; i++) {
        if (taken.has(i) || already.has(people[i] as string)) continue;
        if (best === -1 || (load[i] as number) < (load[best] as number)) best = i;
      }
      if (best === -1) break; // cannot happen: k ≤ people and `have` counts the others
      taken.add(best);
      load[best] = (load[best] as number) + 1;
      plan.push({ documentId, userId: people[best] as string });
    }
  }
  return plan;
}

/** By hand: every person on every article, except pairs that already exist. */
export function planManualAssignments(
  documentIds: readonly string[],
  userIds: readonly string[],
  existing?: ReadonlyMap<string, ReadonlySet<string>>,
): PlannedAssignment[] {
  const people = unique(userIds);
  if (people.length === 0) throw new AssignmentPlanError("no_people", "Pick at least one person to assign.");
  const plan: PlannedAssignment[] = [];
  for (const documentId of unique(documentIds)) {
    const already = existing?.get(documentId);
    for (const userId of people) if (!already?.has(userId)) plan.push({ documentId, userId });
  }
  return plan;
}
