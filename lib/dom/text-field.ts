/**
 * Whether keys pressed in `el` belong to a field that takes typing (so the editor's one-key shortcuts
 * must leave them alone). Checkboxes, radios, buttons and sliders take no text: a hotkey pressed
 * while one of them has focus — say, right after toggling "Snap to words" — is still a shortcut.
 */
const NON_TEXT_INPUTS = new Set(["checkbox", "radio", "button", "submit", "reset", "range", "color", "file", "image"]);

export function isTextField(el: Element | null): boolean {
  if (!el) return false;
  const field = el.closest("input, textarea, select, [contenteditable='true'], [role='combobox']");
  if (!field) return false;
  if (field instanceof HTMLInputElement) return !NON_TEXT_INPUTS.has(field.type);
  return true;
}
