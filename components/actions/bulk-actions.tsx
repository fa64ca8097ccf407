"use client";

/**
 * Bulk request-cancel, terminate and signal for the executions selected in a list.
 *
 * The calls go from the browser one execution at a time (a few in parallel) through the same
 * `/api/swf/<Action>` route as single actions, rather than through a bulk endpoint: each item is
 * authorized, validated and audited by the one code path that already does it, progress and a
 * result per execution come for free, the operator can stop half-way, and no server request runs
 * for minutes (a proxy timeout would hide which items were done). Every call carries one bulk id,
 * so the audit log groups the items of one bulk operation. If the tab closes mid-way, the items
 * not yet sent are simply not done; the audit log shows exactly which were.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { requiresText, useSession } from "@/components/auth/session";
import { Button } from "@/components/ui/button";
import { SignalForm, type SignalValues } from "@/components/forms/signal-form";
import {
  TerminateForm,
  terminateFields,
  type TerminateValues,
} from "@/components/forms/terminate-form";
import type { ActionName } from "@/lib/swf/actions";
import { Dialog } from "@/components/ui/dialog";
import { callSwf } from "@/components/api/client";
import { CliCommand } from "./cli-command-view";
import { invalidateAfter } from "@/components/api/invalidate";
import { keys } from "@/components/api/keys";
import { ConfirmButtons } from "@/components/ui/confirm-buttons";
import { CopyButton } from "@/components/ui/copy-button";
import type { CloseStatus, DescribeWorkflowExecutionCommandOutput } from "@aws-sdk/client-swf";
import type { Wire } from "@/components/ui/wire";
import {
  alreadyClosedWords,
  bulkCounts,
  bulkSummary,
  failedItems,
  failedWorkflowIds,
  mayBeAlreadyClosed,
  retryableItems,
  type ItemResult,
} from "./bulk-model";

export interface BulkTarget {
  workflowId: string;
  runId: string;
  /** Omit when unknown; closed executions are skipped up front. */
  status?: string;
}

type Kind = "cancel" | "terminate" | "signal";

const CONCURRENCY = 4;
const LABEL: Record<Kind, string> = {
  cancel: "Request cancel",
  terminate: "Terminate",
  signal: "Signal",
};

export function BulkActions({
  domain,
  executions,
  onDone,
}: {
  domain: string;
  executions: BulkTarget[];
  /** Called when a bulk run finishes (e.g. to clear the selection). */
  onDone?: () => void;
}) {
  const { data: session } = useSession();
  const [kind, setKind] = useState<Kind | null>(null);
  const allowed = Boolean(session?.can.bulk);
  const none = executions.length === 0;
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="bulk-actions">
      <span className="text-sm text-slate-600 dark:text-slate-400" data-testid="bulk-count">
        {executions.length} selected
      </span>
      {(["cancel", "terminate", "signal"] as Kind[]).map((k) => (
        <Button
          key={k}
          variant={k === "terminate" ? "danger" : "secondary"}
          disabled={!allowed || none}
          title={!allowed ? requiresText("bulk") : none ? "Select executions first" : undefined}
          onClick={() => setKind(k)}
          data-testid={`bulk-${k}`}
        >
          {LABEL[k]}…
        </Button>
      ))}
      {kind ? (
        <BulkDialog
          domain={domain}
          kind={kind}
          executions={executions}
          onClose={() => setKind(null)}
          onFinished={() => onDone?.()}
        />
      ) : null}
    </div>
  );
}

function BulkDialog({
  domain,
  kind,
  executions,
  onClose,
  onFinished,
}: {
  domain: string;
  kind: Kind;
  executions: BulkTarget[];
  onClose: () => void;
  onFinished: () => void;
}) {
  const queryClient = useQueryClient();
  // The selection is frozen when the dialog opens.
  const [targets] = useState(() => executions.slice());
  const [results, setResults] = useState<ItemResult[] | null>(null);
  const [running, setRunning] = useState(false);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const stopRef = useRef<AbortController | null>(null);
  const closedCount = targets.filter((t) => t.status && !/^open$/i.test(t.status)).length;

  // The last run's action, its parameters and bulk id: "Retry failed" repeats them (one audit group).
  const lastRun = useRef<{ action: ActionName; extra: object; bulkId: string } | null>(null);
  const [failedOnly, setFailedOnly] = useState(false);

  /** Why a call failed, in plain words when the run had simply closed already. */
  const faultOf = async (target: BulkTarget, e: unknown): Promise<ItemResult> => {
    const err = e as { fault?: string; name?: string; message?: string };
    const fault = err.fault ?? err.name ?? "Error";
    if (mayBeAlreadyClosed(fault)) {
      const d = await callSwf<Wire<DescribeWorkflowExecutionCommandOutput>>(
        "DescribeWorkflowExecution",
        { domain, execution: { workflowId: target.workflowId, runId: target.runId } },
      ).catch(() => null);
      const info = d?.executionInfo;
      if (info?.executionStatus === "CLOSED") {
        const closeStatus = info.closeStatus as CloseStatus | undefined;
        return {
          state: "fault",
          message: alreadyClosedWords(closeStatus),
          alreadyClosed: closeStatus ? { closeStatus } : {},
        };
      }
    }
    return { state: "fault", fault, message: err.message };
  };

  /** Sends `action` to the items at `indices` (a few at a time); the others keep their result. */
  const send = async (
    indices: readonly number[],
    out: ItemResult[],
    action: ActionName,
    extra: object,
    bulkId: string,
  ) => {
    for (const i of indices) out[i] = { state: "waiting" };
    setResults(out.slice());
    setRunning(true);
    const stop = new AbortController();
    stopRef.current = stop;
    let next = 0;
    const worker = async () => {
      while (!stop.signal.aborted) {
        const k = next++;
        if (k >= indices.length) return;
        const i = indices[k];
        out[i] = { state: "running" };
        setResults(out.slice());
        try {
          await callSwf(
            action,
            { domain, workflowId: targets[i].workflowId, runId: targets[i].runId, ...extra },
            stop.signal,
            { bulkId },
          );
          out[i] = { state: "ok" };
        } catch (e) {
          out[i] = stop.signal.aborted
            ? { state: "waiting", message: "stopped" }
            : await faultOf(targets[i], e);
        }
        setResults(out.slice());
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, indices.length) }, worker));
    for (const i of indices)
      if (out[i].state === "waiting")
        out[i] = { state: "skipped", message: "stopped before sending" };
    setResults(out.slice());
    setRunning(false);
    stopRef.current = null;
    // Each target run, the domain's lists and (after terminate) the inbox.
    for (const i of indices)
      void invalidateAfter(queryClient, action, {
        domain,
        workflowId: targets[i].workflowId,
        runId: targets[i].runId,
      });
    void queryClient.invalidateQueries({ queryKey: keys.executions.all(domain) });
    onFinished();
  };

  const run = async (action: ActionName, extra: object) => {
    const bulkId = `bulk-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    lastRun.current = { action, extra, bulkId };
    const out: ItemResult[] = targets.map((t) =>
      t.status && !/^open$/i.test(t.status)
        ? { state: "skipped", message: "already closed" }
        : { state: "waiting" },
    );
    const open = out.flatMap((r, i) => (r.state === "skipped" ? [] : [i]));
    await send(open, out, action, extra, bulkId);
  };

  const retryFailed = async () => {
    if (!results || !lastRun.current) return;
    const { action, extra, bulkId } = lastRun.current;
    await send(retryableItems(results), results.slice(), action, extra, bulkId);
  };

  const counts = results && bulkCounts(results);
  const failed = results ? failedItems(results) : [];
  const retryable = results ? retryableItems(results).length : 0;
  const shown = failedOnly && failed.length > 0 ? failed : targets.map((_, i) => i);
  const what = `${targets.length} execution${targets.length === 1 ? "" : "s"}`;
  const firstTarget = {
    domain,
    workflowId: targets[0]?.workflowId ?? "",
    runId: targets[0]?.runId ?? "",
  };
  const cliNote =
    targets.length > 1
      ? `One command per execution; shown for the first of ${targets.length}.`
      : undefined;

  return (
    <Dialog
      open
      title={`${LABEL[kind]}: ${what}`}
      onClose={onClose}
      busy={running}
      testId="bulk-dialog"
      wide
    >
      {results === null ? (
        <div className="grid gap-3">
          <details className="text-sm">
            <summary>
              {what} in <span className="font-mono">{domain}</span>
              {closedCount ? ` (${closedCount} already closed: skipped)` : ""}
            </summary>
            <ul className="mt-1 max-h-40 overflow-auto font-mono text-xs">
              {targets.map((t) => (
                <li key={`${t.workflowId}/${t.runId}`}>{t.workflowId}</li>
              ))}
            </ul>
          </details>
          {kind === "terminate" ? (
            <TerminateForm
              what={what}
              confirmLabel={`Terminate ${what}`}
              onSubmit={(v: TerminateValues) =>
                void run("TerminateWorkflowExecution", terminateFields(v))
              }
              commandFor={(v) => ({ ...firstTarget, ...terminateFields(v) })}
              commandNote={cliNote}
              onCancel={onClose}
            />
          ) : kind === "signal" ? (
            <SignalForm
              submitLabel={`Signal ${what}`}
              onSubmit={(v: SignalValues) =>
                void run("SignalWorkflowExecution", {
                  signalName: v.signalName,
                  ...(v.input ? { input: v.input } : {}),
                })
              }
              commandFor={(v) => ({
                ...firstTarget,
                signalName: v.signalName,
                ...(v.input ? { input: v.input } : {}),
              })}
              commandNote={cliNote}
              onCancel={onClose}
            />
          ) : confirmCancel ? (
            <div className="grid gap-3">
              <p role="alert" className="text-sm">
                Request cancellation of {what}? Each workflow decides how to stop.
              </p>
              <CliCommand
                action="RequestCancelWorkflowExecution"
                input={firstTarget}
                note={cliNote}
              />
              <ConfirmButtons
                variant="danger"
                label="Yes, request cancel"
                onConfirm={() => void run("RequestCancelWorkflowExecution", {})}
                testId="bulk-confirm"
                cancelLabel="Back"
                onCancel={() => setConfirmCancel(false)}
              />
            </div>
          ) : (
            <ConfirmButtons
              label="Request cancel…"
              onConfirm={() => setConfirmCancel(true)}
              testId="bulk-next"
              onCancel={onClose}
            />
          )}
        </div>
      ) : (
        <div className="grid gap-3">
          <div>
            <progress
              className="w-full"
              max={targets.length}
              value={counts!.done}
              aria-label="Progress"
              data-testid="bulk-progress"
            />
            <p className="text-sm" data-testid="bulk-summary" aria-live="polite">
              {bulkSummary(counts!, targets.length, running)}
            </p>
          </div>
          {!running && failed.length > 0 ? (
            <div
              className="flex flex-wrap items-center gap-2 text-sm"
              data-testid="bulk-failed-tools"
            >
              <Button
                size="xs"
                aria-pressed={failedOnly}
                className="aria-pressed:border-sky-600 aria-pressed:text-sky-800 dark:aria-pressed:border-sky-500 dark:aria-pressed:text-sky-200"
                onClick={() => setFailedOnly((v) => !v)}
                data-testid="bulk-failed-only"
              >
                Show failed only ({failed.length})
              </Button>
              <CopyButton
                text={failedWorkflowIds(targets, results!)}
                label="Copy failed workflow IDs"
                idle="Copy failed workflow IDs"
                testId="bulk-copy-failed"
                className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
              />
              <Button
                size="xs"
                disabled={retryable === 0}
                title={
                  retryable === 0
                    ? "The failed executions are already closed: a retry would change nothing"
                    : undefined
                }
                onClick={() => void retryFailed()}
                data-testid="bulk-retry-failed"
              >
                Retry failed ({retryable})
              </Button>
            </div>
          ) : null}
          <ul
            className="max-h-80 divide-y divide-slate-200 overflow-auto text-sm dark:divide-slate-800"
            data-testid="bulk-results"
          >
            {shown.map((i) => {
              const t = targets[i];
              const r = results[i];
              return (
                <li
                  key={`${t.workflowId}/${t.runId}`}
                  className="flex gap-2 py-1"
                  data-testid="bulk-result"
                  data-state={r.state}
                  data-already-closed={r.alreadyClosed ? true : undefined}
                >
                  <span className="w-16 shrink-0">
                    {r.state === "ok"
                      ? "✓ done"
                      : r.state === "fault"
                        ? r.alreadyClosed
                          ? "✗ closed"
                          : "✗ fault"
                        : r.state === "running"
                          ? "… sending"
                          : r.state === "skipped"
                            ? "– skipped"
                            : "waiting"}
                  </span>
                  <span className="font-mono break-all">{t.workflowId}</span>
                  {r.fault || r.message ? (
                    <span
                      className={`break-words ${r.alreadyClosed ? "text-slate-600 dark:text-slate-400" : "text-red-700 dark:text-red-400"}`}
                    >
                      {r.fault ? `${r.fault}: ` : ""}
                      {r.message}
                    </span>
                  ) : null}
                </li>
              );
            })}
          </ul>
          <div className="flex gap-2">
            {running ? (
              <Button
                onClick={() => stopRef.current?.abort()}
                data-testid="bulk-stop"
                data-autofocus
              >
                Stop
              </Button>
            ) : (
              <Button variant="primary" onClick={onClose} data-testid="bulk-close" data-autofocus>
                Close
              </Button>
            )}
          </div>
        </div>
      )}
    </Dialog>
  );
}
