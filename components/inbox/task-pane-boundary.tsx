"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Component,
  useImperativeHandle,
  useRef,
  useState,
  type ErrorInfo,
  type ReactNode,
  type Ref,
} from "react";
import { ApiError, consoleFetch } from "@/components/api/client";
import { keys } from "@/components/api/keys";
import { useSession } from "@/components/auth/session";
import { CapabilityButton } from "@/components/auth/capability-button";
import { Alert, FaultAlert } from "@/components/ui/alert";
import { DataText } from "@/components/ui/data-text";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import type { DetailActions } from "./task-detail";
import {
  DECISIONS,
  stateLabel,
  taskRights,
  type Decision,
  type HumanTask,
  type TaskResponse,
} from "./types";

/**
 * Keeps a task the browser fails to draw inside the task pane: without it, one task (from any
 * workflow, whatever its input holds) replaced the whole inbox page with "This page couldn't
 * load", for every approver whose view it was first in. The pane says the task cannot be shown;
 * the list, the keys and the other tasks go on working. Keyed by task, so each task starts fresh.
 */
export class TaskPaneBoundary extends Component<
  { id: number; actionsRef: Ref<DetailActions>; children: ReactNode },
  { error: unknown }
> {
  override state = { error: null as unknown };

  static getDerivedStateFromError(error: unknown) {
    return { error: error ?? new Error("unknown error") };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    // Kept in the browser's console for whoever looks into it (no workflow data is sent anywhere).
    console.error("The inbox could not show task", this.props.id, error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <TaskUnshown
        id={this.props.id}
        error={this.state.error}
        actionsRef={this.props.actionsRef}
        onRetry={() => this.setState({ error: null })}
      />
    );
  }
}

/**
 * What the pane shows instead of a task it cannot draw: that it cannot, and — for a task that
 * waits — the answer that needs nothing drawn from its input: a comment with a rejection, or with
 * an approval when the task asks for no typed answer (an approval of a form task needs its form).
 */
function TaskUnshown({
  id,
  error,
  actionsRef,
  onRetry,
}: {
  id: number;
  error: unknown;
  actionsRef: Ref<DetailActions>;
  onRetry: () => void;
}) {
  const { data } = useQuery({
    queryKey: keys.inbox.task(id),
    queryFn: () => consoleFetch<TaskResponse>(`/api/inbox/${id}`),
  });
  const { data: session } = useSession();
  const queryClient = useQueryClient();
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState(false);
  const [fault, setFault] = useState<unknown>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const task = data?.task;
  const open = task?.state === "pending" && !outcome;
  const rights = task ? taskRights(session, task) : null;
  // What the pane could not show may be what the approval is about: approving blind is not offered.
  const allowed: Decision[] = ["reject"];
  const disabled = !open || busy || !rights?.canDecide || rights.lockedOut;

  const decide = async (decision: Decision) => {
    if (disabled || !allowed.includes(decision)) return;
    setBusy(true);
    setFault(null);
    try {
      const out = await consoleFetch<{ task: HumanTask }>(`/api/inbox/${id}`, {
        body: { decision, comment },
      });
      setOutcome(stateLabel(out.task));
    } catch (e) {
      setFault(e);
      const now = e instanceof ApiError ? (e.body.task as HumanTask | undefined) : undefined;
      if (now && now.state !== "pending") setOutcome(stateLabel(now));
    } finally {
      setBusy(false);
      void queryClient.invalidateQueries({ queryKey: keys.inbox.all() });
    }
  };

  useImperativeHandle(actionsRef, () => ({
    decide: (decision) => void decide(decision),
    focusComment: () => commentRef.current?.focus(),
    focus: () => headingRef.current?.focus(),
  }));

  const question = typeof task?.question === "string" ? task.question : null;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <article className="grid gap-3" data-testid="inbox-task-unshown" data-task-id={id}>
      <h2
        ref={headingRef}
        tabIndex={-1}
        className="text-base font-semibold wrap-anywhere focus:outline-none"
      >
        {question !== null ? <DataText text={question} /> : `Task ${id}`}
      </h2>
      <Alert tone="warning">
        <p>
          This task cannot be shown. The rest of the inbox works as usual; the task can still be
          rejected with a comment here (approving what cannot be seen is not offered).
        </p>
        <p className="mt-1 font-mono text-xs wrap-anywhere" data-testid="inbox-task-unshown-error">
          {message}
        </p>
      </Alert>
      {open ? (
        <section aria-label="Decision" className="grid gap-2">
          <label className="grid gap-1 text-sm">
            <span className="font-medium">Comment</span>
            <textarea
              ref={commentRef}
              className={`${inputClass} h-auto py-1`}
              rows={2}
              value={comment}
              maxLength={4000}
              disabled={disabled}
              onChange={(e) => setComment(e.target.value)}
              data-testid="inbox-comment-input"
            />
          </label>
          <div className="flex flex-wrap gap-2">
            {allowed.map((d) => (
              <CapabilityButton
                key={d}
                needs="decide"
                variant={DECISIONS[d].variant}
                disabled={disabled}
                onClick={() => void decide(d)}
                data-testid={`inbox-${d}`}
              >
                {DECISIONS[d].verb} with this comment
              </CapabilityButton>
            ))}
          </div>
        </section>
      ) : outcome ? (
        <p className="text-sm" data-testid="inbox-task-outcome">
          {outcome}
        </p>
      ) : null}
      <FaultAlert error={fault} />
      <div>
        <Button variant="ghost" size="sm" onClick={onRetry} data-testid="inbox-task-retry">
          Try to show it again
        </Button>
      </div>
    </article>
  );
}
