import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { AssignmentMatrix } from "@/components/assignments/assignment-matrix";
import { Forbidden } from "@/components/layout/forbidden";
import { getDb } from "@/db/client";
import { libraryKeys } from "@/lib/api-client/library";
import { loadProjectPage } from "@/lib/auth/page-guards";
import { getAssignmentMatrix } from "@/lib/server/assign";

export const metadata = { title: "Assignments" };

/** Who annotates what: articles × people (assignments.manage). */
export default async function AssignmentsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const page = await loadProjectPage(projectId, "assignments.manage", `/projects/${projectId}/assignments`);
  if (!page.ok) return <Forbidden message={page.message} />;
  const { actor, project } = page.ctx;
  const qc = new QueryClient();
  qc.setQueryData(libraryKeys.matrix(project.id, { q: "" }, null), await getAssignmentMatrix(getDb(), actor, project.id, {}));
  return (
    <main className="mx-auto max-w-7xl px-4 py-6">
      <h2 className="mb-1 text-lg font-semibold">Assignments</h2>
      <p className="text-muted mb-4 text-sm">
        Click a cell to assign or unassign one person. To assign many articles at once, select them in the Library and choose Assign.
      </p>
      <HydrationBoundary state={dehydrate(qc)}>
        <AssignmentMatrix projectId={project.id} projectSlug={project.slug} />
      </HydrationBoundary>
    </main>
  );
}
