import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type { ProjectRole } from "@/db/schema/projects";
import type { CreatedInviteDto, InvitePreviewDto, AcceptedInviteDto } from "@/lib/server/invites";
import type { MemberDto, MembersListDto } from "@/lib/server/members";
import type { ProjectSettingsDto } from "@/lib/server/project-settings";
import { fetchJson } from "./fetch-json";
import { projectKeys } from "./projects";

/** Query keys live here and only here. */
export const memberKeys = {
  all: (projectId: string) => [...projectKeys.detail(projectId), "members"] as const,
};

const base = (projectId: string) => `/api/projects/${encodeURIComponent(projectId)}`;

export function membersQuery(projectId: string) {
  return queryOptions({
    queryKey: memberKeys.all(projectId),
    queryFn: () => fetchJson<MembersListDto>(`${base(projectId)}/members`),
  });
}

export function useCreateInvite(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; role: ProjectRole }) => fetchJson<CreatedInviteDto>(`${base(projectId)}/invites`, { method: "POST", json: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: memberKeys.all(projectId) }),
  });
}

export function useRevokeInvite(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (inviteId: string) => fetchJson<unknown>(`${base(projectId)}/invites/${encodeURIComponent(inviteId)}`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: memberKeys.all(projectId) }),
  });
}

export function useChangeMemberRole(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: ProjectRole }) =>
      fetchJson<{ member: MemberDto }>(`${base(projectId)}/members/${encodeURIComponent(userId)}`, { method: "PATCH", json: { role } }).then((r) => r.member),
    // Optimistic: the select shows the new role at once and goes back if the server refuses.
    onMutate: async ({ userId, role }) => {
      await qc.cancelQueries({ queryKey: memberKeys.all(projectId) });
      const previous = qc.getQueryData<MembersListDto>(memberKeys.all(projectId));
      if (previous) {
        qc.setQueryData<MembersListDto>(memberKeys.all(projectId), {
          ...previous,
          members: previous.members.map((m) => (m.userId === userId ? { ...m, role } : m)),
        });
      }
      return { previous };
    },
    onError: (_err, _vars, context) => {
      if (context?.previous) qc.setQueryData(memberKeys.all(projectId), context.previous);
    },
    onSettled: () => qc.invalidateQueries({ queryKey: memberKeys.all(projectId) }),
  });
}

export function useRemoveMember(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => fetchJson<{ removed: MemberDto }>(`${base(projectId)}/members/${encodeURIComponent(userId)}`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: memberKeys.all(projectId) }),
  });
}

export function useUpdateProjectSettings(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: Partial<ProjectSettingsDto>) =>
      fetchJson<{ settings: ProjectSettingsDto }>(`${base(projectId)}/settings`, { method: "PATCH", json: input }).then((r) => r.settings),
    onSuccess: () => qc.invalidateQueries({ queryKey: projectKeys.detail(projectId) }),
  });
}

export function acceptInviteRequest(token: string, input: { name?: string; password?: string }) {
  return fetchJson<{ accepted: AcceptedInviteDto }>(`/api/invites/${encodeURIComponent(token)}/accept`, { method: "POST", json: input }).then((r) => r.accepted);
}

export type { InvitePreviewDto };
export type { ProjectRole, MemberDto, MembersListDto, ProjectSettingsDto };
export const PROJECT_ROLE_ORDER: readonly ProjectRole[] = ["annotator", "reviewer", "manager", "owner"];
