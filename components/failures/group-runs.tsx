"use client";

import { keys } from "@/components/api/keys";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { consoleFetch } from "@/components/api/client";
import { Button } from "@/components/ui/button";
import { ErrorMessage, Loading } from "@/components/ui/states";
import { Table, TBody, Td, THead, Tr } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import type { GroupRunsPage, RerunStatus } from "./types";
import { windowQuery, type FailuresUrlState } from "./window";
import { ExecutionLink } from "@/components/history/run-link";

const PAGE_SIZE = 25;

/**
 * The runs of one group, a page at a time, each linked to its execution page, with whether it
 * was re-run: by whom from this view, or outside it (SWF has a later run of its workflow id).
 */
export function GroupRuns({
  domain,
  state,
  groupKey,
}: {
  domain: string;
  state: FailuresUrlState;
  groupKey: string;
}) {
  const [page, setPage] = useState(1);
  const runs = useQuery({
    queryKey: keys.failures.runs(domain, state.window, state.from, state.to, groupKey, page),
    queryFn: ({ signal }) => {
      const q = windowQuery(domain, state);
      q.set("key", groupKey);
      q.set("page", String(page));
      q.set("pageSize", String(PAGE_SIZE));
      return consoleFetch<GroupRunsPage>(`/api/failures/runs?${q}`, { signal });
    },
    placeholderData: (previous) => previous,
  });
  if (runs.isPending) return <Loading>Loading runs…</Loading>;
  if (runs.error) return <ErrorMessage error={runs.error} title="Could not list the runs" />;
  const { total, runs: rows } = runs.data;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <div className="flex flex-col gap-2" data-testid="group-runs">
      <Table label="Runs of this group">
        <THead columns={["Workflow id", "Run id", "Started", "Closed", "Re-run"]} />
        <TBody>
          {rows.map((r) => (
            <Tr key={`${r.workflowId}/${r.runId}`}>
              <Td>
                <ExecutionLink domain={domain} run={r}>
                  {r.workflowId}
                </ExecutionLink>
              </Td>
              <Td className="font-mono text-xs">{r.runId}</Td>
              <Td>
                <Time value={r.startedAt} />
              </Td>
              <Td>
                <Time value={r.closedAt} />
              </Td>
              <Td data-testid="rerun-status">
                <RerunCell domain={domain} workflowId={r.workflowId} status={r.rerun} />
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>
      <div className="flex items-center gap-2 text-sm">
        <Button size="xs" disabled={page <= 1} onClick={() => setPage(page - 1)}>
          Previous
        </Button>
        <span>
          Page {page} of {pages} · {total.toLocaleString("en-US")} runs
        </span>
        <Button size="xs" disabled={page >= pages} onClick={() => setPage(page + 1)}>
          Next
        </Button>
      </div>
    </div>
  );
}

function RerunCell({
  domain,
  workflowId,
  status,
}: {
  domain: string;
  workflowId: string;
  status: RerunStatus | null;
}) {
  if (!status) return <span className="text-slate-500">—</span>;
  if (status.by === "unknown")
    return (
      <span className="text-slate-500" title={status.reason}>
        not known (SWF did not answer)
      </span>
    );
  const text =
    status.by === "console"
      ? status.inFlight
        ? `being re-run by ${status.username}`
        : `re-run by ${status.username}`
      : "re-run outside the console";
  const title =
    status.by === "outside"
      ? "SWF has a later run of this workflow id that no re-run from this view started (a workflow starter, the CLI, an SDK, or a start by hand)"
      : undefined;
  return (
    <span title={title}>
      {status.runId ? (
        <ExecutionLink domain={domain} run={{ workflowId, runId: status.runId }}>
          {text}
        </ExecutionLink>
      ) : (
        text
      )}
    </span>
  );
}
