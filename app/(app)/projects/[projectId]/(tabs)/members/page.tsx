import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { Forbidden } from "@/components/layout/forbidden";
import { MembersManager } from "@/components/members/members-manager";
import { ProjectSettingsCard } from "@/components/members/project-settings-card";
import { getDb } from "@/db/client";
import { memberKeys } from "@/lib/api-client/members";
import { loadProjectPage } from "@/lib/auth/page-guards";
import { hasPermission } from "@/lib/auth/permissions";
import { listProjectMembers } from "@/lib/server/members";
import { toProjectSettingsDto } from "@/lib/server/project-settings";

export const metadata = { title: "Members" };

/** Members, invites and the project's switches; for owners and managers (403 page for the others). */
export default async function MembersPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const page = await loadProjectPage(projectId, "members.manage", `/projects/${projectId}/members`);
  if (!page.ok) return <Forbidden message={page.message} />;
  const { actor, project, role } = page.ctx;
  const qc = new QueryClient();
  qc.setQueryData(memberKeys.all(project.id), await listProjectMembers(getDb(), actor, project.id));
  return (
    <main className="mx-auto max-w-5xl space-y-6 px-4 py-6">
      <HydrationBoundary state={dehydrate(qc)}>
        <MembersManager projectId={project.id} actorUserId={actor.userId} actorRole={role} />
      </HydrationBoundary>
      <ProjectSettingsCard projectId={project.id} initial={toProjectSettingsDto(project.settings)} canEdit={hasPermission(role, "project.update")} />
    </main>
  );
}
