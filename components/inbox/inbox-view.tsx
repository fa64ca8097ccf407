"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { ApiError, consoleFetch } from "@/components/api/client";
import { requiresText, useSession } from "@/components/auth/session";
import { executionHref } from "@/components/links";
import { ValueView } from "./value-view";
import type { HumanTask, InboxResponse } from "./types";
import { FaultAlert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button";
import { formInputClass } from "@/components/ui/field";

type View = "pending" | "closed";

const when = (ms: number | null | undefined) => (ms ? new Date(ms).toLocaleString() : "—");

function relative(ms: number, now: number): string {
  const d = Math.round((ms - now) / 1000);
  const abs = Math.abs(d);
  const text =
    abs < 60
      ? `${abs}s`
      : abs < 3600
        ? `${Math.round(abs / 60)}m`
        : abs < 86400
          ? `${Math.round(abs / 3600)}h`
          : `${Math.round(abs / 86400)}d`;
  return d >= 0 ? `in ${text}` : `${text} ago`;
}

/** The human-task inbox: pending tasks to decide (approvers), and recently closed ones. */
export function InboxView() {
  const params = useSearchParams();
  const focus = params.get("task");
  const [view, setView] = useState<View>("pending");
  // Tasks this browser decided (or lost a race on) stay visible with their outcome after they leave the pending list.
  const [touched, setTouched] = useState<Record<number, HumanTask>>({});
  const { data, error, isPending } = useQuery({
    queryKey: ["console-inbox", view],
    queryFn: () => consoleFetch<InboxResponse>(`/api/inbox?view=${view}`),
    refetchInterval: 3_000,
  });

  useEffect(() => {
    if (!focus || !data) return;
    document.getElementById(`task-${focus}`)?.scrollIntoView({ block: "center" });
  }, [focus, data]);

  const tabs: { id: View; label: string }[] = [
    {
      id: "pending",
      label: `Pending${data && view === "pending" ? ` (${data.tasks.length})` : ""}`,
    },
    { id: "closed", label: "Decided and expired" },
  ];
  return (
    <div className="grid gap-4">
      <div role="tablist" className="flex gap-2 border-b border-slate-200 dark:border-slate-800">
        {tabs.map((t) => (
          <button
            key={t.id}
            role="tab"
            aria-selected={view === t.id}
            className={`-mb-px border-b-2 px-3 py-1.5 text-sm ${view === t.id ? "border-sky-600 font-medium" : "border-transparent text-slate-500"}`}
            onClick={() => setView(t.id)}
            data-testid={`inbox-tab-${t.id}`}
          >
            {t.label}
          </button>
        ))}
      </div>
      {data && data.lists.length === 0 ? (
        <p className="text-sm text-slate-500">
          No human task lists are configured (HUMAN_TASK_LISTS, or Settings for admins).
        </p>
      ) : null}
      {data?.lists.some((l) => l.lastError) ? (
        <ul className="text-xs text-amber-700 dark:text-amber-400">
          {data.lists
            .filter((l) => l.lastError)
            .map((l) => (
              <li key={`${l.domain}:${l.taskList}`}>
                Polling {l.domain}:{l.taskList}: {l.lastError}
              </li>
            ))}
        </ul>
      ) : null}
      <FaultAlert error={error} />
      {isPending ? <p className="text-slate-500">Loading…</p> : null}
      {data && data.tasks.length === 0 ? (
        <p className="text-slate-500" data-testid="inbox-empty">
          {view === "pending"
            ? "Nothing waits for a decision."
            : "No decided or expired tasks yet."}
        </p>
      ) : null}
      <ul className="grid gap-4" data-testid="inbox-tasks">
        {merge(data?.tasks ?? [], view === "pending" ? Object.values(touched) : []).map((t) => (
          <TaskCard
            key={t.id}
            task={t}
            outcome={touched[t.id] ?? null}
            onOutcome={(task) => setTouched((m) => ({ ...m, [task.id]: task }))}
            highlighted={String(t.id) === focus}
          />
        ))}
      </ul>
    </div>
  );
}

function merge(tasks: HumanTask[], extra: HumanTask[]): HumanTask[] {
  const ids = new Set(tasks.map((t) => t.id));
  return [...tasks, ...extra.filter((t) => !ids.has(t.id))].sort(
    (a, b) => a.receivedAt - b.receivedAt || a.id - b.id,
  );
}

function TaskCard({
  task,
  outcome,
  onOutcome,
  highlighted,
}: {
  task: HumanTask;
  outcome: HumanTask | null;
  onOutcome: (task: HumanTask) => void;
  highlighted: boolean;
}) {
  const { data: session } = useSession();
  const queryClient = useQueryClient();
  const [comment, setComment] = useState("");
  const [failing, setFailing] = useState(false);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const [fault, setFault] = useState<unknown>(null);
  const [now] = useState(() => Date.now());
  const canDecide = Boolean(session?.can.decide);
  const open = task.state === "pending";
  const shown = outcome ?? task;

  const decide = async (decision: "approve" | "reject" | "fail") => {
    setBusy(decision);
    setFault(null);
    try {
      const body =
        decision === "fail" ? { decision, reason: reason.trim() } : { decision, comment };
      const out = await consoleFetch<{ task: HumanTask }>(`/api/inbox/${task.id}`, { body });
      onOutcome(out.task);
    } catch (e) {
      setFault(e);
      const current = e instanceof ApiError ? (e.body.task as HumanTask | undefined) : undefined;
      if (current && current.state !== "pending") onOutcome(current);
    } finally {
      setBusy(null);
      void queryClient.invalidateQueries({ queryKey: ["console-inbox"] });
    }
  };

  const decided = shown.state !== "pending" && shown.state !== "claimed" ? shown : null;
  return (
    <li
      id={`task-${task.id}`}
      data-testid="inbox-task"
      data-task-id={task.id}
      data-workflow-id={task.workflowId}
      className={`rounded-lg border p-4 ${highlighted ? "border-sky-500 ring-2 ring-sky-300" : "border-slate-200 dark:border-slate-800"}`}
    >
      <div className="mb-2 flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h2 className="font-semibold">
          <span className="font-mono">{task.activityType.name}</span>{" "}
          <span className="text-sm font-normal text-slate-500">
            {task.activityType.version} · {task.activityId}
          </span>
        </h2>
        <Link
          href={executionHref(task.domain, task.workflowId, task.runId)}
          className="text-sm text-sky-700 underline dark:text-sky-400"
          data-testid="inbox-task-execution"
        >
          {task.domain} / {task.workflowId}
        </Link>
        <span className="ml-auto text-xs text-slate-500">
          received {when(task.receivedAt)}
          {task.deadline
            ? ` · expires ${relative(task.deadline, now)} (${when(task.deadline)})`
            : ""}
          {task.heartbeatTimeoutSeconds ? ` · heartbeat ${task.heartbeatTimeoutSeconds}s` : ""}
        </span>
      </div>
      <ValueView text={task.input} testId="inbox-task-input" />

      {decided || shown.state === "claimed" ? (
        <p className="mt-3 text-sm" data-testid="inbox-task-outcome" data-state={shown.state}>
          {shown.state === "expired" || shown.state === "canceled" ? (
            <>
              <strong>{shown.state === "expired" ? "Expired" : "Canceled"}</strong>
              {shown.closedReason ? `: ${shown.closedReason}` : ""}
            </>
          ) : (
            <>
              <strong>
                {shown.decision === "approve"
                  ? "Approved"
                  : shown.decision === "reject"
                    ? "Rejected"
                    : "Failed"}
                {shown.state === "claimed" ? " (sending…)" : ""}
              </strong>{" "}
              by <span data-testid="inbox-decided-by">{shown.decidedBy}</span> at{" "}
              {when(shown.decidedAt)}
              {shown.comment ? (
                <>
                  {" — "}
                  <span className="whitespace-pre-wrap break-words" data-testid="inbox-comment">
                    {shown.comment}
                  </span>
                </>
              ) : null}
            </>
          )}
        </p>
      ) : null}

      {open && !outcome ? (
        <div className="mt-3 grid gap-2">
          <label className="grid gap-1 text-sm">
            <span className="font-medium">Comment</span>
            <textarea
              className={formInputClass}
              rows={2}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              disabled={!canDecide || busy !== null}
              data-testid="inbox-comment-input"
              maxLength={4000}
            />
          </label>
          <div className="flex flex-wrap gap-2">
            <button
              type="button"
              className={buttonClass("primary")}
              disabled={!canDecide || busy !== null}
              title={canDecide ? undefined : requiresText("decide")}
              onClick={() => decide("approve")}
              data-testid="inbox-approve"
            >
              {busy === "approve" ? "Approving…" : "Approve"}
            </button>
            <button
              type="button"
              className={buttonClass("danger")}
              disabled={!canDecide || busy !== null}
              title={canDecide ? undefined : requiresText("decide")}
              onClick={() => decide("reject")}
              data-testid="inbox-reject"
            >
              {busy === "reject" ? "Rejecting…" : "Reject"}
            </button>
            <button
              type="button"
              className={buttonClass("secondary")}
              disabled={!canDecide || busy !== null}
              title={canDecide ? "For tasks that cannot be processed" : requiresText("decide")}
              onClick={() => setFailing((f) => !f)}
              data-testid="inbox-fail-toggle"
            >
              Fail task…
            </button>
          </div>
          {failing ? (
            <div className="grid gap-2 rounded border border-slate-200 p-3 dark:border-slate-800">
              <label className="grid gap-1 text-sm">
                <span className="font-medium">
                  Reason (sent to the workflow as the failure reason)
                </span>
                <input
                  className={formInputClass}
                  value={reason}
                  maxLength={256}
                  onChange={(e) => setReason(e.target.value)}
                  data-testid="inbox-fail-reason"
                />
              </label>
              <div>
                <button
                  type="button"
                  className={buttonClass("danger")}
                  disabled={!reason.trim() || busy !== null}
                  onClick={() => decide("fail")}
                  data-testid="inbox-fail"
                >
                  {busy === "fail" ? "Failing…" : "Fail task"}
                </button>
              </div>
            </div>
          ) : null}
        </div>
      ) : null}
      <div className="mt-2">
        <FaultAlert error={fault} />
      </div>
    </li>
  );
}
