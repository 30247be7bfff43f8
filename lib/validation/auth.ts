import { z } from "zod";

export const PASSWORD_MIN_LENGTH = 10;

export const ZEmail = z
  .string({ error: "Enter your email address." })
  .trim()
  .min(1, "Enter your email address.")
  .max(254, "An email address has at most 254 characters.")
  .pipe(z.email({ error: "Enter a valid email address, like name@example.org." }));

export const ZSetupRequest = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(120, "A name has at most 120 characters."),
  email: ZEmail,
  password: z
    .string()
    .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
    .max(200, "A password has at most 200 characters."),
});
export type TSetupRequest = z.infer<typeof ZSetupRequest>;

export const ZSignInRequest = z.object({
  email: ZEmail,
  password: z.string().min(1, "Enter your password.").max(200, "A password has at most 200 characters."),
});
export type TSignInRequest = z.infer<typeof ZSignInRequest>;

/** Field path → messages, the shape forms render under each field. */
export function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}
