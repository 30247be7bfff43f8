import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { notFound } from "next/navigation";
import { Annotator } from "@/components/annotator/annotator";
import { Forbidden } from "@/components/layout/forbidden";
import { getDb } from "@/db/client";
import { annotatorKeys } from "@/lib/api-client/annotations";
import { loadProjectPage } from "@/lib/auth/page-guards";
import { hasPermission } from "@/lib/auth/permissions";
import { getDocumentForActor } from "@/lib/server/documents";
import { isAppError } from "@/lib/server/errors";
import { canReadScope, getEditorLayerWire } from "@/lib/server/list-annotations";
import { getMyAssignment } from "@/lib/server/my-assignment";
import { getProjectOverview } from "@/lib/server/projects";

export const dynamic = "force-dynamic";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function generateMetadata({ params }: { params: Promise<{ projectId: string; documentId: string }> }) {
  const { documentId } = await params;
  return { title: UUID.test(documentId) ? "Editor" : "Not found" };
}

/** The annotation editor for one article: text, labels and my layer are prefetched and hydrated (the layer in compact form). */
export default async function DocumentEditorPage({ params }: { params: Promise<{ projectId: string; documentId: string }> }) {
  const { projectId, documentId } = await params;
  const page = await loadProjectPage(projectId, "documents.read", `/projects/${projectId}/documents/${documentId}`);
  if (!page.ok) return <Forbidden message={page.message} />;
  if (!UUID.test(documentId)) notFound();
  const { actor, project, role } = page.ctx;
  const db = getDb();

  let doc;
  try {
    doc = await getDocumentForActor(db, actor, project.id, documentId);
  } catch (err) {
    if (isAppError(err) && err.code === "not_found") notFound();
    throw err;
  }
  const [overview, assignment] = await Promise.all([getProjectOverview(db, actor, project.id), getMyAssignment(db, actor, project.id, doc.id)]);
  // My layer goes compact (see lib/api-client/editor-layer-wire.ts): it is most of the page's weight.
  const initialLayer = await getEditorLayerWire(db, actor, project.id, doc.id, assignment);

  const qc = new QueryClient();
  qc.setQueryData(annotatorKeys.document(project.id, doc.id), doc);
  qc.setQueryData(annotatorKeys.project(project.id), overview);

  return (
    <HydrationBoundary state={dehydrate(qc)}>
      <Annotator
        project={{ id: project.id, slug: project.slug, name: project.name }}
        documentId={doc.id}
        user={{ id: actor.userId, name: actor.name }}
        canWrite={hasPermission(role, "annotations.write")}
        canSeeTeammates={canReadScope(page.ctx, { kind: "all" })}
        initialLayer={initialLayer}
      />
    </HydrationBoundary>
  );
}
