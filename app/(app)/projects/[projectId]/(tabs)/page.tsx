import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { Forbidden } from "@/components/layout/forbidden";
import { LibraryView } from "@/components/library/library-view";
import { Card } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { libraryKeys } from "@/lib/api-client/library";
import { loadProjectPage } from "@/lib/auth/page-guards";
import { getLibrarySummary, listLibrary } from "@/lib/server/library";
import { getProjectOverview } from "@/lib/server/projects";

export const metadata = { title: "Library" };

/** The project's library: progress, the articles (search, filters, pages) and assignment. */
export default async function ProjectLibraryPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const page = await loadProjectPage(projectId, "documents.read", `/projects/${projectId}`);
  if (!page.ok) return <Forbidden message={page.message} />;
  const { actor, project } = page.ctx;
  const db = getDb();
  const qc = new QueryClient();
  // Prefetched on the server so the table paints at once; the client keeps it fresh.
  const [summary, first, overview] = await Promise.all([
    getLibrarySummary(db, actor, project.id),
    listLibrary(db, actor, project.id, {}),
    getProjectOverview(db, actor, project.id),
  ]);
  qc.setQueryData(libraryKeys.summary(project.id), summary);
  qc.setQueryData(libraryKeys.page(project.id, {}, null), first);
  return (
    <main className="mx-auto max-w-7xl px-4 py-6">
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_16rem]">
        <HydrationBoundary state={dehydrate(qc)}>
          <LibraryView projectId={project.id} projectSlug={project.slug} />
        </HydrationBoundary>
        <aside>
          <Card className="p-4">
            <h2 className="mb-3 font-semibold">Labels</h2>
            <ul className="space-y-2" aria-label="Labels">
              {overview.labels.map((l) => (
                <li key={l.id} className="flex items-center gap-2 text-sm">
                  <span aria-hidden className="inline-block size-3 rounded-sm" style={{ background: l.color }} />
                  <span className="font-medium">{l.name}</span>
                  <span className="text-muted text-xs">{l.kind}</span>
                  {l.hotkey ? <kbd className="border-default ml-auto rounded border px-1.5 text-xs">{l.hotkey}</kbd> : null}
                </li>
              ))}
            </ul>
          </Card>
        </aside>
      </div>
    </main>
  );
}
