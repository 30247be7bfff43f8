/** Every key of the editor, as the "?" dialog lists them. Keep in sync with use-editor-keys. */
export interface KeyBinding {
  keys: string[];
  action: string;
}

export const KEYMAP: { group: string; bindings: KeyBinding[] }[] = [
  {
    group: "Tagging",
    bindings: [
      { keys: ["1", "…", "9"], action: "Tag the selection with that label (or relabel the selected span)" },
      { keys: ["Esc"], action: "Cancel the selection, deselect the span, close menus" },
    ],
  },
  {
    group: "Caret and selection (in the text)",
    bindings: [
      { keys: ["←", "→"], action: "Move the caret by one character" },
      { keys: ["↑", "↓"], action: "Move the caret to the line above / below" },
      { keys: ["Home", "End"], action: "Start / end of the paragraph" },
      { keys: ["Shift", "+", "← → ↑ ↓"], action: "Extend the selection" },
      { keys: ["Ctrl/Alt", "+", "Shift", "+", "← →"], action: "Extend the selection by a word" },
      { keys: ["Ctrl", "+", "Home/End"], action: "Start / end of the article" },
    ],
  },
  {
    group: "Spans",
    bindings: [
      { keys: ["Tab", "Shift+Tab"], action: "Next / previous span (Tab after the last one leaves the text)" },
      { keys: ["Click"], action: "Select the span under the pointer; click again to cycle through overlapping spans" },
      { keys: ["Del", "Backspace"], action: "Delete the selected span (and its relations)" },
      { keys: ["[", "]"], action: "Move the selected span's start left / right (by word when snapping)" },
      { keys: ["Shift+[", "Shift+]"], action: "Move its end left / right" },
      { keys: ["N"], action: "Edit the note" },
      { keys: ["E"], action: "Link to an entity (Entity spans)" },
      { keys: ["R"], action: "Add a relation: the speaker of a quote, the claimant of a claim" },
      { keys: ["C"], action: "Comments on the selected span (or on the article when none is selected)" },
    ],
  },
  {
    group: "Article",
    bindings: [
      { keys: ["Ctrl+Z"], action: "Undo" },
      { keys: ["Ctrl+Shift+Z", "Ctrl+Y"], action: "Redo" },
      { keys: ["T"], action: "Show / hide teammates' spans (when the project lets you see them)" },
      { keys: ["S"], action: "Submit the article" },
      { keys: ["J", "K"], action: "Next / previous article in your queue" },
      { keys: ["?"], action: "Show this list" },
    ],
  },
];
