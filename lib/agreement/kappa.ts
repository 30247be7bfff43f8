/**
 * Chance-corrected agreement coefficients for categorical (nominal) ratings.
 *
 * - Cohen's κ: two raters, paired items. κ = (p_o − p_e) / (1 − p_e) with p_o the share of items
 *   on which they agree and p_e = Σ_k p_A(k) · p_B(k) from each rater's own marginals.
 * - Fleiss' κ: N items each rated by the same number n ≥ 2 of raters (a COMPLETE matrix; rows
 *   with a different number of ratings, or missing ratings, are rejected with a RangeError — use
 *   Krippendorff's α for incomplete data). P̄ = mean over items of the share of agreeing rater
 *   pairs, P_e = Σ_j p_j² from the pooled category shares, κ = (P̄ − P_e) / (1 − P_e).
 * - Krippendorff's α (nominal): any number of raters per unit, missing values allowed. Units with
 *   fewer than two values are not pairable and are skipped. Built from the coincidence matrix
 *   o_ck = Σ_u (number of ordered value pairs (c, k) from different raters in u) / (m_u − 1);
 *   n_c = Σ_k o_ck, n = Σ_c n_c, α = 1 − D_o / D_e = 1 − (n − 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k.
 *
 * Undefined values. When every rating falls into one category, the expected agreement is 1 and
 * the coefficient is 0/0: observed agreement is then necessarily 1 as well, but "perfect
 * agreement beyond chance" would be a misleading claim for data with no variation (e.g. two
 * annotators who both marked nothing), and 0 would be just as wrong. We return `value: null`
 * with `undefinedReason: "single-category"` and still report observed/expected agreement (both 1),
 * so the UI can show "n/a — all items in one category". `null` is also returned with reason
 * `"no-items"` (nothing to compare) and `"fewer-than-two-raters"` (Fleiss with n < 2). Results
 * are never NaN.
 *
 * Categories are compared with `===` semantics (Map keys): 1 and "1" are different categories.
 * Sums are formed on integer counts and divided once at the end, so textbook values come out
 * exact up to one rounding.
 */

export type Rating = string | number;
export type MaybeRating = Rating | null | undefined;

export type AgreementUndefinedReason = "no-items" | "single-category" | "fewer-than-two-raters";

export interface AgreementCoefficient {
  /** κ or α; null when undefined (see `undefinedReason`). */
  value: number | null;
  /** p_o (κ) or 1 − D_o (α). */
  observedAgreement: number | null;
  /** p_e (κ) or 1 − D_e (α). */
  expectedAgreement: number | null;
  /** Items compared (Cohen, Fleiss) or pairable units (α). */
  items: number;
  undefinedReason: AgreementUndefinedReason | null;
}

export interface FleissKappaResult extends AgreementCoefficient {
  /** Ratings per item. */
  raters: number;
}

export interface KrippendorffAlphaResult extends AgreementCoefficient {
  /** Values in pairable units (n, the total of the coincidence matrix). */
  pairableValues: number;
}

/**
 * Cohen's κ from two parallel rating lists. A pair where either rating is null/undefined is
 * skipped. Throws if the lists differ in length.
 */
export function computeCohenKappa(
  ratingsA: readonly MaybeRating[],
  ratingsB: readonly MaybeRating[],
): AgreementCoefficient {
  if (ratingsA.length !== ratingsB.length) {
    throw new RangeError(`Cohen's kappa needs paired ratings, got ${ratingsA.length} and ${ratingsB.length}`);
  }
  const categories = new Map<Rating, number>();
  const pairs: [number, number][] = [];
  for (let i = 0; i < ratingsA.length; i++) {
    const a = ratingsA[i];
    const b = ratingsB[i];
    if (a === null || a === undefined || b === null || b === undefined) continue;
    pairs.push([indexCategory(categories, a), indexCategory(categories, b)]);
  }
  const size = categories.size;
  const confusion = new Float64Array(size * size);
  for (const [a, b] of pairs) confusion[a * size + b]! += 1;
  return computeCohenKappaFromConfusion(confusion, size);
}

/** Cohen's κ from a square contingency table: `table[a][b]` = items rater A put in a and rater B in b. */
export function computeCohenKappaFromTable(table: readonly (readonly number[])[]): AgreementCoefficient {
  const size = table.length;
  const confusion = new Float64Array(size * size);
  table.forEach((row, a) => {
    if (row.length !== size) throw new RangeError(`Contingency table must be square; row ${a} has ${row.length} cells`);
    row.forEach((cell, b) => {
      assertCount(cell, `table[${a}][${b}]`);
      confusion[a * size + b] = cell;
    });
  });
  return computeCohenKappaFromConfusion(confusion, size);
}

/**
 * Fleiss' κ from an items × categories count matrix: `counts[i][j]` = raters who put item i in
 * category j. Every row must have the same length and the same sum (the number of raters).
 */
export function computeFleissKappa(counts: readonly (readonly number[])[]): FleissKappaResult {
  const first = counts[0];
  if (first === undefined) return { ...undefinedCoefficient(0, "no-items", null, null), raters: 0 };
  const categories = first.length;
  const raters = sumOf(first);
  const categoryTotals = new Float64Array(categories);
  let agreeingPairs = 0;
  counts.forEach((row, i) => {
    if (row.length !== categories) throw new RangeError(`Row ${i} has ${row.length} categories, expected ${categories}`);
    let rowSum = 0;
    row.forEach((cell, j) => {
      assertCount(cell, `counts[${i}][${j}]`);
      if (!Number.isInteger(cell)) throw new RangeError(`counts[${i}][${j}] must be an integer, got ${cell}`);
      rowSum += cell;
      agreeingPairs += cell * (cell - 1);
      categoryTotals[j]! += cell;
    });
    if (rowSum !== raters) {
      throw new RangeError(
        `Fleiss' kappa needs a complete matrix: item ${i} has ${rowSum} ratings, item 0 has ${raters} ` +
          `(use Krippendorff's alpha for missing ratings)`,
      );
    }
  });
  return computeFleissKappaFromTotals({ items: counts.length, raters, agreeingPairs, categoryTotals });
}

/**
 * Fleiss' κ from an items × raters matrix of ratings. Every item must have the same number of
 * ratings and none may be missing (complete matrix, see module comment).
 */
export function computeFleissKappaFromRatings(ratings: readonly (readonly MaybeRating[])[]): FleissKappaResult {
  const categories = new Map<Rating, number>();
  const raters = ratings[0]?.length ?? 0;
  const rows = ratings.map((item, i) => {
    if (item.length !== raters) {
      throw new RangeError(`Fleiss' kappa needs a complete matrix: item ${i} has ${item.length} ratings, item 0 has ${raters}`);
    }
    return item.map((rating, r) => {
      if (rating === null || rating === undefined) {
        throw new RangeError(
          `Fleiss' kappa needs a complete matrix: rating ${r} of item ${i} is missing (use Krippendorff's alpha)`,
        );
      }
      return indexCategory(categories, rating);
    });
  });
  const counts = rows.map((row) => {
    const counted = new Array<number>(categories.size).fill(0);
    for (const category of row) counted[category] = (counted[category] ?? 0) + 1;
    return counted;
  });
  return computeFleissKappa(counts);
}

/**
 * Krippendorff's α (nominal) from a units × raters matrix; null/undefined = missing. Rows may have
 * different lengths (different rater sets per unit).
 */
export function computeKrippendorffAlpha(units: readonly (readonly MaybeRating[])[]): KrippendorffAlphaResult {
  const categories = new Map<Rating, number>();
  const totals: number[] = [];
  let pairableUnits = 0;
  let disagreement = 0;
  for (const unit of units) {
    const perCategory = new Map<number, number>();
    let values = 0;
    for (const rating of unit) {
      if (rating === null || rating === undefined) continue;
      const category = indexCategory(categories, rating);
      perCategory.set(category, (perCategory.get(category) ?? 0) + 1);
      values++;
    }
    if (values < 2) continue;
    pairableUnits++;
    let sumOfSquares = 0;
    for (const [category, count] of perCategory) {
      sumOfSquares += count * count;
      totals[category] = (totals[category] ?? 0) + count;
    }
    // Off-diagonal coincidences of this unit: (m² − Σ n_uc²) / (m − 1).
    disagreement += (values * values - sumOfSquares) / (values - 1);
  }
  const categoryTotals = Array.from({ length: categories.size }, (_, c) => totals[c] ?? 0);
  return computeKrippendorffAlphaFromTotals({ units: pairableUnits, disagreement, categoryTotals });
}

// ---------------------------------------------------------------------------------------------
// Sufficient-statistics forms, used by compute-agreement.ts on data accumulated in typed arrays
// (not re-exported from index.ts).

/** Cohen's κ from a row-major `categories × categories` confusion matrix. */
export function computeCohenKappaFromConfusion(confusion: ArrayLike<number>, categories: number): AgreementCoefficient {
  const rowTotals = new Float64Array(categories);
  const colTotals = new Float64Array(categories);
  let items = 0;
  let agreeing = 0;
  for (let a = 0; a < categories; a++) {
    for (let b = 0; b < categories; b++) {
      const cell = confusion[a * categories + b] ?? 0;
      rowTotals[a]! += cell;
      colTotals[b]! += cell;
      items += cell;
      if (a === b) agreeing += cell;
    }
  }
  if (items === 0) return undefinedCoefficient(0, "no-items", null, null);
  let chance = 0; // Σ_k a_k·b_k, i.e. p_e · n²
  for (let k = 0; k < categories; k++) chance += rowTotals[k]! * colTotals[k]!;
  const square = items * items;
  const observedAgreement = agreeing / items;
  const expectedAgreement = chance / square;
  // n² − Σ a_k b_k = Σ_{k≠l} a_k b_l is 0 exactly when both raters used one and the same category.
  if (square - chance === 0) return undefinedCoefficient(items, "single-category", observedAgreement, expectedAgreement);
  return {
    value: (items * agreeing - chance) / (square - chance),
    observedAgreement,
    expectedAgreement,
    items,
    undefinedReason: null,
  };
}

export interface FleissTotals {
  items: number;
  raters: number;
  /** Σ_i Σ_j n_ij (n_ij − 1): ordered pairs of distinct raters that agree, over all items. */
  agreeingPairs: number;
  /** Σ_i n_ij per category j. */
  categoryTotals: ArrayLike<number>;
}

export function computeFleissKappaFromTotals({ items, raters, agreeingPairs, categoryTotals }: FleissTotals): FleissKappaResult {
  if (raters < 2) return { ...undefinedCoefficient(items, "fewer-than-two-raters", null, null), raters };
  if (items === 0) return { ...undefinedCoefficient(0, "no-items", null, null), raters };
  const ratings = items * raters; // S
  let sumOfSquares = 0; // Σ_j T_j²
  for (let j = 0; j < categoryTotals.length; j++) sumOfSquares += (categoryTotals[j] ?? 0) ** 2;
  const square = ratings * ratings;
  const observedAgreement = agreeingPairs / (items * raters * (raters - 1)); // P̄
  const expectedAgreement = sumOfSquares / square; // P_e
  if (square - sumOfSquares === 0) {
    return { ...undefinedCoefficient(items, "single-category", observedAgreement, expectedAgreement), raters };
  }
  // (P̄ − P_e) / (1 − P_e), multiplied through by S²(n − 1) to stay on integers until the end.
  const value = (agreeingPairs * ratings - (raters - 1) * sumOfSquares) / ((raters - 1) * (square - sumOfSquares));
  return { value, observedAgreement, expectedAgreement, items, undefinedReason: null, raters };
}

export interface KrippendorffTotals {
  /** Pairable units (units with at least two values). */
  units: number;
  /** Σ_{c≠k} o_ck = Σ_u (m_u² − Σ_c n_uc²) / (m_u − 1) over pairable units. */
  disagreement: number;
  /** n_c: values per category in pairable units. */
  categoryTotals: ArrayLike<number>;
}

export function computeKrippendorffAlphaFromTotals({
  units,
  disagreement,
  categoryTotals,
}: KrippendorffTotals): KrippendorffAlphaResult {
  let values = 0;
  let sumOfSquares = 0;
  for (let c = 0; c < categoryTotals.length; c++) {
    const total = categoryTotals[c] ?? 0;
    values += total;
    sumOfSquares += total * total;
  }
  if (units === 0 || values < 2) return { ...undefinedCoefficient(0, "no-items", null, null), pairableValues: values };
  const expectedDisagreementSum = values * values - sumOfSquares; // Σ_{c≠k} n_c n_k
  const observedAgreement = 1 - disagreement / values; // 1 − D_o
  const expectedAgreement = 1 - expectedDisagreementSum / (values * (values - 1)); // 1 − D_e
  if (expectedDisagreementSum === 0) {
    return { ...undefinedCoefficient(units, "single-category", observedAgreement, expectedAgreement), pairableValues: values };
  }
  return {
    value: 1 - ((values - 1) * disagreement) / expectedDisagreementSum,
    observedAgreement,
    expectedAgreement,
    items: units,
    undefinedReason: null,
    pairableValues: values,
  };
}

function undefinedCoefficient(
  items: number,
  undefinedReason: AgreementUndefinedReason,
  observedAgreement: number | null,
  expectedAgreement: number | null,
): AgreementCoefficient {
  return { value: null, observedAgreement, expectedAgreement, items, undefinedReason };
}

function indexCategory(categories: Map<Rating, number>, rating: Rating): number {
  let index = categories.get(rating);
  if (index === undefined) {
    index = categories.size;
    categories.set(rating, index);
  }
  return index;
}

function assertCount(value: number, where: string): void {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${where} must be a non-negative count, got ${value}`);
}

function sumOf(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum;
}
