"use client";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormError, TextAreaField, TextField } from "@/components/ui/field";
import { ApiError } from "@/lib/api-client/fetch-json";
import { useCreateDocument } from "@/lib/api-client/import";
import { LinkPending } from "@/components/ui/link-pending";

/** Paste one article: a title and its text, stored exactly as pasted (newlines normalised). */
export function PastePanel({ projectId, projectSlug }: { projectId: string; projectSlug: string }) {
  const create = useCreateDocument(projectId);
  const [title, setTitle] = useState("");
  const [text, setText] = useState("");
  const [added, setAdded] = useState<{ id: string; title: string } | null>(null);
  const fields = create.error instanceof ApiError ? create.error.fields : undefined;
  const isDuplicate = create.error instanceof ApiError && create.error.status === 409;

  function submit(allowDuplicate: boolean) {
    setAdded(null);
    create.mutate(
      { title, text, allowDuplicate },
      {
        onSuccess: (doc) => {
          setAdded({ id: doc.id, title: doc.title });
          setTitle("");
          setText("");
        },
      },
    );
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    submit(false);
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      {added ? (
        <p role="status" className="rounded-md border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950 dark:text-emerald-200">
          Added “{added.title}”.{" "}
          <Link href={`/projects/${projectSlug}/documents/${added.id}`} className="font-medium underline">
            Open it
            <LinkPending />
          </Link>{" "}
          or paste the next one.
        </p>
      ) : null}
      <FormError message={create.error && !fields ? create.error.message : null} />
      {isDuplicate ? (
        <Button type="button" variant="secondary" onClick={() => submit(true)} isLoading={create.isPending}>
          Add anyway
        </Button>
      ) : null}
      <TextField label="Title" value={title} onChange={(e) => setTitle(e.target.value)} errors={fields?.title} maxLength={500} required />
      <TextAreaField
        label="Text"
        value={text}
        onChange={(e) => setText(e.target.value)}
        errors={fields?.text}
        rows={14}
        hint="Stored exactly as pasted (line breaks become \n); every span offset counts characters of this text."
        className="font-serif"
        required
      />
      <div className="flex justify-end">
        <Button type="submit" isLoading={create.isPending} disabled={!title.trim() || !text.trim()}>
          Add article
        </Button>
      </div>
    </form>
  );
}
