"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useImperativeHandle, useRef, useState, type Ref } from "react";
import { ApiError, consoleFetch } from "@/components/api/client";
import { keys } from "@/components/api/keys";
import { useSession } from "@/components/auth/session";
import { CapabilityButton } from "@/components/auth/capability-button";
import { FaultAlert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { Loading } from "@/components/ui/states";
import { Time } from "@/components/ui/time";
import type { FormSpec, FormValues } from "@/lib/console/inbox-form";
import { executionInfoQuery } from "./execution-info";
import { ExecutionSummary } from "./execution-summary";
import { Holder } from "./task-holder";
import { TaskFormFields, useTaskForm, type TaskFormApi } from "./task-form";
import {
  DECISIONS,
  dueInfo,
  isOpen,
  taskRights,
  stateLabel,
  type HumanTask,
  type TaskResponse,
} from "./types";
import { questionOfInput } from "@/lib/console/inbox-question";
import { LongText, ValueView } from "./value-view";
import { dropDraft, readDraft, saveDraft } from "./drafts";

/** What the keyboard can ask of the open task. */
export interface DetailActions {
  decide(decision: "approve" | "reject"): void;
  focusComment(): void;
  focus(): void;
}

/** Told when the open task no longer waits for a decision: this person's, or one found made. */
export type OnDecided = (id: number) => void;

export function TaskDetail({
  id,
  now,
  actionsRef,
  onDecided,
}: {
  id: number;
  now: number;
  actionsRef: Ref<DetailActions>;
  onDecided?: OnDecided;
}) {
  const { data, error, isPending } = useQuery({
    queryKey: keys.inbox.task(id),
    queryFn: () => consoleFetch<TaskResponse>(`/api/inbox/${id}`),
    refetchInterval: 2_000,
    // A task that does not exist will not come to exist: asking again (every 2 s, or on each
    // change to the inbox) only repeats the 404 (a stale link, a task of another database).
    enabled: (query) => (query.state.error as { status?: number } | null)?.status !== 404,
  });
  if (isPending) return <Loading />;
  if (!data) return <FaultAlert error={error} />;
  // The form's state belongs to one task: a new task gets a new form.
  return data.form ? (
    <FormTask
      key={id}
      data={data}
      form={data.form}
      now={now}
      actionsRef={actionsRef}
      onDecided={onDecided}
    />
  ) : (
    <Detail
      key={id}
      data={data}
      api={null}
      now={now}
      actionsRef={actionsRef}
      onDecided={onDecided}
    />
  );
}

function FormTask(props: {
  data: TaskResponse;
  form: FormSpec;
  now: number;
  actionsRef: Ref<DetailActions>;
  onDecided?: OnDecided;
}) {
  const id = props.data.task.id;
  const api = useTaskForm(props.form, readDraft(id).values);
  useEffect(() => {
    const sub = api.watch((values) => saveDraft(id, { values: values as FormValues }));
    return () => sub.unsubscribe();
  }, [api, id]);
  return <Detail {...props} api={api} />;
}

function Detail({
  data,
  api,
  now,
  actionsRef,
  onDecided,
}: {
  data: TaskResponse;
  api: TaskFormApi | null;
  now: number;
  actionsRef: Ref<DetailActions>;
  onDecided?: OnDecided;
}) {
  const { data: session } = useSession();
  const queryClient = useQueryClient();
  const task = data.task;
  const [comment, setComment] = useState(() => readDraft(task.id).comment ?? "");
  const [reason, setReason] = useState(() => readDraft(task.id).reason ?? "");
  const [failing, setFailing] = useState(() => reason !== "");
  const [busy, setBusy] = useState<string | null>(null);
  const [fault, setFault] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const rights = taskRights(session, task);
  const open = task.state === "pending";
  // The live read the Execution section shows (one query): once SWF says the run is closed, no
  // answer can be taken, even before the console's own probe marks the task expired.
  const { data: live } = useQuery({
    ...executionInfoQuery(task),
    refetchInterval: open ? 5_000 : false,
  });
  const runClosed =
    open && live?.executionInfo?.executionStatus === "CLOSED" ? live.executionInfo : null;
  const disabled =
    !rights.canDecide || busy !== null || !open || rights.lockedOut || runClosed !== null;

  const show = (next: HumanTask) =>
    queryClient.setQueryData<TaskResponse>(keys.inbox.task(task.id), (old) =>
      old ? { ...old, task: next } : old,
    );
  // After an answer to a decision: the task shown as it now is, and told if it left the queue.
  const settled = (next: HumanTask) => {
    show(next);
    if (next.state !== "pending") onDecided?.(next.id);
  };

  const send = async (body: object, label: string) => {
    setBusy(label);
    setFault(null);
    setNotice(null);
    try {
      const out = await consoleFetch<{ task: HumanTask; fault?: string; message?: string }>(
        `/api/inbox/${task.id}`,
        { body },
      );
      settled(out.task);
      dropDraft(task.id);
      if (out.fault === "OutcomeUnknown") setNotice(out.message ?? null);
    } catch (e) {
      setFault(e);
      const current = e instanceof ApiError ? (e.body.task as HumanTask | undefined) : undefined;
      if (current) settled(current);
    } finally {
      setBusy(null);
      void queryClient.invalidateQueries({ queryKey: keys.inbox.all() });
    }
  };

  const decide = (decision: "approve" | "reject") => {
    if (disabled || (decision === "approve" && data.formProblem)) return;
    if (api && decision === "approve") {
      void api.handleSubmit(
        (values: FormValues) => send({ decision, comment, values }, decision),
        () => setFault(null),
      )();
    } else {
      void send({ decision, comment }, decision);
    }
  };

  useImperativeHandle(actionsRef, () => ({
    decide,
    focusComment: () => commentRef.current?.focus(),
    focus: () => headingRef.current?.focus(),
  }));

  // The whole question, from the input (the stored copy the list shows is shortened); one that
  // is not a string is shown as its JSON rather than lost.
  const question =
    questionOfInput(task.input) ?? (task.question ? { text: task.question, json: false } : null);
  const due = dueInfo(task, now);
  // Relative dates in the pane count from the server's time, as the list's ages and due times do:
  // a browser whose clock is off must not say "received 1h ago" beside a row that says "5s ago".
  const serverNow = now > 0 ? now : undefined;
  return (
    <article
      // One column that may shrink below its content (grid-cols-1 is minmax(0, 1fr)): wide input
      // tables scroll in their own box instead of pushing the answer off a narrow screen.
      className="grid grid-cols-1 gap-3"
      data-testid="inbox-task"
      data-task-id={task.id}
      data-workflow-id={task.workflowId}
      data-state={task.state}
      aria-labelledby="inbox-task-heading"
    >
      <header className="grid gap-1">
        <h2
          id="inbox-task-heading"
          ref={headingRef}
          tabIndex={-1}
          className="text-base font-semibold wrap-anywhere focus:outline-none"
        >
          {question ? (
            <span
              className={question.json ? "font-mono" : undefined}
              data-testid="inbox-task-question"
            >
              <LongText text={question.text} />
            </span>
          ) : (
            <>
              <span className="font-mono">{task.activityType.name}</span> {task.activityId}
            </>
          )}
        </h2>
        <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600 wrap-anywhere dark:text-slate-400">
          <Badge
            tone={
              task.state === "pending"
                ? "info"
                : task.state === "completed" && task.decision !== "reject"
                  ? "good"
                  : "neutral"
            }
          >
            {stateLabel(task)}
          </Badge>
          <span>
            <span className="font-mono">{task.activityType.name}</span> {task.activityType.version}{" "}
            · {task.activityId}
          </span>
          <span>
            received <Time value={task.receivedAt} now={serverNow} />
          </span>
          {due ? (
            <span
              className={due.overdue ? "font-semibold text-red-700 dark:text-red-400" : ""}
              data-testid="inbox-task-due"
            >
              {due.text}{" "}
              {/* The due text is already relative: the time beside it is the clock time. */}(
              <Time value={task.deadline} relative={false} />)
            </span>
          ) : null}
        </p>
        <Holder task={task} rights={rights} onChange={show} now={serverNow} />
      </header>

      {!isOpen(task.state) || task.state === "claimed" ? (
        <Outcome task={task} now={serverNow} />
      ) : null}

      <section aria-label="Input" className="grid gap-1">
        <h3 className="text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400">
          Input
        </h3>
        <ValueView
          text={task.input}
          testId="inbox-task-input"
          hide={[...(question ? ["question"] : []), ...(api ? ["form"] : [])]}
        />
      </section>

      {open ? (
        <section
          aria-label="Decision"
          className="sticky bottom-0 grid gap-2 rounded border border-slate-200 bg-white p-3 shadow-sm dark:border-slate-700 dark:bg-slate-900"
        >
          {data.formProblem ? (
            <p className="text-xs text-amber-800 dark:text-amber-300">
              This task's form cannot be shown ({data.formProblem}): it can be rejected or failed,
              with a comment, but not approved without the values it asks for.
            </p>
          ) : null}
          {api && data.form ? (
            <TaskFormFields form={data.form} api={api} disabled={disabled} />
          ) : null}
          <label className="grid gap-1 text-sm">
            <span className="font-medium">Comment</span>
            <textarea
              ref={commentRef}
              className={`${inputClass} h-auto py-1`}
              rows={2}
              value={comment}
              onChange={(e) => {
                setComment(e.target.value);
                saveDraft(task.id, { comment: e.target.value });
              }}
              disabled={disabled}
              data-testid="inbox-comment-input"
              maxLength={4000}
            />
          </label>
          <div className="flex flex-wrap gap-2">
            {(["approve", "reject"] as const).map((d) => (
              <CapabilityButton
                key={d}
                needs="decide"
                variant={DECISIONS[d].variant}
                disabled={disabled || (d === "approve" && !!data.formProblem)}
                title={`${DECISIONS[d].verb} (${DECISIONS[d].key})`}
                onClick={() => decide(d)}
                data-testid={`inbox-${d}`}
              >
                {busy === d ? DECISIONS[d].doing : DECISIONS[d].verb}
              </CapabilityButton>
            ))}
            <CapabilityButton
              needs="decide"
              disabled={disabled}
              title="For tasks that cannot be processed"
              onClick={() => setFailing((f) => !f)}
              aria-expanded={failing}
              data-testid="inbox-fail-toggle"
            >
              Fail task…
            </CapabilityButton>
          </div>
          {runClosed ? (
            <p
              className="text-xs text-amber-800 dark:text-amber-300"
              data-testid="inbox-run-closed"
            >
              The workflow run is closed (
              {(runClosed.closeStatus ?? "closed").toLowerCase().replaceAll("_", " ")}
              {runClosed.closeTimestamp ? (
                <>
                  {" "}
                  at <Time value={runClosed.closeTimestamp} format="time" />
                </>
              ) : null}
              ): this task can no longer be decided.
            </p>
          ) : null}
          {rights.lockedOut ? (
            <p className="text-xs text-slate-600 dark:text-slate-400">
              {task.assignee} holds this task.
            </p>
          ) : null}
          {failing ? (
            <div className="grid gap-2 rounded border border-slate-200 p-2 dark:border-slate-700">
              <label className="grid gap-1 text-sm">
                <span className="font-medium">
                  Reason (sent to the workflow as the failure reason)
                </span>
                <input
                  className={inputClass}
                  value={reason}
                  maxLength={256}
                  onChange={(e) => {
                    setReason(e.target.value);
                    saveDraft(task.id, { reason: e.target.value });
                  }}
                  data-testid="inbox-fail-reason"
                />
              </label>
              <div>
                <Button
                  variant="danger"
                  disabled={!reason.trim() || busy !== null || runClosed !== null}
                  onClick={() => void send({ decision: "fail", reason: reason.trim() }, "fail")}
                  data-testid="inbox-fail"
                >
                  {busy === "fail" ? "Failing…" : "Fail task"}
                </Button>
              </div>
            </div>
          ) : null}
        </section>
      ) : null}
      {notice ? (
        <p
          role="status"
          className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
          data-testid="inbox-outcome-unknown"
        >
          {notice}
        </p>
      ) : null}
      <FaultAlert error={fault} />

      <ExecutionSummary task={task} />
    </article>
  );
}

function Outcome({ task, now }: { task: HumanTask; now?: number }) {
  if (task.state === "expired" || task.state === "canceled") {
    return (
      <p className="text-sm" data-testid="inbox-task-outcome" data-state={task.state}>
        <strong>{task.state === "expired" ? "Expired" : "Canceled"}</strong>
        {task.closedReason ? `: ${task.closedReason}` : ""}
      </p>
    );
  }
  const verb =
    task.decision === "approve" ? "Approved" : task.decision === "reject" ? "Rejected" : "Failed";
  return (
    <div className="grid gap-1 text-sm" data-testid="inbox-task-outcome" data-state={task.state}>
      <p>
        <strong>
          {verb}
          {task.state === "claimed"
            ? task.outcomeUnknown
              ? " (outcome being checked with SWF)"
              : " (sending…)"
            : ""}
        </strong>{" "}
        by <span data-testid="inbox-decided-by">{task.decidedBy}</span> at{" "}
        <Time value={task.decidedAt} now={now} />
        {task.comment ? (
          <>
            {" — "}
            <span className="whitespace-pre-wrap wrap-anywhere" data-testid="inbox-comment">
              {task.comment}
            </span>
          </>
        ) : null}
      </p>
      {task.values && Object.keys(task.values).length ? (
        <dl
          className="grid grid-cols-[minmax(5rem,max-content)_1fr] gap-x-4 text-sm"
          data-testid="inbox-task-values"
        >
          {Object.entries(task.values).map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="font-medium text-slate-600 wrap-anywhere dark:text-slate-400">{k}</dt>
              <dd className="min-w-0 font-mono whitespace-pre-wrap wrap-anywhere">
                {v === null ? "—" : String(v)}
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
    </div>
  );
}
