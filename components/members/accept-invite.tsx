"use client";
import { signIn, signOut } from "next-auth/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/field";
import { ApiError } from "@/lib/api-client/fetch-json";
import { acceptInviteRequest, type InvitePreviewDto } from "@/lib/api-client/members";
import { PASSWORD_MIN_LENGTH } from "@/lib/validation/auth";
import { formatDate } from "./format";

/**
 * Accepting an invite: a new account (name + password, then signed in), or — when an account with
 * the invite's email exists — joining as that signed-in account.
 */
export function AcceptInvite({ token, preview, signedInAs }: { token: string; preview: InvitePreviewDto; signedInAs: string | null }) {
  const router = useRouter();
  const [fields, setFields] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const invitePath = `/invite/${token}`;
  const isRightAccount = signedInAs !== null && signedInAs.toLowerCase() === preview.email.toLowerCase();

  function fail(err: unknown) {
    if (err instanceof ApiError && err.fields) setFields(err.fields);
    setFormError(err instanceof Error ? err.message : "Something went wrong. Try again.");
    setPending(false);
  }

  async function onCreateAccount(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const name = String(data.get("name") ?? "");
    const password = String(data.get("password") ?? "");
    setPending(true);
    setFields({});
    setFormError(null);
    try {
      const accepted = await acceptInviteRequest(token, { name, password });
      const res = await signIn("credentials", { email: accepted.email, password, redirect: false });
      if (!res || res.error) {
        throw new Error("Your account was created and you joined the project, but signing in failed. Sign in from the sign-in page.");
      }
      router.replace(`/projects/${accepted.projectSlug}`);
      router.refresh();
    } catch (err) {
      fail(err);
    }
  }

  async function onJoin() {
    setPending(true);
    setFormError(null);
    try {
      const accepted = await acceptInviteRequest(token, {});
      router.replace(`/projects/${accepted.projectSlug}`);
      router.refresh();
    } catch (err) {
      fail(err);
    }
  }

  const expiry = <p className="text-muted text-xs">This invite works once and expires on {formatDate(preview.expiresAt)}.</p>;

  if (!preview.accountExists) {
    return (
      <form onSubmit={onCreateAccount} noValidate className="space-y-4">
        <FormError message={formError} />
        {signedInAs ? (
          <p className="text-muted text-sm">
            You are signed in as {signedInAs}. Accepting creates a new account for {preview.email} and signs you in with it.
          </p>
        ) : null}
        <TextField label="Email" name="email" type="email" value={preview.email} readOnly aria-readonly hint="The invite is for this address." />
        <TextField label="Your name" name="name" autoComplete="name" required autoFocus errors={fields.name} />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
          errors={fields.password}
        />
        <Button type="submit" className="w-full" isLoading={pending}>
          Accept invite
        </Button>
        {expiry}
      </form>
    );
  }

  if (isRightAccount) {
    return (
      <div className="space-y-4">
        <FormError message={formError} />
        <p className="text-sm">
          You are signed in as <strong>{signedInAs}</strong>.
        </p>
        <Button type="button" className="w-full" isLoading={pending} onClick={onJoin}>
          Join project
        </Button>
        {expiry}
      </div>
    );
  }

  const signInHref = `/signin?callbackUrl=${encodeURIComponent(invitePath)}`;
  return (
    <div className="space-y-4">
      <p className="text-sm">
        An account for <strong>{preview.email}</strong> already exists. Sign in with it to accept this invite.
      </p>
      {signedInAs ? (
        <>
          <p className="text-muted text-sm">You are signed in as {signedInAs}.</p>
          <Button type="button" className="w-full" onClick={() => void signOut({ callbackUrl: signInHref })}>
            Sign out and sign in as {preview.email}
          </Button>
        </>
      ) : (
        <Link href={signInHref} className="inline-flex h-10 w-full items-center justify-center rounded-md bg-accent-600 px-4 text-sm font-medium text-white hover:bg-accent-700">
          Sign in to accept
        </Link>
      )}
      {expiry}
    </div>
  );
}
