/**
 * A label colour safe to put in CSS (the editor's marks, the review's highlights): hex only,
 * anything else becomes grey. Colours are validated when saved (lib/validation/labels.ts); this
 * keeps a bad stored value from breaking out of a style rule all the same.
 */
export function safeColor(color: string): string {
  return /^#[0-9a-f]{3}([0-9a-f]{3})?([0-9a-f]{2})?$/i.test(color.trim()) ? color.trim() : "#6b7280";
}
