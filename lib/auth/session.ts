import "server-only";
import { createHash } from "node:crypto";
import { getServerSession } from "next-auth";
import { getToken } from "next-auth/jwt";
import { redirect } from "next/navigation";
import { NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { getUserById } from "@/db/queries/users";
import { getUserByApiToken } from "@/db/queries/api-tokens";
import type { Actor } from "./guards";
import { getAuthOptions } from "./options";
import { getAuthSecret } from "./secret";

/** The signed-in person, re-read from the database (a deleted account's cookie stops working). */
export async function getCurrentActor(): Promise<Actor | null> {
  const session = await getServerSession(getAuthOptions());
  const id = (session?.user as { id?: string } | undefined)?.id;
  return id ? actorFromUserId(id) : null;
}

/**
 * For API requests: `Authorization: Bearer <api token>` for scripts, else the session cookie.
 *
 * The cookie is only decrypted and checked (signature, expiry) here, with next-auth's own `getToken`:
 * `getServerSession` would also re-issue it with a later expiry on every call, which cost a save in
 * the editor about a fifth of its server time (bench/save-path.ts). Pages still go through
 * {@link getCurrentActor}, which keeps a signed-in person's session rolling.
 */
export async function getRequestActor(req: Request): Promise<Actor | null> {
  const header = req.headers.get("authorization");
  // A Bearer header, even an empty one (Headers trims "Bearer " to "Bearer"), is token auth: no fallback to the cookie.
  if (header && /^bearer(\s|$)/i.test(header)) {
    const token = header.slice(6).trim();
    if (!token) return null;
    const user = await getUserByApiToken(getDb(), createHash("sha256").update(token).digest("hex"));
    return user ? { userId: user.id, email: user.email, name: user.name } : null;
  }
  // Route handlers get a NextRequest (not always this module's class: test its shape); for a plain
  // Request, parse the headers alone — wrapping the request itself would take its body.
  const cookies = "cookies" in req ? (req as NextRequest).cookies : new NextRequest(req.url, { headers: req.headers }).cookies;
  // next-auth names the cookie `__Secure-…` when it serves over https: read whichever one came (neither can be made without the secret).
  const secureCookie = cookies.getAll().some((c) => c.name.startsWith("__Secure-next-auth.session-token"));
  const session = await getToken({ req: { headers: req.headers, cookies } as never, secret: getAuthSecret(), secureCookie });
  return session?.sub ? actorFromUserId(session.sub) : null;
}

/** The person a session names, re-read from the database (a deleted account's cookie stops working). */
async function actorFromUserId(id: string): Promise<Actor | null> {
  const user = await getUserById(getDb(), id);
  if (!user || user.isSystem) return null;
  return { userId: user.id, email: user.email, name: user.name };
}

/** For pages: the signed-in person, or a redirect to sign-in that comes back here afterwards. */
export async function requireActor(callbackPath: string): Promise<Actor> {
  const actor = await getCurrentActor();
  if (!actor) redirect(`/signin?callbackUrl=${encodeURIComponent(callbackPath)}`);
  return actor;
}
