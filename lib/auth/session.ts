import "server-only";
import { createHash } from "node:crypto";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { getUserById } from "@/db/queries/users";
import { getUserByApiToken } from "@/db/queries/api-tokens";
import type { Actor } from "./guards";
import { getAuthOptions } from "./options";

/** The signed-in person, re-read from the database (a deleted account's cookie stops working). */
export async function getCurrentActor(): Promise<Actor | null> {
  const session = await getServerSession(getAuthOptions());
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  const user = await getUserById(getDb(), id);
  if (!user || user.isSystem) return null;
  return { userId: user.id, email: user.email, name: user.name };
}

/** For API requests: a session cookie, or `Authorization: Bearer <api token>` for scripts. */
export async function getRequestActor(req: Request): Promise<Actor | null> {
  const header = req.headers.get("authorization");
  if (header?.toLowerCase().startsWith("bearer ")) {
    const token = header.slice(7).trim();
    if (!token) return null;
    const user = await getUserByApiToken(getDb(), createHash("sha256").update(token).digest("hex"));
    return user ? { userId: user.id, email: user.email, name: user.name } : null;
  }
  return getCurrentActor();
}

/** For pages: the signed-in person, or a redirect to sign-in that comes back here afterwards. */
export async function requireActor(callbackPath: string): Promise<Actor> {
  const actor = await getCurrentActor();
  if (!actor) redirect(`/signin?callbackUrl=${encodeURIComponent(callbackPath)}`);
  return actor;
}
