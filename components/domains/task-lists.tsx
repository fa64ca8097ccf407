"use client";

import type { PendingTaskCount } from "@aws-sdk/client-swf";
import { keys } from "@/components/api/keys";
import { useQuery } from "@tanstack/react-query";
import { callSwf, consoleFetch } from "@/components/api/client";
import {
  checkedTaskListName,
  collectTaskLists,
  TASK_LIST_NAME_MAX,
  withCheckedTaskList,
} from "@/components/types/task-lists";
import { Button } from "@/components/ui/button";
import { inputClass, labelClass } from "@/components/ui/field";
import { useUrlParams } from "@/components/ui/use-url-params";
import { useState, type FormEvent } from "react";
import type { OpenTaskLists } from "@/lib/console/open-task-lists";
import { useTypes } from "@/components/types/queries";
import { Badge } from "@/components/ui/badge";
import { formatCount } from "@/components/ui/count";
import { Loading } from "@/components/ui/states";
import { FaultAlert } from "@/components/ui/alert";
import { liveMode, streamIsLive } from "@/components/live/live-client";
import { useLiveTaskLists } from "@/components/live/live-sync";
import { useLiveStatus } from "@/components/live/use-live";
import { Table, TableMessage, TBody, Td, THead, Tr } from "@/components/ui/table";

/** Without the live stream: how often each tab counts its task lists itself. */
const PENDING_REFRESH_MS = 5_000;
const OPEN_REFRESH_MS = 15_000;

/** Gathered on the server, once for every tab (lib/console/open-task-lists.ts). */
function useOpenExecutionTaskLists(domain: string) {
  return useQuery({
    queryKey: keys.executions.openTaskLists(domain),
    queryFn: ({ signal }) =>
      consoleFetch<OpenTaskLists>(`/api/task-lists?${new URLSearchParams({ domain })}`, {
        signal,
      }),
    // While the stream is live, new and closed runs (DomainLiveSync) and, in push mode, changed
    // task lists (useLiveTaskLists) invalidate this.
    refetchInterval: () => (streamIsLive() ? false : OPEN_REFRESH_MS),
  });
}

/** Task lists known from the types' defaults and open executions, with their pending task counts. */
export function TaskListsPanel({ domain }: { domain: string }) {
  const workflowTypes = useTypes(domain, "workflow");
  const activityTypes = useTypes(domain, "activity");
  const open = useOpenExecutionTaskLists(domain);
  const { searchParams } = useUrlParams();
  const checked = checkedTaskListName(searchParams.get("taskList") ?? "").name;
  const error = workflowTypes.error ?? activityTypes.error ?? open.error;
  const ready = workflowTypes.data && activityTypes.data && open.data;
  const lists = withCheckedTaskList(
    ready
      ? collectTaskLists(
          workflowTypes.data.rows,
          activityTypes.data.rows,
          open.data.lists,
          open.data.pending,
        )
      : [],
    checked,
  );
  // A list checked by name is counted at once, whether or not the rest has loaded (or can).
  const live = useLiveTaskLists(
    domain,
    ready ? lists.map((l) => l.name) : checked ? [checked] : undefined,
  );
  return (
    <section aria-label="Task lists" className="flex flex-col gap-2">
      <p className="text-xs text-slate-600 dark:text-slate-400">
        SWF has no action that lists task lists: these are the default task lists of the registered
        types and the task lists of open executions
        {open.data?.more ? ` (the ${open.data.sampled} most recent)` : ""}
        {open.data?.pending.length
          ? ", and those the embedded engine holds pending tasks on"
          : ""}. <PendingRefreshNote unnamed={lists.filter((l) => !live.has(l.name)).length} />
      </p>
      <CheckTaskList key={checked ?? ""} checked={checked} />
      {error ? <FaultAlert error={error} title="Could not gather task lists" /> : null}
      <Table label="Task lists">
        <THead
          columns={["Task list", "Used for", "Known from"]}
          numeric={["Pending decision tasks", "Pending activity tasks"]}
        />
        <TBody>
          {!ready && !error && !checked ? (
            <TableMessage colSpan={5}>
              <Loading>Gathering task lists…</Loading>
            </TableMessage>
          ) : ready && lists.length === 0 ? (
            <TableMessage colSpan={5}>
              No task lists known: no types with default task lists and no open executions.
            </TableMessage>
          ) : (
            lists.map((l) => (
              <Tr
                key={l.name}
                testId={l.checked ? "checked-task-list" : "task-list-row"}
                className={l.checked ? "bg-sky-50 dark:bg-sky-950/40" : ""}
              >
                <Td className="font-mono text-xs font-medium">{l.name}</Td>
                <Td>
                  <span className="flex gap-1">
                    {l.roles.map((r) => (
                      <Badge key={r} tone={r === "decision" ? "info" : "neutral"}>
                        {r === "decision" ? "decisions" : "activities"}
                      </Badge>
                    ))}
                  </span>
                </Td>
                <Td className="text-xs text-slate-700 dark:text-slate-300">
                  {l.sources.join("; ")}
                </Td>
                <PendingCells domain={domain} taskList={l.name} pushed={live.has(l.name)} />
              </Tr>
            ))
          )}
        </TBody>
      </Table>
    </section>
  );
}

/**
 * Checks any task list by name — SWF cannot list them, so one that only scheduled work names
 * (no type default, no open run deciding on it) is found this way. The name goes into the URL
 * (`taskList=`), so other pages link here (taskListsHref).
 */
function CheckTaskList({ checked }: { checked?: string }) {
  const { setParams } = useUrlParams();
  const [draft, setDraft] = useState(checked ?? "");
  const [problem, setProblem] = useState<string>();
  const set = (name?: string) =>
    setParams((now) => {
      if (name) now.set("taskList", name);
      else now.delete("taskList");
      return now;
    });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const { name, problem } = checkedTaskListName(draft);
    setProblem(problem);
    if (name) set(name);
  };
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-2" noValidate>
      <label className={labelClass}>
        Check a task list by name
        <input
          className={`${inputClass} w-72 font-mono`}
          value={draft}
          maxLength={TASK_LIST_NAME_MAX}
          onChange={(e) => setDraft(e.target.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? "check-task-list-problem" : undefined}
          placeholder="e.g. nobody-polls"
        />
      </label>
      <Button size="xs" type="submit">
        Check
      </Button>
      {checked ? (
        <Button size="xs" type="button" onClick={() => set(undefined)}>
          Clear
        </Button>
      ) : null}
      {problem ? (
        <p
          id="check-task-list-problem"
          role="alert"
          className="text-xs text-red-700 dark:text-red-400"
        >
          {problem}
        </p>
      ) : null}
    </form>
  );
}

/** How the pending counts stay fresh: pushed over the live stream, or (stream down) polled. */
function PendingRefreshNote({ unnamed }: { unnamed: number }) {
  const status = useLiveStatus();
  const every = `${PENDING_REFRESH_MS / 1000} s`;
  const text =
    status === "live"
      ? `Pending counts update live${
          liveMode() === "poll"
            ? ` (the console counts them every few seconds for all viewers)`
            : ""
        }${unnamed > 0 ? `; ${unnamed} more task lists refresh every ${every}` : ""}.`
      : status === "polling"
        ? `The live stream is down: pending counts refresh every ${every}.`
        : `Pending counts refresh every ${every}.`;
  return (
    <span data-testid="pending-refresh" data-status={status}>
      {text}
    </span>
  );
}

function PendingCells({
  domain,
  taskList,
  pushed,
}: {
  domain: string;
  taskList: string;
  /** The live stream carries this list's counts: no own polling while it is up. */
  pushed: boolean;
}) {
  const counts = useQuery({
    queryKey: keys.pendingTasks(domain, taskList),
    queryFn: async ({ signal }) => {
      const [decision, activity] = await Promise.all([
        callSwf<PendingTaskCount>(
          "CountPendingDecisionTasks",
          { domain, taskList: { name: taskList } },
          signal,
        ),
        callSwf<PendingTaskCount>(
          "CountPendingActivityTasks",
          { domain, taskList: { name: taskList } },
          signal,
        ),
      ]);
      return { decision, activity };
    },
    refetchInterval: () => (pushed && streamIsLive() ? false : PENDING_REFRESH_MS),
  });
  const cell = (v: PendingTaskCount | undefined) =>
    counts.isError ? "—" : v ? formatCount(v) : "…";
  return (
    <>
      <Td className="text-right tabular-nums" data-testid="pending-decisions">
        {cell(counts.data?.decision)}
      </Td>
      <Td className="text-right tabular-nums" data-testid="pending-activities">
        {cell(counts.data?.activity)}
      </Td>
    </>
  );
}
