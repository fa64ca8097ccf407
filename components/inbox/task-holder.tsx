"use client";

import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { ApiError, consoleFetch } from "@/components/api/client";
import { keys } from "@/components/api/keys";
import { FaultAlert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { Time } from "@/components/ui/time";
import { isOpen, type HumanTask, type TaskRights } from "./types";

/**
 * Who holds the task and since when, with claim / release / assign. Approvers take free tasks and
 * let go of their own; operators and admins can also take a task from its holder.
 */
export function Holder({
  task,
  rights: { me, canDecide, mine, mayReassign },
  onChange,
  now,
}: {
  task: HumanTask;
  rights: TaskRights;
  onChange: (task: HumanTask) => void;
  /** The server's time (relative dates count from it, as the inbox's list does). */
  now?: number;
}) {
  const [assigning, setAssigning] = useState(false);
  const [to, setTo] = useState("");
  const [busy, setBusy] = useState(false);
  const [fault, setFault] = useState<unknown>(null);
  const pickerId = useId();
  // The names the Assign box offers: enabled users who may decide (read when it opens).
  const { data: assignees } = useQuery({
    queryKey: keys.inbox.assignees(),
    queryFn: () => consoleFetch<{ usernames: string[] }>("/api/inbox/assignees"),
    enabled: assigning,
    staleTime: 30_000,
  });
  const assign = async (target: string | null) => {
    setBusy(true);
    setFault(null);
    try {
      const out = await consoleFetch<{ task: HumanTask }>(`/api/inbox/${task.id}/assign`, {
        body: { to: target },
      });
      onChange(out.task);
      setAssigning(false);
    } catch (e) {
      setFault(e);
      const current = e instanceof ApiError ? (e.body.task as HumanTask | undefined) : undefined;
      if (current) onChange(current);
    } finally {
      setBusy(false);
    }
  };
  const mayChange = canDecide && isOpen(task.state) && (!task.assignee || mine || mayReassign);
  return (
    <div className="grid gap-1 text-xs">
      <div className="flex flex-wrap items-center gap-2">
        <span data-testid="inbox-holder">
          {task.assignee ? (
            <>
              Held by <strong>{mine ? `you (${task.assignee})` : task.assignee}</strong> since{" "}
              <Time value={task.assignedAt} now={now} />
            </>
          ) : (
            <span className="text-slate-600 dark:text-slate-400">Nobody holds this task</span>
          )}
        </span>
        {mayChange ? (
          <>
            {!mine && me ? (
              <Button
                size="xs"
                disabled={busy}
                onClick={() => void assign(me)}
                data-testid="inbox-claim"
              >
                {task.assignee ? "Take over" : "Claim"}
              </Button>
            ) : null}
            {task.assignee && (mine || mayReassign) ? (
              <Button
                size="xs"
                disabled={busy}
                onClick={() => void assign(null)}
                data-testid="inbox-release"
              >
                Release
              </Button>
            ) : null}
            <Button
              variant="ghost"
              size="xs"
              aria-expanded={assigning}
              onClick={() => setAssigning((a) => !a)}
              data-testid="inbox-assign-toggle"
            >
              Assign…
            </Button>
          </>
        ) : null}
      </div>
      {assigning ? (
        <form
          className="flex items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (to.trim()) void assign(to.trim());
          }}
        >
          <label className="flex items-center gap-1">
            User
            <input
              className={inputClass}
              value={to}
              onChange={(e) => setTo(e.target.value)}
              list={pickerId}
              autoComplete="off"
              data-testid="inbox-assign-to"
            />
          </label>
          <datalist id={pickerId} data-testid="inbox-assignees">
            {assignees?.usernames
              .filter((u) => u !== task.assignee)
              .map((u) => (
                <option key={u} value={u} />
              ))}
          </datalist>
          <Button type="submit" size="xs" disabled={busy || !to.trim()} data-testid="inbox-assign">
            Assign
          </Button>
        </form>
      ) : null}
      <FaultAlert error={fault} />
    </div>
  );
}
