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

  // Everything the editor opens with, read at once (each use-case authorizes itself). My layer goes
  // compact (lib/api-client/editor-layer-wire.ts): it is most of the page's weight.
  let loaded;
  try {
    loaded = await Promise.all([
      getDocumentForActor(db, actor, project.id, documentId),
      getProjectOverview(db, actor, project.id),
      getMyAssignment(db, actor, project.id, documentId),
      getEditorLayerWire(db, actor, project.id, documentId, null),
    ]);
  } catch (err) {
    if (isAppError(err) && err.code === "not_found") notFound();
    throw err;
  }
  const [doc, overview, assignment, wire] = loaded;
  const initialLayer = { ...wire, assignment };

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
