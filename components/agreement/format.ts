import type { AgreementUndefinedReason } from "@/lib/agreement";

/** "0.41", "−0.12" (a real minus sign), "1.00"; "—" for an undefined figure. */
export function formatScore(value: number | null): string {
  if (value === null) return "—";
  const fixed = Math.abs(value).toFixed(2);
  return value < 0 && fixed !== "0.00" ? `−${fixed}` : fixed;
}

/** "86%" for a share in [0, 1]; "—" when undefined. */
export function formatShare(value: number | null): string {
  return value === null ? "—" : `${Math.round(value * 100)}%`;
}

export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

/** "1 article", "12 articles". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

export interface ScoreBand {
  label: string;
  /** Lower bound (inclusive) of the band. */
  from: number;
  /** Heatmap / swatch background; readable with the page's text colour in light and dark. */
  background: string;
}

const NEUTRAL = "var(--surface)";
const POSITIVE = "var(--color-accent-600)";
const NEGATIVE = "#e8590c";
/** At most 70% of the hue over the surface, so the page's own text colour stays readable on it. */
const tint = (hue: string, percent: number) => `color-mix(in srgb, ${hue} ${percent}%, ${NEUTRAL})`;

/**
 * Landis & Koch (1977) bands for Cohen's and Fleiss' κ, highest first. Conventional, not a law:
 * they say how strong agreement reads, not whether the data is good enough.
 */
export const KAPPA_BANDS: readonly ScoreBand[] = [
  { label: "almost perfect", from: 0.81, background: tint(POSITIVE, 70) },
  { label: "substantial", from: 0.61, background: tint(POSITIVE, 52) },
  { label: "moderate", from: 0.41, background: tint(POSITIVE, 36) },
  { label: "fair", from: 0.21, background: tint(POSITIVE, 22) },
  { label: "slight", from: 0, background: tint(POSITIVE, 8) },
  { label: "poor", from: -Infinity, background: tint(NEGATIVE, 45) },
];

/** Krippendorff's guidance for α: ≥ 0.8 reliable, 0.667–0.8 tentative conclusions only, below that weak. */
export const ALPHA_BANDS: readonly ScoreBand[] = [
  { label: "strong", from: 0.8, background: tint(POSITIVE, 60) },
  { label: "tentative", from: 0.667, background: tint(POSITIVE, 30) },
  { label: "weak", from: -Infinity, background: tint(NEGATIVE, 30) },
];

/** The band a value falls in (values are compared after rounding to two decimals, as shown). */
export function bandOf(value: number, bands: readonly ScoreBand[]): ScoreBand {
  const shown = Math.round(value * 100) / 100;
  return bands.find((b) => shown >= b.from) ?? bands[bands.length - 1]!;
}

export const KAPPA_BAND_HELP = "Landis & Koch: below 0 poor, 0–0.20 slight, 0.21–0.40 fair, 0.41–0.60 moderate, 0.61–0.80 substantial, 0.81–1 almost perfect.";
export const ALPHA_BAND_HELP = "Krippendorff: 0.80 or more is strong, 0.667–0.80 allows tentative conclusions only, below 0.667 is weak.";

/** Why a coefficient is undefined, in words, for the figure it belongs to. */
export function undefinedReasonText(
  reason: AgreementUndefinedReason | null,
  figure: "fleiss" | "alpha" | "pair" | "gold",
  raters?: number,
): string {
  switch (reason) {
    case "fewer-than-two-raters":
      return "needs at least two annotators";
    case "single-category":
      return "every token got the same label from everyone (often: nobody marked anything), so there is nothing to correct for chance";
    case "no-items":
    case null:
      if (figure === "fleiss") {
        return `needs every selected annotator${raters ? ` (all ${raters})` : ""} on the same article, and no article has all of them`;
      }
      if (figure === "alpha") return "needs two annotators on the same article";
      if (figure === "gold") return "no article has both gold and this annotator's layer";
      return "these two never annotated the same article";
  }
}
