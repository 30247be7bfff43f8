import { z } from "zod";
import { PROJECT_ROLES } from "@/db/schema/projects";
import { PASSWORD_MIN_LENGTH, ZEmail } from "./auth";

export const INVITE_DEFAULT_DAYS = 7;
export const INVITE_MAX_DAYS = 30;

export const ZProjectRole = z.enum(PROJECT_ROLES, { error: "Pick a role: owner, manager, reviewer or annotator." });

export const ZCreateInviteRequest = z.object({
  email: ZEmail,
  role: ZProjectRole,
  expiresInDays: z
    .number({ error: "Give the number of days the link stays valid." })
    .int("Give a whole number of days.")
    .min(1, "An invite is valid for at least 1 day.")
    .max(INVITE_MAX_DAYS, `An invite is valid for at most ${INVITE_MAX_DAYS} days.`)
    .default(INVITE_DEFAULT_DAYS),
});
export type TCreateInviteRequest = z.infer<typeof ZCreateInviteRequest>;

export const ZChangeMemberRoleRequest = z.object({ role: ZProjectRole });
export type TChangeMemberRoleRequest = z.infer<typeof ZChangeMemberRoleRequest>;

/** Accepting an invite with a new account: the email comes from the invite, not from the form. */
export const ZAcceptInviteNewAccount = z.object({
  name: z.string({ error: "Enter your name." }).trim().min(1, "Enter your name.").max(120, "A name has at most 120 characters."),
  password: z
    .string({ error: `Choose a password of at least ${PASSWORD_MIN_LENGTH} characters.` })
    .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
    .max(200, "A password has at most 200 characters."),
});
export type TAcceptInviteNewAccount = z.infer<typeof ZAcceptInviteNewAccount>;

/** Invite tokens are 43 base64url characters (32 random bytes). */
export const INVITE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const ZUpdateProjectSettingsRequest = z.strictObject(
  {
    annotatorsSeeEachOther: z.boolean({ error: "Use true or false." }).optional(),
    openDocuments: z.boolean({ error: "Use true or false." }).optional(),
  },
  { error: "Only annotatorsSeeEachOther and openDocuments can be set here." },
);
export type TUpdateProjectSettingsRequest = z.infer<typeof ZUpdateProjectSettingsRequest>;
