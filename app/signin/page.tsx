import { redirect } from "next/navigation";
import { AuthShell } from "@/components/auth/auth-shell";
import { SignInForm } from "@/components/auth/sign-in-form";
import { getDb } from "@/db/client";
import { getCurrentActor } from "@/lib/auth/session";
import { isSetupNeeded } from "@/lib/server/setup-owner";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign in" };

/** Only same-site paths are followed after sign-in (no open redirects). */
function safeCallback(value: string | string[] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value;
  return v && v.startsWith("/") && !v.startsWith("//") ? v : "/projects";
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await isSetupNeeded(getDb())) redirect("/setup");
  const params = await searchParams;
  const callbackUrl = safeCallback(params.callbackUrl);
  if (await getCurrentActor()) redirect(callbackUrl);
  return (
    <AuthShell title="Sign in" subtitle="Annotate, review and export your team's articles.">
      <SignInForm callbackUrl={callbackUrl} />
    </AuthShell>
  );
}
