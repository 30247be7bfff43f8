import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { getCurrentActor } from "@/lib/auth/session";
import { isSetupNeeded } from "@/lib/server/setup-owner";

export const dynamic = "force-dynamic";

/** The front door: first run → setup; signed out → sign in; otherwise → my projects. */
export default async function Home() {
  if (await isSetupNeeded(getDb())) redirect("/setup");
  const actor = await getCurrentActor();
  redirect(actor ? "/projects" : "/signin");
}
