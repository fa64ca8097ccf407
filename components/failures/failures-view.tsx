"use client";

import { keys } from "@/components/api/keys";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { consoleFetch } from "@/components/api/client";
import { CapabilityButton } from "@/components/auth/capability-button";
import { Button } from "@/components/ui/button";
import { StatusBadge } from "@/components/ui/badge";
import { inputClass, labelClass } from "@/components/ui/field";
import { Segmented } from "@/components/ui/segmented";
import { Empty, ErrorMessage, Loading } from "@/components/ui/states";
import { isoToLocalInput, localInputToIso } from "@/components/ui/format";
import { Time } from "@/components/ui/time";
import { useUrlParams } from "@/components/ui/use-url-params";
import { GroupRuns } from "./group-runs";
import { RerunDialog } from "./rerun-dialog";
import { RunbookNote } from "./runbook-note";
import { TrendChart } from "./trend-chart";
import type { FailureGroupView, FailuresReportView, FailureStatus } from "./types";
import {
  failuresUrl,
  parseFailuresUrl,
  windowQuery,
  WINDOW_OPTIONS,
  type FailuresUrlState,
} from "./window";
import { ExecutionLink } from "@/components/history/run-link";

const STATUS_LABEL: Record<FailureStatus, string> = {
  FAILED: "Failed",
  TIMED_OUT: "Timed out",
  TERMINATED: "Terminated",
  CANCELED: "Canceled",
};

/** What is failing in a domain: closed runs that did not complete, grouped by type, status and reason. */
export function FailuresView({ domain }: { domain: string }) {
  const { searchParams, setParams } = useUrlParams();
  const state = parseFailuresUrl(searchParams);
  const setState = (next: Partial<FailuresUrlState>) =>
    setParams((now) => failuresUrl({ ...parseFailuresUrl(now), ...next }));
  const customIncomplete = state.window === "custom" && !state.from;
  const report = useQuery({
    queryKey: keys.failures.report(domain, state.window, state.from, state.to),
    queryFn: ({ signal }) =>
      consoleFetch<FailuresReportView>(`/api/failures?${windowQuery(domain, state)}`, { signal }),
    enabled: !customIncomplete,
    // While reasons are being read, each refresh reads the next ones (a report lives 10 s).
    refetchInterval: (q) => (q.state.data?.unread ? 10_000 : 30_000),
  });

  return (
    <div className="flex flex-col gap-3" data-testid="failures-view">
      <div className="flex flex-wrap items-end gap-3">
        <Segmented
          label="Window"
          options={WINDOW_OPTIONS}
          value={state.window}
          onChange={(window) => setState({ window, group: undefined })}
        />
        {state.window === "custom" ? (
          <>
            {(["from", "to"] as const).map((edge) => (
              <label key={edge} className={labelClass}>
                {edge === "from" ? "From" : "To (empty: now)"}
                <input
                  type="datetime-local"
                  className={inputClass}
                  value={isoToLocalInput(state[edge])}
                  onChange={(e) => setState({ [edge]: localInputToIso(e.target.value) })}
                />
              </label>
            ))}
          </>
        ) : null}
      </div>
      {customIncomplete ? <Empty>Choose when the window starts.</Empty> : null}
      {report.isPending && !customIncomplete ? <Loading>Reading closed runs…</Loading> : null}
      {report.error ? <ErrorMessage error={report.error} title="Could not read failures" /> : null}
      {report.data ? (
        <Report domain={domain} state={state} setState={setState} report={report.data} />
      ) : null}
    </div>
  );
}

function Report({
  domain,
  state,
  setState,
  report,
}: {
  domain: string;
  state: FailuresUrlState;
  setState: (next: Partial<FailuresUrlState>) => void;
  report: FailuresReportView;
}) {
  const statuses = Object.keys(STATUS_LABEL) as FailureStatus[];
  const listedAll = statuses.every((s) => report.counts[s].listed >= report.counts[s].count);
  const shown = report.groups.filter(
    (g) =>
      (!state.statuses.length || state.statuses.includes(g.closeStatus)) &&
      (!state.type || g.workflowType.name === state.type),
  );
  const groups = shown.filter((g) => g.kind !== "pending");
  const beingRead = shown.filter((g) => g.kind === "pending").reduce((sum, g) => sum + g.count, 0);
  const types = [...new Set([...report.groups.map((g) => g.workflowType.name), state.type ?? ""])]
    .filter(Boolean)
    .sort();
  const filtered = state.statuses.length > 0 || Boolean(state.type);
  const toggle = (s: FailureStatus) =>
    setState({
      statuses: state.statuses.includes(s)
        ? state.statuses.filter((x) => x !== s)
        : [...state.statuses, s],
      group: undefined,
    });
  return (
    <>
      <div className="flex flex-wrap items-end gap-3">
        <ul className="flex flex-wrap gap-2" aria-label="Closed without completing: show only">
          {statuses.map((s) => (
            <li key={s}>
              <button
                type="button"
                data-testid={`failures-count-${s}`}
                aria-pressed={state.statuses.includes(s)}
                onClick={() => toggle(s)}
                title={
                  state.statuses.includes(s)
                    ? `Stop showing only ${STATUS_LABEL[s].toLowerCase()} runs`
                    : `Show ${STATUS_LABEL[s].toLowerCase()} runs`
                }
                className={`flex items-center gap-2 rounded border px-3 py-1.5 ${
                  state.statuses.includes(s)
                    ? "border-sky-600 bg-sky-50 ring-1 ring-sky-600 dark:bg-sky-950"
                    : "border-slate-200 hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-900"
                }`}
              >
                <StatusBadge closeStatus={s} label={STATUS_LABEL[s]} />
                <span className="text-lg font-semibold tabular-nums">
                  {report.counts[s].truncated ? "≥ " : ""}
                  {report.counts[s].count.toLocaleString("en-US")}
                </span>
              </button>
            </li>
          ))}
        </ul>
        <label className={labelClass}>
          Workflow type
          <select
            className={inputClass}
            value={state.type ?? ""}
            onChange={(e) => setState({ type: e.target.value || undefined, group: undefined })}
          >
            <option value="">All types</option>
            {types.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        {filtered ? (
          <Button size="xs" onClick={() => setState({ statuses: [], type: undefined })}>
            Show all
          </Button>
        ) : null}
      </div>
      <p className="text-xs text-slate-500">
        <Time value={report.window.oldest} /> – <Time value={report.window.latest} />
        {listedAll ? "" : " · grouped from the most recent 1,000 runs of each status"}
        {" · failures first, then runs ended by an operator"}
      </p>
      {beingRead ? (
        <p
          role="status"
          data-testid="failures-being-read"
          className="flex items-center gap-2 rounded border border-dashed border-slate-300 px-3 py-2 text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400"
        >
          <span aria-hidden className="size-2 animate-pulse rounded-full bg-sky-500" />
          Reasons being read: {beingRead.toLocaleString("en-US")} run{beingRead === 1 ? "" : "s"}.
          They join their groups as their histories are read, at each refresh.
        </p>
      ) : null}
      {groups.length === 0 && !beingRead ? (
        <Empty>
          {filtered
            ? "No group matches this filter in this window."
            : "Nothing failed, timed out, was terminated or canceled in this window."}
        </Empty>
      ) : (
        <ol className="flex flex-col gap-2" aria-label="Failure groups">
          {groups.map((g) => (
            <GroupCard
              key={g.key}
              domain={domain}
              state={state}
              group={g}
              report={report}
              open={state.group === g.key}
              onToggle={() => setState({ group: state.group === g.key ? undefined : g.key })}
            />
          ))}
        </ol>
      )}
    </>
  );
}

function GroupCard({
  domain,
  state,
  group,
  report,
  open,
  onToggle,
}: {
  domain: string;
  state: FailuresUrlState;
  group: FailureGroupView;
  report: FailuresReportView;
  open: boolean;
  onToggle: () => void;
}) {
  const [rerun, setRerun] = useState(false);
  const title = `${group.workflowType.name}@${group.workflowType.version}`;
  return (
    <li
      className="rounded border border-slate-200 p-3 dark:border-slate-800"
      data-testid="failure-group"
      aria-label={`${title} ${STATUS_LABEL[group.closeStatus]}: ${group.reason}`}
    >
      <div className="flex flex-wrap items-start gap-4">
        <div className="flex min-w-64 flex-1 flex-col gap-1">
          <div className="flex flex-wrap items-center gap-2">
            <StatusBadge closeStatus={group.closeStatus} label={STATUS_LABEL[group.closeStatus]} />
            <span className="font-semibold">{title}</span>
          </div>
          <p className="font-mono text-sm break-words" data-testid="failure-reason">
            {group.reason}
          </p>
          <p className="text-xs text-slate-600 dark:text-slate-400">
            first <Time value={group.firstSeen} /> · last <Time value={group.lastSeen} />
          </p>
          <p className="text-xs text-slate-600 dark:text-slate-400">
            e.g.{" "}
            {group.samples.map((s, i) => (
              <span key={s.runId}>
                {i > 0 ? ", " : ""}
                <ExecutionLink domain={domain} run={s}>
                  {s.workflowId}
                </ExecutionLink>
              </span>
            ))}
          </p>
        </div>
        <div className="flex flex-col items-end gap-1">
          <span className="text-2xl font-semibold tabular-nums" data-testid="failure-count">
            {group.count.toLocaleString("en-US")}
          </span>
          <TrendChart
            trend={group.trend}
            latest={report.window.latest}
            bucketMs={report.bucketMs}
            label={`Runs per ${Math.round(report.bucketMs / 60_000)} minutes`}
          />
        </div>
      </div>
      <div className="mt-2 flex flex-wrap gap-2">
        <Button size="xs" onClick={onToggle} aria-expanded={open}>
          {open ? "Hide runs" : `Open ${group.count} run${group.count === 1 ? "" : "s"}`}
        </Button>
        {/* Starting again what someone ended on purpose is rarely the next step: not primary there. */}
        <CapabilityButton
          needs="rerun"
          size="xs"
          variant={group.kind === "failure" ? "primary" : "secondary"}
          onClick={() => setRerun(true)}
        >
          Re-run group…
        </CapabilityButton>
      </div>
      <div className="mt-2">
        <RunbookNote domain={domain} groupKey={group.runbookKey} runbook={group.runbook} />
      </div>
      {open ? (
        <div className="mt-2">
          <GroupRuns domain={domain} state={state} groupKey={group.key} />
        </div>
      ) : null}
      {rerun ? (
        <RerunDialog domain={domain} state={state} group={group} onClose={() => setRerun(false)} />
      ) : null}
    </li>
  );
}
