import Link from "next/link";
import { AuthShell } from "@/components/auth/auth-shell";
import { SetupForm } from "@/components/auth/setup-form";
import { getDb } from "@/db/client";
import { isSetupNeeded } from "@/lib/server/setup-owner";

export const dynamic = "force-dynamic";
export const metadata = { title: "Set up" };

export default async function SetupPage() {
  if (!(await isSetupNeeded(getDb()))) {
    return (
      <AuthShell title="Already set up" subtitle="Spanlab has an owner. New people join through an invite from a project owner or manager.">
        <Link className="text-accent-600 underline" href="/signin">
          Go to sign in
        </Link>
      </AuthShell>
    );
  }
  return (
    <AuthShell title="Welcome to Spanlab" subtitle="Create the owner account. There are no default passwords: this account is the first and only way in.">
      <SetupForm />
    </AuthShell>
  );
}
