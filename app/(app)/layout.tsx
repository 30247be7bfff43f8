import type { ReactNode } from "react";
import { AppHeader } from "@/components/layout/app-header";
import { requireActor } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

/** Everything signed-in lives under this layout. Pages and handlers still check on their own. */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor("/projects");
  return (
    <div className="min-h-screen">
      <AppHeader name={actor.name} email={actor.email} />
      {children}
    </div>
  );
}
