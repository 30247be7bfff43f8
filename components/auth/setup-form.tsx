"use client";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/field";
import { ApiError, fetchJson } from "@/lib/api-client/fetch-json";
import { PASSWORD_MIN_LENGTH } from "@/lib/validation/auth";

export function SetupForm() {
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
      await fetchJson("/api/setup", { method: "POST", json: data });
      const res = await signIn("credentials", { email: data.email, password: data.password, redirect: false });
      if (res?.error) throw new Error("Your account was created, but signing in failed. Sign in from the sign-in page.");
      router.replace("/projects");
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
      <TextField label="Your name" name="name" autoComplete="name" required errors={fields.name} />
      <TextField label="Email" name="email" type="email" autoComplete="email" required errors={fields.email} />
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
        Create owner account
      </Button>
    </form>
  );
}
