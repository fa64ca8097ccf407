"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { consoleFetch } from "@/components/api/client";
import { keys, type ExecutionRef } from "@/components/api/keys";
import { inboxQueryString, type InboxResponse } from "./types";

/**
 * On an execution's page: "waiting for a person" with a link to each pending human task of this
 * run in the inbox. Renders nothing when there is none.
 */
export function PendingHumanTaskLink({ domain, workflowId, runId }: ExecutionRef) {
  const { data } = useQuery({
    queryKey: keys.inbox.execution({ domain, workflowId, runId }),
    queryFn: () =>
      consoleFetch<InboxResponse>(
        `/api/inbox?${inboxQueryString({ view: "pending", domain, workflowId, runId })}`,
      ),
    refetchInterval: 10_000,
  });
  const tasks = data?.tasks ?? [];
  if (tasks.length === 0) return null;
  return (
    <div
      role="status"
      className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
      data-testid="pending-human-task"
    >
      {tasks.map((t) => (
        <p key={t.id}>
          Waiting for a person: <span className="font-mono">{t.activityType.name}</span> (
          {t.activityId}
          {t.state === "claimed" ? `, being decided by ${t.decidedBy}` : ""}) ·{" "}
          <Link
            href={`/inbox?task=${t.id}`}
            className="underline"
            data-testid="pending-human-task-link"
          >
            Open in the inbox
          </Link>
        </p>
      ))}
    </div>
  );
}
