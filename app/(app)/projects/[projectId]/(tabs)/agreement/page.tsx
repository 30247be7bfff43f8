import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { AgreementView } from "@/components/agreement/agreement-view";
import { Forbidden } from "@/components/layout/forbidden";
import { getDb } from "@/db/client";
import { agreementKeys } from "@/lib/api-client/agreement";
import { loadProjectPage } from "@/lib/auth/page-guards";
import { hasPermission } from "@/lib/auth/permissions";
import { getProjectAgreement } from "@/lib/server/agreement";

export const metadata = { title: "Agreement" };
// Computed from the database on every request (nothing cached), never at build time.
export const dynamic = "force-dynamic";

/** Inter-annotator agreement (agreement.read: reviewers, managers, owners; a 403 page for annotators). */
export default async function AgreementPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const page = await loadProjectPage(projectId, "agreement.read", `/projects/${projectId}/agreement`);
  if (!page.ok) return <Forbidden message={page.message} />;
  const { actor, project, role } = page.ctx;
  const qc = new QueryClient();
  qc.setQueryData(agreementKeys.report(project.id, {}), await getProjectAgreement(getDb(), actor, project.id, {}));
  return (
    <main className="mx-auto max-w-7xl px-4 py-6">
      <h2 className="mb-1 text-lg font-semibold">Agreement</h2>
      <p className="text-muted mb-4 max-w-3xl text-sm">
        How consistently annotators label the same articles, computed now from their current layers. Every figure says what it rests on; hover
        one for what it means.
      </p>
      <HydrationBoundary state={dehydrate(qc)}>
        <AgreementView projectId={project.id} projectSlug={project.slug} canAssign={hasPermission(role, "assignments.manage")} />
      </HydrationBoundary>
    </main>
  );
}
