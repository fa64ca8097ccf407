"use client";

import { keys } from "@/components/api/keys";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import Markdown from "react-markdown";
import { consoleFetch } from "@/components/api/client";
import { CapabilityButton } from "@/components/auth/capability-button";
import { Button } from "@/components/ui/button";
import { ErrorMessage } from "@/components/ui/states";
import { Time } from "@/components/ui/time";
import type { Runbook } from "./types";

/**
 * A group's runbook note: Markdown rendered without HTML (react-markdown ignores raw HTML unless
 * told otherwise, and links with script URLs are dropped by its URL transform); operators edit it.
 */
export function RunbookNote({
  domain,
  groupKey,
  runbook,
}: {
  domain: string;
  groupKey: string;
  runbook: Runbook | null;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(runbook?.body ?? "");
  const client = useQueryClient();
  const save = useMutation({
    mutationFn: (body: string) =>
      consoleFetch("/api/failures/runbook", { method: "PUT", body: { domain, groupKey, body } }),
    onSuccess: async () => {
      setEditing(false);
      await client.invalidateQueries({ queryKey: keys.failures.all(domain) });
    },
  });
  return (
    <section aria-label="Runbook" className="flex flex-col gap-1" data-testid="runbook">
      <div className="flex items-center gap-2">
        <h4 className="text-xs font-semibold text-slate-600 uppercase dark:text-slate-400">
          Runbook
        </h4>
        {!editing ? (
          <CapabilityButton
            needs="rerun"
            size="xs"
            variant="ghost"
            onClick={() => {
              setDraft(runbook?.body ?? "");
              setEditing(true);
            }}
          >
            {runbook ? "Edit note" : "Add note"}
          </CapabilityButton>
        ) : null}
        {runbook && !editing ? (
          <span className="text-xs text-slate-500">
            by {runbook.updatedBy}, <Time value={runbook.updatedAt} />
          </span>
        ) : null}
      </div>
      {editing ? (
        <form
          className="flex flex-col gap-1"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate(draft);
          }}
        >
          <label className="sr-only" htmlFor={`runbook-${groupKey}`}>
            Runbook note (Markdown)
          </label>
          <textarea
            id={`runbook-${groupKey}`}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            rows={5}
            className="rounded border border-slate-300 bg-white p-2 font-mono text-sm dark:border-slate-600 dark:bg-slate-900"
            placeholder="What this failure means and what to do (Markdown)"
          />
          {save.error ? <ErrorMessage error={save.error} title="Could not save the note" /> : null}
          <div className="flex gap-2">
            <Button type="submit" variant="primary" size="xs" disabled={save.isPending}>
              Save note
            </Button>
            <Button size="xs" onClick={() => setEditing(false)} disabled={save.isPending}>
              Cancel
            </Button>
          </div>
        </form>
      ) : runbook ? (
        <div className="prose-sm max-w-none text-sm [&_a]:text-sky-700 [&_a]:underline [&_code]:font-mono [&_ol]:list-decimal [&_ol]:pl-5 [&_ul]:list-disc [&_ul]:pl-5 dark:[&_a]:text-sky-300">
          <Markdown skipHtml>{runbook.body}</Markdown>
        </div>
      ) : (
        <p className="text-sm text-slate-500">No note yet.</p>
      )}
    </section>
  );
}
