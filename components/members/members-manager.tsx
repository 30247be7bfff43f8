"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, EmptyState } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import {
  membersQuery,
  PROJECT_ROLE_ORDER,
  useChangeMemberRole,
  useRemoveMember,
  useRevokeInvite,
  type MemberDto,
  type ProjectRole,
} from "@/lib/api-client/members";
import { capitalise, formatDate } from "./format";
import { InviteDialog } from "./invite-dialog";

/** The members table, pending invites and the invite dialog. The server enforces every rule shown here. */
export function MembersManager({ projectId, actorUserId, actorRole }: { projectId: string; actorUserId: string; actorRole: ProjectRole }) {
  const { data, error, isPending } = useQuery(membersQuery(projectId));
  const changeRole = useChangeMemberRole(projectId);
  const removeMember = useRemoveMember(projectId);
  const revokeInvite = useRevokeInvite(projectId);
  const [inviting, setInviting] = useState(false);
  const [removing, setRemoving] = useState<MemberDto | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const isOwner = actorRole === "owner";
  const lastError = changeRole.error ?? revokeInvite.error;

  return (
    <div className="space-y-6">
      <Card className="p-4">
        <div className="mb-3 flex items-center justify-between gap-4">
          <div>
            <h2 id="members-heading" className="font-semibold">
              Members
            </h2>
            <p className="text-muted text-sm">Who can open this project, and what each may do.</p>
          </div>
          <Button onClick={() => setInviting(true)}>Invite</Button>
        </div>
        <FormError message={lastError?.message} />
        <p className="sr-only" aria-live="polite">
          {notice ?? ""}
        </p>
        {error ? (
          <p role="alert" className="text-sm text-red-600">
            Couldn&apos;t load the members: {error.message}
          </p>
        ) : isPending ? (
          <p className="text-muted text-sm">Loading members…</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" aria-labelledby="members-heading">
              <thead className="text-muted border-default border-b text-xs uppercase tracking-wide">
                <tr>
                  <th scope="col" className="py-2 pr-3 font-medium">Name</th>
                  <th scope="col" className="py-2 pr-3 font-medium">Email</th>
                  <th scope="col" className="py-2 pr-3 font-medium">Role</th>
                  <th scope="col" className="py-2 pr-3 font-medium">Joined</th>
                  <th scope="col" className="py-2 font-medium"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {data.members.map((m) => {
                  const isMe = m.userId === actorUserId;
                  const lockedOwner = m.role === "owner" && !isOwner;
                  const saving = changeRole.isPending && changeRole.variables?.userId === m.userId;
                  return (
                    <tr key={m.userId} className="border-default border-b last:border-0">
                      <td className="py-2 pr-3 font-medium">
                        {m.name}
                        {isMe ? <span className="text-muted ml-1 text-xs">(you)</span> : null}
                      </td>
                      <td className="text-muted py-2 pr-3">{m.email}</td>
                      <td className="py-2 pr-3">
                        <div className="flex items-center gap-2">
                          <SelectField
                            label={`Role of ${m.name}`}
                            hideLabel
                            className="w-36"
                            value={m.role}
                            disabled={lockedOwner || saving}
                            title={lockedOwner ? "Only an owner can change an owner's role." : undefined}
                            onChange={(e) => {
                              const role = e.target.value as ProjectRole;
                              setNotice(null);
                              changeRole.mutate({ userId: m.userId, role }, { onSuccess: () => setNotice(`${m.name} is now ${role}.`) });
                            }}
                            options={PROJECT_ROLE_ORDER.map((r) => ({ value: r, label: capitalise(r), disabled: r === "owner" && !isOwner }))}
                          />
                          {saving ? <span className="text-muted text-xs">Saving…</span> : null}
                        </div>
                      </td>
                      <td className="text-muted py-2 pr-3">{formatDate(m.joinedAt)}</td>
                      <td className="py-2 text-right">
                        <Button
                          variant="ghost"
                          size="sm"
                          aria-label={`Remove ${m.name}`}
                          disabled={lockedOwner}
                          title={lockedOwner ? "Only an owner can remove an owner." : undefined}
                          onClick={() => {
                            removeMember.reset();
                            setRemoving(m);
                          }}
                        >
                          Remove
                        </Button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      <Card className="p-4">
        <h2 id="invites-heading" className="mb-3 font-semibold">
          Pending invites
        </h2>
        {data && data.invites.length > 0 ? (
          <ul aria-labelledby="invites-heading" className="divide-y divide-[var(--border)]">
            {data.invites.map((inv) => (
              <li key={inv.id} className="flex flex-wrap items-center gap-3 py-2 text-sm">
                <span className="font-medium">{inv.email}</span>
                <span className="text-muted rounded border border-default px-1.5 py-0.5 text-xs capitalize">{inv.role}</span>
                <span className="text-muted text-xs">expires {formatDate(inv.expiresAt)}</span>
                <Button
                  variant="secondary"
                  size="sm"
                  className="ml-auto"
                  aria-label={`Revoke invite for ${inv.email}`}
                  isLoading={revokeInvite.isPending && revokeInvite.variables === inv.id}
                  onClick={() => revokeInvite.mutate(inv.id, { onSuccess: () => setNotice(`The invite for ${inv.email} was revoked.`) })}
                >
                  Revoke
                </Button>
              </li>
            ))}
          </ul>
        ) : data ? (
          <EmptyState title="No pending invites">Use Invite to create a link for someone. Links that were used, revoked or expired disappear from here.</EmptyState>
        ) : null}
      </Card>

      <InviteDialog projectId={projectId} canInviteOwners={isOwner} open={inviting} onOpenChange={setInviting} />

      <Dialog
        open={removing !== null}
        onOpenChange={(open) => {
          if (!open) setRemoving(null);
        }}
        title={removing ? `Remove ${removing.name}?` : "Remove member?"}
        description={
          removing
            ? `${removing.name} (${removing.email}) loses access to this project at once. Their annotations stay. You can invite them again later.`
            : undefined
        }
      >
        <FormError message={removeMember.error?.message} />
        <div className="mt-4 flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={() => setRemoving(null)}>
            Cancel
          </Button>
          <Button
            type="button"
            variant="danger"
            isLoading={removeMember.isPending}
            onClick={() => {
              if (!removing) return;
              const who = removing;
              removeMember.mutate(who.userId, {
                onSuccess: () => {
                  setRemoving(null);
                  setNotice(`${who.name} was removed from the project.`);
                },
              });
            }}
          >
            Remove member
          </Button>
        </div>
      </Dialog>
    </div>
  );
}
