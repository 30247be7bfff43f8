"use client";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/field";
import { ApiError, fetchJson } from "@/lib/api-client/fetch-json";

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [fields, setFields] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(e.currentTarget)) as Record<string, string>;
    setPending(true);
    setFields({});
    setFormError(null);
    try {
      // The server validates the form's shape first (field errors), then next-auth checks the credentials.
      await fetchJson("/api/auth-check", { method: "POST", json: data });
      const res = await signIn("credentials", { email: data.email, password: data.password, redirect: false });
      if (!res || res.error) {
        setFormError("The email or password is incorrect.");
        setPending(false);
        return;
      }
      router.replace(callbackUrl);
      router.refresh();
    } catch (err) {
      if (err instanceof ApiError && err.fields) setFields(err.fields);
      setFormError(err instanceof Error ? err.message : "Something went wrong.");
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <FormError message={formError} />
      <TextField label="Email" name="email" type="email" autoComplete="email" required errors={fields.email} />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" required errors={fields.password} />
      <Button type="submit" className="w-full" isLoading={pending}>
        Sign in
      </Button>
    </form>
  );
}
