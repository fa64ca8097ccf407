"use client";
// Two runs side by side: work aligned by id and attempt (lib/history compareRuns), payload diffs,
// timing, and the first divergence highlighted. Run B defaults to the latest completed run of
// the same workflow type.
import type { WorkflowExecutionInfo } from "@aws-sdk/client-swf";
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useMemo, useState, type FormEvent } from "react";
import { closeReason } from "@/lib/history/close-reason";
import { compareRuns } from "@/lib/history/compare";
import { statusOfCloseStatus } from "@/lib/history/status";
import { historyModel } from "@/lib/history/work-items";
import { callSwf } from "@/components/api/client";
import { keys } from "@/components/api/keys";
import { domainHref, executionHref, homeHref } from "@/components/links";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { useExecutionDescription, useExecutionHistory } from "@/components/execution/queries";
import { StatusBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { inputClass, labelClass, selectClass } from "@/components/ui/field";
import { ErrorMessage, Loading } from "@/components/ui/states";
import { formatTimestamp } from "@/components/ui/format";
import { useTimeDisplay } from "@/components/ui/use-time-display";
import { compareHref, parseWithParam, type RunRef } from "./compare-url";
import { ComparisonTable, RunDifferences } from "./comparison-table";
import { ExecutionLink } from "@/components/history/run-link";

interface Props {
  domain: string;
  workflowId: string;
  runId: string;
  /** The `with` search parameter, as given. */
  withValue?: string;
}

/** Recent closed runs of a workflow type, newest first (SWF lists by start time, descending). */
function useSameTypeRuns(domain: string, info: WorkflowExecutionInfo | undefined) {
  const type = info?.workflowType;
  return useQuery({
    queryKey: keys.executions.closedOfType(domain, type?.name, type?.version),
    enabled: !!type?.name,
    queryFn: async ({ signal }) => {
      const out = await callSwf<{ executionInfos?: WorkflowExecutionInfo[] }>(
        "ListClosedWorkflowExecutions",
        {
          domain,
          startTimeFilter: { oldestDate: new Date(0).toISOString() },
          typeFilter: { name: type!.name, version: type!.version },
          maximumPageSize: 50,
        },
        signal,
      );
      return out.executionInfos ?? [];
    },
    staleTime: 10_000,
  });
}

export function CompareView({ domain, workflowId, runId, withValue }: Props) {
  const a: RunRef = useMemo(() => ({ workflowId, runId }), [workflowId, runId]);
  const describe = useExecutionDescription({ domain, ...a });
  const candidates = useSameTypeRuns(domain, describe.data?.executionInfo);
  const explicit = parseWithParam(withValue);
  const fallback = candidates.data?.find(
    (e) => e.closeStatus === "COMPLETED" && e.execution?.runId !== runId,
  )?.execution;
  const b: RunRef | undefined =
    explicit ??
    (fallback?.workflowId && fallback.runId
      ? { workflowId: fallback.workflowId, runId: fallback.runId }
      : undefined);

  return (
    <div className="flex flex-col gap-4" data-testid="compare-view">
      <Breadcrumb
        items={[
          { label: "Domains", href: homeHref() },
          { label: domain, href: domainHref(domain) },
          { label: workflowId, href: executionHref(domain, workflowId, runId) },
          { label: "compare" },
        ]}
      />
      <h1 className="text-xl font-semibold">Compare runs</h1>
      <Picker
        domain={domain}
        a={a}
        b={b}
        candidates={candidates.data ?? []}
        defaulted={!explicit && !!b}
      />
      {withValue && !explicit ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          &quot;{withValue}&quot; is not a run: use workflowId/runId.
        </p>
      ) : null}
      {b ? (
        <Comparison domain={domain} a={a} b={b} />
      ) : describe.error || candidates.error ? (
        // Without run A's type there is nothing to look for: the search would wait for ever.
        <ErrorMessage
          error={describe.error ?? candidates.error}
          title={describe.error ? "Could not load this run" : "Could not list runs of its type"}
        />
      ) : candidates.isPending && !explicit ? (
        <Loading>Looking for a completed run of the same type…</Loading>
      ) : (
        <p className="text-sm text-slate-700 dark:text-slate-300" data-testid="compare-no-default">
          No other completed run of this workflow type was found. Choose a run to compare with.
        </p>
      )}
    </div>
  );
}

function Picker({
  domain,
  a,
  b,
  candidates,
  defaulted,
}: {
  domain: string;
  a: RunRef;
  b?: RunRef;
  candidates: WorkflowExecutionInfo[];
  defaulted: boolean;
}) {
  const router = useRouter();
  // <option> text cannot hold <Time>: the same wording, from the same function.
  const display = useTimeDisplay();
  const [typed, setTyped] = useState("");
  const others = candidates.filter((c) => c.execution?.runId !== a.runId);
  const go = (run: RunRef | undefined) => {
    if (run) router.push(compareHref(domain, a, run));
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    go(parseWithParam(typed.trim()));
  };
  return (
    <div className="flex flex-wrap items-end gap-4 text-sm">
      <div>
        <span className={labelClass}>Run A</span>
        <p className="font-mono text-xs">
          <ExecutionLink domain={domain} run={a}>
            {a.workflowId} / {a.runId}
          </ExecutionLink>
        </p>
      </div>
      <div>
        <span className={labelClass}>
          Run B{defaulted ? " (latest completed run of this type)" : ""}
        </span>
        <p className="font-mono text-xs" data-testid="compare-b">
          {b ? (
            <ExecutionLink domain={domain} run={b}>
              {b.workflowId} / {b.runId}
            </ExecutionLink>
          ) : (
            "—"
          )}
        </p>
      </div>
      {others.length > 0 ? (
        <label className="flex flex-col">
          <span className={labelClass}>Compare with a recent run</span>
          <select
            className={selectClass}
            value=""
            onChange={(e) => {
              const c = others[Number(e.target.value)]?.execution;
              if (c?.workflowId && c.runId) go({ workflowId: c.workflowId, runId: c.runId });
            }}
          >
            <option value="">Choose…</option>
            {others.map((c, i) => (
              <option key={c.execution?.runId} value={i}>
                {c.execution?.workflowId} · {c.closeStatus} ·{" "}
                {c.startTimestamp ? formatTimestamp(c.startTimestamp, display) : ""}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <form onSubmit={onSubmit} className="flex items-end gap-2">
        <label className="flex flex-col">
          <span className={labelClass}>or any run (workflowId/runId)</span>
          <input
            className={`${inputClass} w-72 font-mono`}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            placeholder="order-1001/22abc…"
          />
        </label>
        <Button type="submit">Compare</Button>
      </form>
    </div>
  );
}

function Comparison({ domain, a, b }: { domain: string; a: RunRef; b: RunRef }) {
  const historyA = useExecutionHistory({ domain, ...a }, { live: false });
  const historyB = useExecutionHistory({ domain, ...b }, { live: false });
  const ready = historyA.complete && historyB.complete;
  const comparison = useMemo(
    () => (ready ? compareRuns(historyA.events, historyB.events) : undefined),
    [ready, historyA.events, historyB.events],
  );
  const closeA = useMemo(
    () => (ready ? historyModel(historyA.events).closeStatus : undefined),
    [ready, historyA.events],
  );
  const closeB = useMemo(
    () => (ready ? historyModel(historyB.events).closeStatus : undefined),
    [ready, historyB.events],
  );
  const reasonA = useMemo(
    () => (ready ? closeReason(historyA.events) : undefined),
    [ready, historyA.events],
  );
  const reasonB = useMemo(
    () => (ready ? closeReason(historyB.events) : undefined),
    [ready, historyB.events],
  );

  const error = historyA.error ?? historyB.error;
  if (error) return <ErrorMessage error={error} title="Could not load a history" />;
  if (!comparison)
    return (
      <Loading>
        Loading histories… {historyA.events.length + historyB.events.length} of{" "}
        {historyA.total + historyB.total} events
      </Loading>
    );

  const { counts, firstDivergence } = comparison;
  const divergent =
    firstDivergence && firstDivergence.index >= 0
      ? comparison.items[firstDivergence.index]
      : undefined;
  return (
    <div className="flex flex-col gap-4">
      <div className="grid gap-3 md:grid-cols-2">
        {(
          [
            ["A", a, closeA, reasonA?.summary],
            ["B", b, closeB, reasonB?.summary],
          ] as const
        ).map(([label, run, close, summary]) => (
          <div
            key={label}
            className="rounded-lg border border-slate-200 p-3 text-sm dark:border-slate-800"
          >
            <div className="flex items-center gap-2">
              <span className="font-semibold">Run {label}</span>
              <StatusBadge status={statusOfCloseStatus(close ?? "OPEN")} />
            </div>
            <p className="mt-1 break-all font-mono text-xs">{run.workflowId}</p>
            {summary && close !== "COMPLETED" ? <p className="mt-1 text-xs">{summary}</p> : null}
          </div>
        ))}
      </div>
      <p className="text-sm" data-testid="compare-counts">
        {counts.same} same · {counts.different} different · {counts.onlyInA} only in A ·{" "}
        {counts.onlyInB} only in B
      </p>
      <div
        role="status"
        data-testid="first-divergence-summary"
        className={`rounded-md border px-3 py-2 text-sm ${
          firstDivergence
            ? "border-amber-400 bg-amber-50 text-amber-900 dark:border-amber-600 dark:bg-amber-950/40 dark:text-amber-100"
            : "border-emerald-400 bg-emerald-50 text-emerald-900 dark:border-emerald-600 dark:bg-emerald-950/40 dark:text-emerald-100"
        }`}
      >
        {!firstDivergence ? (
          "The runs did the same work with the same inputs, results and outcomes."
        ) : firstDivergence.key === "run" && !divergent ? (
          <>First divergence: the runs differ in their {firstDivergence.differences.join(", ")}.</>
        ) : (
          <>
            First divergence:{" "}
            <a className="font-semibold underline" href={`#item-${firstDivergence.index}`}>
              {divergent?.kind} {divergent?.id}
              {divergent && divergent.attempt > 1 ? ` (attempt ${divergent.attempt})` : ""}
            </a>{" "}
            — {firstDivergence.differences.map(describeDifference).join(", ")}
            {comparison.run.differences.includes("input") ? ". The runs' inputs differ too." : ""}
          </>
        )}
      </div>
      <RunDifferences run={comparison.run} />
      <ComparisonTable comparison={comparison} closeA={closeA} closeB={closeB} />
    </div>
  );
}

export function describeDifference(d: string): string {
  switch (d) {
    case "onlyInA":
      return "only in run A";
    case "onlyInB":
      return "only in run B";
    case "state":
      return "outcome differs";
    case "startToFireTimeout":
      return "duration differs";
    default:
      return `${d} differs`;
  }
}
