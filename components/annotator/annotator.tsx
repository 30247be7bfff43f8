"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { annotatorKeys, documentQuery, layerQuery, projectOverviewQuery, type EditorLayer } from "@/lib/api-client/annotations";
import { decodeEditorLayer, type EditorLayerWire } from "@/lib/api-client/editor-layer-wire";
import type { DocumentDto } from "@/lib/server/documents";
import { EditorWorkspace } from "./editor-workspace";
import type { EditorProject, EditorUser } from "./types";

/**
 * The annotation editor for one article. The page prefetches the document, the project's labels
 * and my layer on the server, so on a normal load all three come from the hydrated cache.
 */
export function Annotator({
  project,
  documentId,
  user,
  canWrite,
  canSeeTeammates = false,
  initialLayer,
}: {
  project: EditorProject;
  documentId: string;
  user: EditorUser;
  canWrite: boolean;
  /** May read other annotators' layers (the editor then offers a live "Teammates" overlay). */
  canSeeTeammates?: boolean;
  /** My layer from the server page, compact; decoded into the cache once, before the first read. */
  initialLayer?: EditorLayerWire;
}) {
  const qc = useQueryClient();
  useState(() => {
    const key = annotatorKeys.layer(project.id, documentId);
    const text = qc.getQueryData<DocumentDto>(annotatorKeys.document(project.id, documentId))?.text;
    if (initialLayer && text !== undefined && !qc.getQueryData<EditorLayer>(key)) qc.setQueryData(key, decodeEditorLayer(initialLayer, text));
    return null;
  });
  const doc = useQuery(documentQuery(project.id, documentId));
  const overview = useQuery(projectOverviewQuery(project.id));
  const layer = useQuery(layerQuery(project.id, documentId));
  // Each tag changes the layer; the workspace re-renders for it at low priority (the highlight is
  // painted by the writer at once, and everything that must be current reads the writer's cache).
  const layerData = useDeferredValue(layer.data);

  const failed = [doc, overview, layer].find((q) => q.isError);
  if (failed) {
    return (
      <main className="mx-auto max-w-lg px-4 py-16 text-center">
        <h1 className="text-xl font-semibold">The editor could not load this article</h1>
        <p className="text-muted mt-2 text-sm" role="alert">
          {(failed.error as Error).message}
        </p>
        <button type="button" className="sl-primary-button mt-4" onClick={() => [doc, overview, layer].forEach((q) => void q.refetch())}>
          Try again
        </button>
      </main>
    );
  }
  if (!doc.data || !overview.data || !layerData) {
    return (
      <main className="mx-auto max-w-3xl px-4 py-16" aria-busy="true">
        <p className="text-muted text-sm" role="status">
          Loading the article…
        </p>
      </main>
    );
  }
  return <EditorWorkspace project={project} document={doc.data} labels={overview.data.labels} layer={layerData} user={user} canWrite={canWrite} canSeeTeammates={canSeeTeammates} />;
}
