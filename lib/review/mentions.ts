/**
 * @mentions in comments. Each project member has a handle: the part of their email before the "@"
 * (`@ana` for ana@newsroom.example), or the whole email when two members share that part. A comment
 * mentions a member when its text holds `@handle` as a whole token (not inside an email address,
 * and not followed by more handle characters). Pure: the server stores the ids it finds, and the UI
 * uses the same rules to highlight and to autocomplete.
 */
export interface MentionMember {
  userId: string;
  email: string;
  name: string;
}

export interface MentionHandle extends MentionMember {
  handle: string;
}

/** Characters a handle is made of (an email's local part, and the rest of an email for the long form). */
const HANDLE_CHAR = /[\p{L}\p{N}._+\-@]/u;

export function localPart(email: string): string {
  const at = email.indexOf("@");
  return (at < 0 ? email : email.slice(0, at)).toLowerCase();
}

/** Handles for members, sorted by handle; a local part two members share falls back to full emails. */
export function mentionHandles(members: readonly MentionMember[]): MentionHandle[] {
  const counts = new Map<string, number>();
  for (const m of members) counts.set(localPart(m.email), (counts.get(localPart(m.email)) ?? 0) + 1);
  return members
    .map((m) => ({ ...m, handle: (counts.get(localPart(m.email)) ?? 0) > 1 ? m.email.toLowerCase() : localPart(m.email) }))
    .sort((a, b) => a.handle.localeCompare(b.handle));
}

export interface MentionToken {
  /** UTF-16 index of the "@" in the body (for rendering), and the token's length with it. */
  index: number;
  length: number;
  userId: string;
}

/** Every mention of a member in `body`, in order. Longest handle first, so `@ana.b` beats `@ana`. */
export function findMentions(body: string, handles: readonly MentionHandle[]): MentionToken[] {
  const byLength = [...handles].sort((a, b) => b.handle.length - a.handle.length);
  const lower = body.toLowerCase();
  const out: MentionToken[] = [];
  for (let i = lower.indexOf("@"); i >= 0; i = lower.indexOf("@", i + 1)) {
    const before = i > 0 ? body[i - 1]! : "";
    if (before && HANDLE_CHAR.test(before)) continue; // inside an email address or a word
    for (const h of byLength) {
      if (!lower.startsWith(h.handle, i + 1)) continue;
      const after = body[i + 1 + h.handle.length] ?? "";
      // A trailing "." ends a sentence, not the handle.
      if (after && HANDLE_CHAR.test(after) && !(after === "." && !HANDLE_CHAR.test(body[i + 2 + h.handle.length] ?? ""))) continue;
      out.push({ index: i, length: 1 + h.handle.length, userId: h.userId });
      i += h.handle.length;
      break;
    }
  }
  return out;
}

/** The distinct user ids mentioned in `body`, in order of first mention. */
export function mentionedUserIds(body: string, handles: readonly MentionHandle[]): string[] {
  return [...new Set(findMentions(body, handles).map((m) => m.userId))];
}

/** The handles that complete what is being typed after an "@" (for the composer's suggestions). */
export function completeMention(prefix: string, handles: readonly MentionHandle[], limit = 6): MentionHandle[] {
  const p = prefix.toLowerCase();
  return handles
    .filter((h) => h.handle.startsWith(p) || h.name.toLowerCase().split(/\s+/).some((w) => w.startsWith(p)))
    .slice(0, limit);
}
