import Link from "next/link";
import { AuthShell } from "@/components/auth/auth-shell";
import { AcceptInvite } from "@/components/members/accept-invite";
import { getDb } from "@/db/client";
import { getCurrentActor } from "@/lib/auth/session";
import { ROLE_DESCRIPTIONS } from "@/lib/auth/permissions";
import { isAppError } from "@/lib/server/errors";
import { getInvitePreview, type InvitePreviewDto } from "@/lib/server/invites";

export const dynamic = "force-dynamic";
export const metadata = { title: "Invitation", referrer: "no-referrer" };

/** Public: the token in the link is the credential. Shows the project and role, then accepts. */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let preview: InvitePreviewDto;
  try {
    preview = await getInvitePreview(getDb(), token);
  } catch (err) {
    if (isAppError(err) && (err.code === "not_found" || err.code === "gone")) {
      return (
        <AuthShell title={err.code === "gone" ? "This invite can't be used" : "Invite not found"}>
          <p role="alert" className="text-sm">
            {err.message}
          </p>
          <Link href="/signin" className="mt-4 inline-block text-sm text-accent-600 underline">
            Go to sign in
          </Link>
        </AuthShell>
      );
    }
    throw err;
  }
  const actor = await getCurrentActor();
  return (
    <AuthShell title={`Join ${preview.projectName}`} subtitle={`You're invited as ${preview.role}: ${ROLE_DESCRIPTIONS[preview.role]}`}>
      <AcceptInvite token={token} preview={preview} signedInAs={actor?.email ?? null} />
    </AuthShell>
  );
}
