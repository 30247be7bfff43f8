"use client";
import { useRef, useState, type KeyboardEvent } from "react";
import { cn } from "@/components/ui/cn";
import { PastePanel } from "./paste-panel";
import { UploadPanel } from "./upload-panel";

const TABS = [
  { key: "paste", label: "Paste" },
  { key: "upload", label: "Upload file" },
] as const;
type TabKey = (typeof TABS)[number]["key"];

/** The Import page: two tabs (arrow keys move between them), Paste and Upload file. */
export function ImportView({ projectId, projectSlug, maxBytes }: { projectId: string; projectSlug: string; maxBytes: number }) {
  const [tab, setTab] = useState<TabKey>("paste");
  const refs = useRef<Record<TabKey, HTMLButtonElement | null>>({ upload: null, paste: null });

  function onKeyDown(e: KeyboardEvent) {
    if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
    e.preventDefault();
    const i = TABS.findIndex((t) => t.key === tab);
    const next = TABS[(i + (e.key === "ArrowRight" ? 1 : TABS.length - 1)) % TABS.length]!.key;
    setTab(next);
    refs.current[next]?.focus();
  }

  return (
    <div>
      <div role="tablist" aria-label="How to import" className="border-default mb-4 flex gap-1 border-b" onKeyDown={onKeyDown}>
        {TABS.map((t) => (
          <button
            key={t.key}
            ref={(el) => {
              refs.current[t.key] = el;
            }}
            role="tab"
            id={`import-tab-${t.key}`}
            aria-selected={tab === t.key}
            aria-controls={`import-panel-${t.key}`}
            tabIndex={tab === t.key ? 0 : -1}
            onClick={() => setTab(t.key)}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm",
              tab === t.key ? "border-accent-600 font-medium" : "text-muted border-transparent hover:text-[var(--text)]",
            )}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="import-panel-upload" aria-labelledby="import-tab-upload" hidden={tab !== "upload"}>
        <UploadPanel projectId={projectId} projectSlug={projectSlug} maxBytes={maxBytes} />
      </div>
      <div role="tabpanel" id="import-panel-paste" aria-labelledby="import-tab-paste" hidden={tab !== "paste"}>
        <PastePanel projectId={projectId} projectSlug={projectSlug} />
      </div>
    </div>
  );
}
