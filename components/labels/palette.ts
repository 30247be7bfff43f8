/**
 * Label colours that stay distinguishable from each other and readable as underlines and chips on
 * both the light (#fff) and dark (#1d1d1b) surfaces: each has at least 3:1 contrast against both.
 */
export const LABEL_PALETTE: readonly { name: string; value: string }[] = [
  { name: "Amber", value: "#d97706" },
  { name: "Blue", value: "#2563eb" },
  { name: "Emerald", value: "#059669" },
  { name: "Red", value: "#dc2626" },
  { name: "Violet", value: "#8b5cf6" },
  { name: "Pink", value: "#db2777" },
  { name: "Cyan", value: "#0891b2" },
  { name: "Lime", value: "#65a30d" },
  { name: "Orange", value: "#ea580c" },
  { name: "Teal", value: "#0d9488" },
  { name: "Indigo", value: "#6366f1" },
  { name: "Slate", value: "#64748b" },
];

/** WCAG relative luminance of "#rrggbb". */
export function relativeLuminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Black or white, whichever reads better on the colour (for text on a filled chip). */
export function textColorOn(hex: string): "#000000" | "#ffffff" {
  return contrastRatio(hex, "#000000") >= contrastRatio(hex, "#ffffff") ? "#000000" : "#ffffff";
}
