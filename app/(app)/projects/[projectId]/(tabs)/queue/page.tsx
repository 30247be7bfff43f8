import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { Forbidden } from "@/components/layout/forbidden";
import { QueueView } from "@/components/queue/queue-view";
import { getDb } from "@/db/client";
import { libraryKeys } from "@/lib/api-client/library";
import { loadProjectPage } from "@/lib/auth/page-guards";
import { getMyQueue } from "@/lib/server/queue";

export const metadata = { title: "My queue" };

const PAGE_SIZE = 200;

/** The signed-in member's assigned articles in this project. */
export default async function QueuePage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const page = await loadProjectPage(projectId, "documents.read", `/projects/${projectId}/queue`);
  if (!page.ok) return <Forbidden message={page.message} />;
  const { actor, project } = page.ctx;
  const qc = new QueryClient();
  qc.setQueryData(libraryKeys.queuePage(project.id, PAGE_SIZE), await getMyQueue(getDb(), actor, project.id, { limit: PAGE_SIZE }));
  return (
    <main className="mx-auto max-w-4xl px-4 py-6">
      <h2 className="mb-4 text-lg font-semibold">My queue</h2>
      <HydrationBoundary state={dehydrate(qc)}>
        <QueueView projectId={project.id} projectSlug={project.slug} pageSize={PAGE_SIZE} />
      </HydrationBoundary>
    </main>
  );
}
