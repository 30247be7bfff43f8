import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { Forbidden } from "@/components/layout/forbidden";
import { ReviewDashboard } from "@/components/review/review-dashboard";
import { getDb } from "@/db/client";
import { reviewKeys } from "@/lib/api-client/review";
import { loadProjectPage } from "@/lib/auth/page-guards";
import { getReviewDashboard } from "@/lib/server/review-queue";

export const metadata = { title: "Review" };

/** Reviewers, managers and owners: the articles waiting for review, and annotators against gold. */
export default async function ReviewDashboardPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const page = await loadProjectPage(projectId, "review.decide", `/projects/${projectId}/review`);
  if (!page.ok) return <Forbidden message={page.message} />;
  const { actor, project } = page.ctx;
  const qc = new QueryClient();
  qc.setQueryData(reviewKeys.dashboard(project.id, 0), await getReviewDashboard(getDb(), actor, project.id));
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <HydrationBoundary state={dehydrate(qc)}>
        <ReviewDashboard projectId={project.id} projectSlug={project.slug} />
      </HydrationBoundary>
    </main>
  );
}
