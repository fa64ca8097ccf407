"use client";
import type { WorkflowExecutionDetail } from "@aws-sdk/client-swf";
import type { ReactNode, Ref } from "react";
import type { VisualStatus } from "@/lib/history/status";
import type { ExecutionSummary } from "@/lib/history/summary";
import { CopyButton } from "@/components/ui/copy-button";
import { Payload } from "./payload";
import { StatusBadge } from "@/components/ui/badge";
import { formatCount, formatDuration, formatSwfDuration } from "@/components/ui/format";
import { Time } from "@/components/ui/time";
import type { ExecutionRef } from "./queries";
import { useNow } from "@/components/ui/use-now";
import { ExecutionLink } from "@/components/history/run-link";
import { LiveStatusBadge } from "@/components/live/live-status";
import { revealBidiControls } from "@/components/ui/bidi";
import { DataText } from "@/components/ui/data-text";

export interface SummaryProps {
  execution: ExecutionRef;
  summary: ExecutionSummary;
  detail?: WorkflowExecutionDetail;
  status: VisualStatus;
  totalEvents: number;
  /** The whole history is loaded (counts are final). */
  complete: boolean;
}

/** Header facts of one run: type, times, links to related runs, input and outcome. */
export function ExecutionSummaryPanel({
  execution,
  summary,
  detail,
  status,
  totalEvents,
}: SummaryProps) {
  const info = detail?.executionInfo;
  const config = detail?.executionConfiguration;
  const startedAt = info?.startTimestamp?.getTime() ?? summary.startedAt?.getTime();
  const closedAt = info?.closeTimestamp?.getTime() ?? summary.closedAt?.getTime();
  const type = info?.workflowType ?? summary.workflowType;
  const tags = info?.tagList ?? summary.tagList;
  const parent = info?.parent?.workflowId
    ? { workflowId: info.parent.workflowId, runId: info.parent.runId ?? "" }
    : summary.parent
      ? { workflowId: summary.parent.workflowId, runId: summary.parent.runId }
      : undefined;
  const open = status === "running";

  return (
    <section aria-label="Execution summary" className="space-y-3">
      <dl
        className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-3 lg:grid-cols-6"
        data-testid="execution-fields"
      >
        <Field label="Workflow type" testId="field-type">
          {type?.name ? (
            <span>
              {type.name}{" "}
              <span className="text-slate-600 dark:text-slate-400">v{type.version}</span>
            </span>
          ) : (
            "—"
          )}
        </Field>
        <Field label="Started" testId="field-started">
          <Time value={startedAt} />
        </Field>
        <Field label="Closed" testId="field-closed">
          {closedAt ? (
            <Time value={closedAt} />
          ) : (
            <span className="text-slate-600 dark:text-slate-400">still open</span>
          )}
        </Field>
        <Field label="Duration" testId="field-duration">
          {startedAt !== undefined && closedAt !== undefined ? (
            formatDuration(closedAt - startedAt)
          ) : startedAt !== undefined && open ? (
            <LiveDuration since={startedAt} />
          ) : (
            "—"
          )}
        </Field>
        <Field label="Events" testId="field-events">
          {formatCount(totalEvents)}
        </Field>
        <Field label="Task list">{config?.taskList?.name ?? summary.taskList ?? "—"}</Field>
        <Field label="Timeouts">
          <span title="execution start-to-close / decision task start-to-close">
            {formatSwfDuration(
              config?.executionStartToCloseTimeout ?? summary.executionStartToCloseTimeout,
            )}{" "}
            /{" "}
            {formatSwfDuration(config?.taskStartToCloseTimeout ?? summary.taskStartToCloseTimeout)}
          </span>
        </Field>
        <Field label="Child policy">{config?.childPolicy ?? summary.childPolicy ?? "—"}</Field>
        <Field label="Parent" testId="field-parent">
          {parent ? (
            <ExecutionLink domain={execution.domain} run={parent} data-testid="parent-link">
              {parent.workflowId}
            </ExecutionLink>
          ) : (
            "—"
          )}
        </Field>
        {[
          [
            "Continued from",
            "continued-from",
            summary.continuedFromRunId,
            "previous",
            "← previous run",
          ],
          ["Continued as", "continued-as", summary.continuedAsNewRunId, "next", "next run →"],
        ].map(([label, field, runId, which, text]) => (
          <Field key={field} label={label!} testId={`field-${field}`}>
            <SameWorkflowRunLink execution={execution} runId={runId} testId={`${which}-run-link`}>
              {text}
            </SameWorkflowRunLink>
          </Field>
        ))}
        <Field label="Tags" testId="field-tags">
          {tags.length ? (
            <span className="flex flex-wrap gap-1">
              {tags.map((tag) => (
                <span
                  key={tag}
                  className="max-w-full rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs wrap-anywhere text-slate-700 dark:bg-slate-800 dark:text-slate-300"
                >
                  {tag}
                </span>
              ))}
            </span>
          ) : (
            "—"
          )}
        </Field>
      </dl>

      {open && (info?.cancelRequested || summary.cancelPending) ? (
        <p className="rounded-md border border-amber-300 bg-amber-50 px-3 py-1.5 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-200">
          Cancellation requested: the decider has been asked to cancel this run.
        </p>
      ) : null}

      <div className="grid gap-3 md:grid-cols-2">
        <Payload value={summary.input} label="Input" empty="No input" />
        <Outcome summary={summary} status={status} />
      </div>
    </section>
  );
}

function Outcome({ summary, status }: { summary: ExecutionSummary; status: VisualStatus }) {
  if (summary.failure) {
    const f = summary.failure;
    const title =
      status === "terminated"
        ? "Termination"
        : status === "canceled"
          ? "Cancellation"
          : status === "timedOut"
            ? "Time-out"
            : "Failure";
    return (
      <div data-testid="execution-failure" className="min-w-0 space-y-1">
        <h3 className="text-xs font-semibold uppercase tracking-wide text-red-700 dark:text-red-300">
          {title}
        </h3>
        <dl className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-3 gap-y-0.5 text-sm">
          {f.reason !== undefined ? (
            <>
              <dt className="text-slate-600 dark:text-slate-400">Reason</dt>
              <dd data-testid="failure-reason" className="break-words font-medium">
                <DataText text={f.reason} />
              </dd>
            </>
          ) : null}
          {f.cause ? (
            <>
              <dt className="text-slate-600 dark:text-slate-400">Cause</dt>
              <dd className="font-mono text-xs leading-5">{f.cause}</dd>
            </>
          ) : null}
          {f.timeoutType ? (
            <>
              <dt className="text-slate-600 dark:text-slate-400">Timeout</dt>
              <dd className="font-mono text-xs leading-5">{f.timeoutType}</dd>
            </>
          ) : null}
        </dl>
        {f.details !== undefined ? (
          <Payload value={f.details} label="Details" tone="danger" />
        ) : null}
      </div>
    );
  }
  if (status === "running") {
    return (
      <div>
        <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">
          Result
        </h3>
        <p className="text-xs italic text-slate-600 dark:text-slate-400">Not closed yet</p>
      </div>
    );
  }
  return (
    <Payload
      value={summary.result}
      label="Result"
      empty={status === "continuedAsNew" ? "Continued as a new run" : "No result"}
    />
  );
}

function Field({
  label,
  children,
  testId,
}: {
  label: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-slate-600 dark:text-slate-400">{label}</dt>
      <dd className="min-w-0 wrap-anywhere" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

function LiveDuration({ since }: { since: number }) {
  const now = useNow();
  return <span>{formatDuration(Math.max(0, now - since))}</span>;
}

/**
 * Title line: workflow id, status, the page's one live indicator (beside the status, where an
 * operator looks to know whether what they see is current), run id.
 */
export function ExecutionHeader({
  ref,
  statusRef,
  execution,
  status,
  progress,
  actions,
}: {
  ref?: Ref<HTMLDivElement>;
  /** The run's status: where focus goes when the control that had it closed the run. */
  statusRef?: Ref<HTMLSpanElement>;
  execution: ExecutionRef;
  status: VisualStatus;
  progress: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div ref={ref} className="flex flex-wrap items-center gap-x-3 gap-y-1">
      {/* One line, however long the id (up to 256 characters): cut with an ellipsis, the whole id
          in the tooltip and the copy button. */}
      <span className="flex min-w-0 max-w-full items-baseline gap-1">
        <h1
          className="min-w-0 truncate text-lg font-semibold"
          title={revealBidiControls(execution.workflowId)}
          data-testid="workflow-id"
        >
          <DataText text={execution.workflowId} />
        </h1>
        <CopyButton
          text={execution.workflowId}
          label="Copy workflow id"
          className="shrink-0 text-xs text-slate-600 hover:text-slate-900 hover:underline dark:text-slate-400 dark:hover:text-slate-100"
        />
      </span>
      {/* Focusable (not in the tab order) so that focus can land here when the control that had
          it is disabled by the run closing. */}
      <span
        ref={statusRef}
        data-testid="execution-status"
        tabIndex={-1}
        className="rounded outline-offset-2"
      >
        <StatusBadge status={status} size="md" />
      </span>
      <LiveStatusBadge />
      <span className="flex min-w-0 items-center gap-1 text-xs text-slate-600 dark:text-slate-400">
        <span>Run</span>
        <code
          className="break-all font-mono text-slate-700 dark:text-slate-300"
          data-testid="run-id"
        >
          {execution.runId}
        </code>
        <CopyButton text={execution.runId} label="Copy run id" />
      </span>
      <span className="ml-auto flex flex-wrap items-center gap-3">
        {progress}
        {actions}
      </span>
    </div>
  );
}

/** A link to another run of the same workflow id (the chain of continue-as-new), or "—". */
function SameWorkflowRunLink({
  execution,
  runId,
  testId,
  children,
}: {
  execution: { domain: string; workflowId: string };
  runId: string | undefined;
  testId: string;
  children: ReactNode;
}) {
  if (!runId) return "—";
  return (
    <ExecutionLink
      className="font-mono text-xs text-sky-700 hover:underline dark:text-sky-400"
      domain={execution.domain}
      run={{ workflowId: execution.workflowId, runId: runId }}
      data-testid={testId}
      title={runId}
    >
      {children}
    </ExecutionLink>
  );
}
