"use client";
import { useLinkStatus } from "next/link";

/**
 * Inside a `<Link>`: a small spinner while the navigation it started is on its way. For links to
 * pages that render fully on the server before anything is shown (the editor has no loading screen:
 * streaming one in first made a long article slower to become usable), so a click never looks dead.
 */
export function LinkPending({ label = "Opening…" }: { label?: string }) {
  const { pending } = useLinkStatus();
  return pending ? <span role="status" aria-label={label} className="sl-link-pending" /> : null;
}
