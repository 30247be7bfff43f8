import { notFound } from "next/navigation";
import { Forbidden } from "@/components/layout/forbidden";
import { ReviewWorkspace } from "@/components/review/review-workspace";
import { loadProjectPage } from "@/lib/auth/page-guards";
import { hasPermission } from "@/lib/auth/permissions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Review" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The review of one article (full width, outside the project tabs). Reviewers, managers and owners
 * review; annotators get the 403 page, or a read-only view when the project lets annotators see each
 * other's work. The data is fetched by the client (it can be large: every layer of a long article).
 */
export default async function ReviewDocumentPage({ params }: { params: Promise<{ projectId: string; documentId: string }> }) {
  const { projectId, documentId } = await params;
  const path = `/projects/${projectId}/review/${documentId}`;
  const page = await loadProjectPage(projectId, "project.read", path);
  if (!page.ok) return <Forbidden message={page.message} />;
  const { actor, project, role } = page.ctx;
  const mayReview = hasPermission(role, "review.decide") || hasPermission(role, "annotations.readAll");
  if (!mayReview && project.settings.annotatorsSeeEachOther !== true) {
    return (
      <Forbidden
        message={`Your role (${role}) can't open the review of an article (review.decide): it shows every annotator's layer. Ask a reviewer, or a manager to let annotators see each other's work.`}
      />
    );
  }
  if (!UUID.test(documentId)) notFound();
  return <ReviewWorkspace project={{ id: project.id, slug: project.slug, name: project.name }} documentId={documentId.toLowerCase()} user={{ id: actor.userId, name: actor.name }} />;
}
