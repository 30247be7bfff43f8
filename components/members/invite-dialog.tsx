"use client";
import { useRef, useState, type FormEvent } from "react";
import type { ProjectRole } from "@/lib/api-client/members";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError, TextField } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { ApiError } from "@/lib/api-client/fetch-json";
import { useCreateInvite } from "@/lib/api-client/members";
import { ROLE_DESCRIPTIONS } from "@/lib/auth/permissions";
import { capitalise, formatDate } from "./format";

const ROLES: ProjectRole[] = ["annotator", "reviewer", "manager", "owner"];

/** Invite by email: creates a single-use link, shown once, to copy and send by any channel. */
export function InviteDialog({
  projectId,
  canInviteOwners,
  open,
  onOpenChange,
}: {
  projectId: string;
  canInviteOwners: boolean;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const create = useCreateInvite(projectId);
  const [fields, setFields] = useState<Record<string, string[]>>({});
  const [role, setRole] = useState<ProjectRole>("annotator");
  const [created, setCreated] = useState<{ link: string; email: string; expiresAt: string } | null>(null);
  const [copyState, setCopyState] = useState<"idle" | "copied" | "failed">("idle");
  const linkRef = useRef<HTMLInputElement>(null);

  function reset() {
    create.reset();
    setFields({});
    setRole("annotator");
    setCreated(null);
    setCopyState("idle");
  }

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const email = String(new FormData(e.currentTarget).get("email") ?? "");
    setFields({});
    create.mutate(
      { email, role },
      {
        onSuccess: (res) => {
          setCreated({ link: `${window.location.origin}${res.url}`, email: res.invite.email, expiresAt: res.invite.expiresAt });
        },
        onError: (err) => {
          if (err instanceof ApiError && err.fields) setFields(err.fields);
        },
      },
    );
  }

  async function copy() {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.link);
      setCopyState("copied");
    } catch {
      // Clipboard access can be refused (permissions, insecure origin): select the text to copy by hand.
      linkRef.current?.select();
      setCopyState("failed");
    }
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        onOpenChange(next);
        if (!next) reset();
      }}
      title="Invite someone"
      description={created ? undefined : "Creates a link that works once. Send it to them yourself: Spanlab sends no email."}
    >
      {created ? (
        <div className="space-y-4">
          <p className="text-sm">
            Send this link to <strong>{created.email}</strong>. It works once and expires on {formatDate(created.expiresAt)}.{" "}
            <strong>It is shown only now</strong>: copy it before closing.
          </p>
          <div className="flex items-end gap-2">
            <TextField ref={linkRef} label="Invite link" value={created.link} readOnly className="flex-1" onFocus={(e) => e.currentTarget.select()} />
            <Button type="button" variant="secondary" onClick={copy}>
              Copy
            </Button>
          </div>
          <p className="text-muted text-xs" aria-live="polite">
            {copyState === "copied" ? "Copied to the clipboard." : copyState === "failed" ? "Couldn't reach the clipboard: the link is selected, press Ctrl+C (⌘C) to copy it." : ""}
          </p>
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={reset}>
              Invite another
            </Button>
            <Button
              type="button"
              onClick={() => {
                onOpenChange(false);
                reset();
              }}
            >
              Done
            </Button>
          </div>
        </div>
      ) : (
        <form onSubmit={onSubmit} noValidate className="space-y-4">
          <FormError message={create.error?.message} />
          <TextField label="Email" name="email" type="email" autoComplete="off" required autoFocus errors={fields.email} />
          <SelectField
            label="Role"
            name="role"
            value={role}
            onChange={(e) => setRole(e.target.value as ProjectRole)}
            options={ROLES.filter((r) => r !== "owner" || canInviteOwners).map((r) => ({ value: r, label: capitalise(r) }))}
            hint={ROLE_DESCRIPTIONS[role]}
            errors={fields.role}
          />
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" isLoading={create.isPending}>
              Create invite link
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
