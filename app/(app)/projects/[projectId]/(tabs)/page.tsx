import { Card, EmptyState } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { requireActor } from "@/lib/auth/session";
import { getProjectOverview } from "@/lib/server/projects";

export const metadata = { title: "Library" };

/** The project's library. (The full table — search, filters, assignment — arrives with the library work.) */
export default async function ProjectLibraryPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const actor = await requireActor(`/projects/${projectId}`);
  const { labels } = await getProjectOverview(getDb(), actor, projectId);
  return (
    <main className="mx-auto max-w-7xl px-4 py-6">
      <div className="grid gap-4 md:grid-cols-3">
        <Card className="p-4 md:col-span-2">
          <h2 className="mb-3 font-semibold">Articles</h2>
          <EmptyState title="No articles yet">Import articles to start annotating: paste text, or upload .txt, .html, JSONL or CSV files.</EmptyState>
        </Card>
        <Card className="p-4">
          <h2 className="mb-3 font-semibold">Labels</h2>
          <ul className="space-y-2" aria-label="Labels">
            {labels.map((l) => (
              <li key={l.id} className="flex items-center gap-2 text-sm">
                <span aria-hidden className="inline-block size-3 rounded-sm" style={{ background: l.color }} />
                <span className="font-medium">{l.name}</span>
                <span className="text-muted text-xs">{l.kind}</span>
                {l.hotkey ? <kbd className="border-default ml-auto rounded border px-1.5 text-xs">{l.hotkey}</kbd> : null}
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </main>
  );
}
