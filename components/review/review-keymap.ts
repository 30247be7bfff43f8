/** The review page's keys (pure, so the mapping is tested without a browser). */

export type ReviewAction =
  | "next"
  | "prev"
  | "nextSpan"
  | "prevSpan"
  | "accept"
  | "acceptAgreed"
  | "reject"
  | "comment"
  | "approve"
  | "return"
  | "startReview"
  | "cycleMode"
  | "help";

export interface KeyLike {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/**
 * The action for a key press. `where` says what has focus: the item list (arrows move there),
 * the page or the text ("body": Enter approves), or something else such as a button, where Enter
 * and the arrows keep their usual meaning.
 */
export function actionForKey(e: KeyLike, where: "list" | "body" | "other"): ReviewAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  const k = e.key;
  if (k === "?") return "help";
  if (k === "Enter") return where === "other" ? null : "approve";
  if (where === "list") {
    if (k === "ArrowDown") return "next";
    if (k === "ArrowUp") return "prev";
    if (k === "ArrowRight") return "nextSpan";
    if (k === "ArrowLeft") return "prevSpan";
  }
  switch (k) {
    case "j":
      return "next";
    case "k":
      return "prev";
    case "l":
      return "nextSpan";
    case "h":
      return "prevSpan";
    case "a":
      return e.shiftKey ? "acceptAgreed" : "accept";
    case "A":
      return "acceptAgreed";
    case "x":
      return "reject";
    case "c":
      return "comment";
    case "R":
      return "return";
    case "r":
      return e.shiftKey ? "return" : null;
    case "s":
      return "startReview";
    case "m":
      return "cycleMode";
    default:
      return null;
  }
}

export const REVIEW_KEYMAP: { keys: string[]; what: string }[] = [
  { keys: ["J", "↓"], what: "Next item" },
  { keys: ["K", "↑"], what: "Previous item" },
  { keys: ["L", "→"], what: "Next span of the item" },
  { keys: ["H", "←"], what: "Previous span of the item" },
  { keys: ["A"], what: "Accept the focused span into gold" },
  { keys: ["Shift", "A"], what: "Accept all agreed spans into gold" },
  { keys: ["X"], what: "Reject the focused span (with a reason)" },
  { keys: ["C"], what: "Comment on the focused span" },
  { keys: ["S"], what: "Start the review (a submitted article)" },
  { keys: ["Enter"], what: "Approve the article (in review)" },
  { keys: ["Shift", "R"], what: "Return the article to its annotators" },
  { keys: ["M"], what: "Next mode: merged, side by side, gold only" },
  { keys: ["?"], what: "Show these keys" },
];
