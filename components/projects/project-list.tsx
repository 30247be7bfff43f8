"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, EmptyState } from "@/components/ui/card";
import { projectListQuery } from "@/lib/api-client/projects";
import { CreateProjectDialog } from "./create-project-dialog";

export function ProjectList() {
  const { data: projects, error, isPending } = useQuery(projectListQuery());
  const [creating, setCreating] = useState(false);

  return (
    <section aria-labelledby="projects-heading">
      <div className="mb-6 flex items-center justify-between gap-4">
        <div>
          <h1 id="projects-heading" className="text-2xl font-semibold tracking-tight">
            Projects
          </h1>
          <p className="text-muted text-sm">Projects you are a member of.</p>
        </div>
        <Button onClick={() => setCreating(true)}>New project</Button>
      </div>
      {error ? (
        <p role="alert" className="text-sm text-red-600">
          Couldn&apos;t load your projects: {error.message}
        </p>
      ) : isPending ? (
        <p className="text-muted text-sm">Loading…</p>
      ) : projects.length === 0 ? (
        <EmptyState title="No projects yet" action={<Button onClick={() => setCreating(true)}>Create your first project</Button>}>
          A project holds a corpus of articles, the labels you tag them with, and the team that does it. Create one, then import articles and invite people.
        </EmptyState>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2" aria-label="Your projects">
          {projects.map((p) => (
            <li key={p.id}>
              <Link href={`/projects/${p.slug}`} className="block focus:outline-none">
                <Card className="h-full p-4 transition-shadow hover:shadow-md">
                  <div className="flex items-start justify-between gap-2">
                    <h2 className="font-semibold">{p.name}</h2>
                    <span className="text-muted rounded border border-default px-1.5 py-0.5 text-xs capitalize">{p.role}</span>
                  </div>
                  {p.description ? <p className="text-muted mt-1 line-clamp-2 text-sm">{p.description}</p> : null}
                  <p className="text-muted mt-3 text-xs">
                    {p.documentCount.toLocaleString()} articles · {p.memberCount.toLocaleString()} members
                  </p>
                </Card>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <CreateProjectDialog open={creating} onOpenChange={setCreating} />
    </section>
  );
}
