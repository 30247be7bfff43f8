import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { LabelEditor } from "@/components/labels/label-editor";
import { Forbidden } from "@/components/layout/forbidden";
import { getDb } from "@/db/client";
import { labelKeys } from "@/lib/api-client/labels";
import { loadProjectPage } from "@/lib/auth/page-guards";
import { listProjectLabels } from "@/lib/server/labels";

export const metadata = { title: "Labels" };

/** The label schema editor; for owners and managers (403 page for the others). */
export default async function LabelsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const page = await loadProjectPage(projectId, "labels.manage", `/projects/${projectId}/labels`);
  if (!page.ok) return <Forbidden message={page.message} />;
  const { actor, project } = page.ctx;
  const qc = new QueryClient();
  qc.setQueryData(labelKeys.all(project.id), await listProjectLabels(getDb(), actor, project.id));
  return (
    <main className="mx-auto max-w-7xl px-4 py-6">
      <HydrationBoundary state={dehydrate(qc)}>
        <LabelEditor projectId={project.id} />
      </HydrationBoundary>
    </main>
  );
}
