"use client";
import { useState } from "react";
import { Card } from "@/components/ui/card";
import { FormError } from "@/components/ui/field";
import { useUpdateProjectSettings, type ProjectSettingsDto } from "@/lib/api-client/members";

const SWITCHES: { key: keyof ProjectSettingsDto; label: string; hint: string }[] = [
  {
    key: "annotatorsSeeEachOther",
    label: "Annotators can see each other's annotations",
    hint: "Off: each annotator sees only their own layer, which keeps agreement figures independent.",
  },
  {
    key: "openDocuments",
    label: "Annotators can open unassigned articles",
    hint: "Off: annotators work only on the articles assigned to them.",
  },
];

/** The project's switches; each change saves at once and says so. */
export function ProjectSettingsCard({ projectId, initial, canEdit }: { projectId: string; initial: ProjectSettingsDto; canEdit: boolean }) {
  const [settings, setSettings] = useState(initial);
  const update = useUpdateProjectSettings(projectId);

  function toggle(key: keyof ProjectSettingsDto, value: boolean) {
    const previous = settings;
    setSettings({ ...settings, [key]: value });
    update.mutate({ [key]: value }, { onSuccess: (saved) => setSettings(saved), onError: () => setSettings(previous) });
  }

  return (
    <Card className="p-4">
      <div className="mb-3 flex items-baseline justify-between gap-4">
        <h2 className="font-semibold">Project settings</h2>
        <span className="text-muted text-xs" aria-live="polite">
          {update.isPending ? "Saving…" : update.isSuccess ? "Saved" : ""}
        </span>
      </div>
      <FormError message={update.error ? `Couldn't save: ${update.error.message}` : null} />
      <ul className="space-y-3">
        {SWITCHES.map((s) => (
          <li key={s.key}>
            <label className="flex cursor-pointer items-start gap-3">
              <input
                type="checkbox"
                role="switch"
                className="mt-1 size-4 accent-[var(--color-accent-600)]"
                checked={settings[s.key]}
                disabled={!canEdit || update.isPending}
                aria-checked={settings[s.key]}
                onChange={(e) => toggle(s.key, e.target.checked)}
              />
              <span>
                <span className="block text-sm font-medium">{s.label}</span>
                <span className="text-muted block text-xs">{s.hint}</span>
              </span>
            </label>
          </li>
        ))}
      </ul>
    </Card>
  );
}
