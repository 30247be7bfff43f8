import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type { LabelDto } from "@/lib/server/dto";
import type { LabelListDto, LabelUsageDto, RemoveLabelResultDto } from "@/lib/server/labels";
import type { TCreateLabelRequest, TUpdateLabelRequest } from "@/lib/validation/labels";
import { fetchJson } from "./fetch-json";
import { projectKeys } from "./projects";

/** Query keys live here and only here. */
export const labelKeys = {
  all: (projectId: string) => [...projectKeys.detail(projectId), "labels"] as const,
  usage: (projectId: string, labelId: string) => [...labelKeys.all(projectId), "usage", labelId] as const,
};

const base = (projectId: string) => `/api/projects/${encodeURIComponent(projectId)}/labels`;

export function labelsQuery(projectId: string) {
  return queryOptions({
    queryKey: labelKeys.all(projectId),
    queryFn: () => fetchJson<LabelListDto>(base(projectId)),
  });
}

export function labelUsageQuery(projectId: string, labelId: string) {
  return queryOptions({
    queryKey: labelKeys.usage(projectId, labelId),
    queryFn: () => fetchJson<LabelUsageDto>(`${base(projectId)}/${encodeURIComponent(labelId)}/usage`),
    staleTime: 0,
  });
}

function useInvalidateLabels(projectId: string) {
  const qc = useQueryClient();
  // Everything under the project's detail key: the labels list and any views that show labels.
  return () => qc.invalidateQueries({ queryKey: projectKeys.detail(projectId) });
}

export function useCreateLabel(projectId: string) {
  const invalidate = useInvalidateLabels(projectId);
  return useMutation({
    mutationFn: (input: TCreateLabelRequest) => fetchJson<{ label: LabelDto }>(base(projectId), { method: "POST", json: input }).then((r) => r.label),
    onSuccess: invalidate,
  });
}

export function useUpdateLabel(projectId: string) {
  const invalidate = useInvalidateLabels(projectId);
  return useMutation({
    mutationFn: ({ labelId, changes }: { labelId: string; changes: TUpdateLabelRequest }) =>
      fetchJson<{ label: LabelDto }>(`${base(projectId)}/${encodeURIComponent(labelId)}`, { method: "PATCH", json: changes }).then((r) => r.label),
    onSuccess: invalidate,
  });
}

export function useRemoveLabel(projectId: string) {
  const invalidate = useInvalidateLabels(projectId);
  return useMutation({
    mutationFn: (labelId: string) => fetchJson<RemoveLabelResultDto>(`${base(projectId)}/${encodeURIComponent(labelId)}`, { method: "DELETE" }),
    onSuccess: invalidate,
  });
}

export function useReorderLabels(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (ids: string[]) => fetchJson<LabelListDto>(`${base(projectId)}/reorder`, { method: "POST", json: { ids } }),
    // Moves made in quick succession (Alt+↓ twice) run one after the other, in order.
    scope: { id: `labels-reorder:${projectId}` },
    // Optimistic: the list moves at once; a refusal puts it back.
    onMutate: async (ids) => {
      await qc.cancelQueries({ queryKey: labelKeys.all(projectId) });
      const previous = qc.getQueryData<LabelListDto>(labelKeys.all(projectId));
      if (previous) {
        const byId = new Map(previous.labels.map((l) => [l.id, l]));
        const labels = ids.map((id) => byId.get(id)).filter((l): l is LabelDto => Boolean(l)).map((l, position) => ({ ...l, position }));
        qc.setQueryData<LabelListDto>(labelKeys.all(projectId), { ...previous, labels });
      }
      return { previous };
    },
    onError: (_err, _ids, context) => {
      if (context?.previous) qc.setQueryData(labelKeys.all(projectId), context.previous);
    },
    onSuccess: (data) => qc.setQueryData(labelKeys.all(projectId), data),
    onSettled: () => qc.invalidateQueries({ queryKey: projectKeys.detail(projectId) }),
  });
}
