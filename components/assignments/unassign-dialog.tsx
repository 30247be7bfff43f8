"use client";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/field";
import { ApiError } from "@/lib/api-client/fetch-json";
import { useUnassign } from "@/lib/api-client/library";
import type { PersonDto } from "@/lib/server/library-dto";
import { PeoplePicker } from "./people-picker";

/** Remove people from the selected articles; submitted work needs a second confirmation. */
export function UnassignDialog({
  open,
  onOpenChange,
  projectId,
  people,
  documentIds,
  onDone,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  projectId: string;
  people: PersonDto[];
  documentIds: string[];
  onDone?: () => void;
}) {
  const unassign = useUnassign(projectId);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [removed, setRemoved] = useState<number | null>(null);
  const needsForce = unassign.error instanceof ApiError && unassign.error.status === 409;

  function close(next: boolean) {
    if (!next) {
      setRemoved(null);
      unassign.reset();
    }
    onOpenChange(next);
  }

  function run(force: boolean) {
    unassign.mutate(
      { documentIds, userIds: [...picked], force },
      {
        onSuccess: (r) => {
          setRemoved(r.removed);
          onDone?.();
        },
      },
    );
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    run(false);
  }

  return (
    <Dialog open={open} onOpenChange={close} title="Unassign articles" description={`${documentIds.length.toLocaleString("en-US")} article${documentIds.length === 1 ? "" : "s"} selected. Annotations already made are kept.`}>
      {removed !== null ? (
        <div className="space-y-3" role="status">
          <p className="text-sm">
            Removed {removed.toLocaleString("en-US")} assignment{removed === 1 ? "" : "s"}.
          </p>
          <div className="flex justify-end">
            <Button onClick={() => close(false)}>Done</Button>
          </div>
        </div>
      ) : (
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          <FormError message={unassign.error?.message} />
          <PeoplePicker people={people} picked={picked} onChange={setPicked} legend="Remove" />
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => close(false)}>
              Cancel
            </Button>
            {needsForce ? (
              <Button type="button" variant="danger" isLoading={unassign.isPending} onClick={() => run(true)}>
                Unassign anyway
              </Button>
            ) : (
              <Button type="submit" variant="danger" isLoading={unassign.isPending} disabled={picked.size === 0}>
                Unassign
              </Button>
            )}
          </div>
        </form>
      )}
    </Dialog>
  );
}
