import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { ProjectList } from "@/components/projects/project-list";
import { getDb } from "@/db/client";
import { projectKeys } from "@/lib/api-client/projects";
import { requireActor } from "@/lib/auth/session";
import { listMyProjects } from "@/lib/server/projects";

export const metadata = { title: "Projects" };

export default async function ProjectsPage() {
  const actor = await requireActor("/projects");
  const qc = new QueryClient();
  // Prefetched on the server so the list paints at once; the client keeps it fresh.
  qc.setQueryData(projectKeys.list(), await listMyProjects(getDb(), actor));
  return (
    <main className="mx-auto max-w-5xl px-4 py-8">
      <HydrationBoundary state={dehydrate(qc)}>
        <ProjectList />
      </HydrationBoundary>
    </main>
  );
}
