"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError, TextAreaField, TextField } from "@/components/ui/field";
import { ApiError } from "@/lib/api-client/fetch-json";
import { useCreateProject } from "@/lib/api-client/projects";

export function CreateProjectDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const router = useRouter();
  const create = useCreateProject();
  const [fields, setFields] = useState<Record<string, string[]>>({});

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(e.currentTarget)) as { name: string; description: string };
    setFields({});
    create.mutate(data, {
      onSuccess: (project) => {
        onOpenChange(false);
        router.push(`/projects/${project.slug}`);
      },
      onError: (err) => {
        if (err instanceof ApiError && err.fields) setFields(err.fields);
      },
    });
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="New project" description="It starts with three labels — Claim, Quote and Entity — which you can change later.">
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        <FormError message={create.error?.message} />
        <TextField label="Name" name="name" required autoFocus errors={fields.name} />
        <TextAreaField label="Description" name="description" rows={3} errors={fields.description} hint="Optional: what the team is annotating and why." />
        <div className="flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button type="submit" isLoading={create.isPending}>
            Create project
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
