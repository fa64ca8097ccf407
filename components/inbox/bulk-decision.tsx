"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { consoleFetch } from "@/components/api/client";
import { keys } from "@/components/api/keys";
import { FaultAlert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { formatCount } from "@/components/ui/format";
import { DECISIONS } from "./types";

interface BulkResult {
  id: number;
  ok: boolean;
  fault?: string;
  message?: string;
  task?: { workflowId: string; decidedBy: string | null };
}

const plural = (n: number) => `${formatCount(n)} task${n === 1 ? "" : "s"}`;

/**
 * Tasks per request: a selection of thousands (every task matching a filter) goes as a series of
 * short requests, so that progress shows, the operator can stop between two, and no request runs
 * long enough for a proxy to cut it off.
 */
export const BULK_CHUNK = 25;

/**
 * Approve or reject the selected tasks with one comment, after a confirmation naming how many;
 * each task's result is listed (the server decides and audits them one by one).
 */
export function BulkDecision({
  ids,
  names,
  decision,
  onClose,
  onDone,
}: {
  ids: number[];
  names: Map<number, string>;
  decision: "approve" | "reject";
  onClose: () => void;
  onDone: (decided: number[]) => void;
}) {
  const queryClient = useQueryClient();
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState(false);
  const [fault, setFault] = useState<unknown>(null);
  const [results, setResults] = useState<BulkResult[] | null>(null);
  const [sent, setSent] = useState(0);
  const stopped = useRef(false);
  const { verb, done, variant } = DECISIONS[decision];
  const run = async () => {
    setBusy(true);
    setFault(null);
    stopped.current = false;
    const done: BulkResult[] = [];
    try {
      for (let i = 0; i < ids.length && !stopped.current; i += BULK_CHUNK) {
        const out = await consoleFetch<{ results: BulkResult[] }>("/api/inbox/bulk", {
          body: { ids: ids.slice(i, i + BULK_CHUNK), decision, comment },
        });
        done.push(...out.results);
        setSent(done.length);
      }
      setResults(done);
    } catch (e) {
      setFault(e);
      if (done.length) setResults(done);
    } finally {
      onDone(done.filter((r) => r.ok).map((r) => r.id));
      setBusy(false);
      void queryClient.invalidateQueries({ queryKey: keys.inbox.all() });
    }
  };
  return (
    <Dialog
      open
      title={`${verb} ${plural(ids.length)}`}
      onClose={onClose}
      busy={busy}
      testId="inbox-bulk-dialog"
    >
      {results ? (
        <div className="grid gap-2 text-sm">
          <p role="status" data-testid="inbox-bulk-summary">
            {results.filter((r) => r.ok).length} of {results.length} {done}
            {results.some((r) => !r.ok) ? `; ${results.filter((r) => !r.ok).length} failed` : ""}
            {results.length < ids.length
              ? `; ${formatCount(ids.length - results.length)} not sent (stopped)`
              : ""}
            .
          </p>
          <FaultAlert error={fault} />
          <ul className="grid max-h-80 gap-1 overflow-auto" data-testid="inbox-bulk-results">
            {results.map((r) => (
              <li key={r.id} data-testid="inbox-bulk-result" data-ok={r.ok} className="flex gap-2">
                <span aria-hidden="true">{r.ok ? "✓" : "✗"}</span>
                <span className="font-mono">
                  {names.get(r.id) ?? r.task?.workflowId ?? `task ${r.id}`}
                </span>
                <span
                  className={
                    r.ok
                      ? "text-emerald-700 dark:text-emerald-400"
                      : "text-red-700 dark:text-red-400"
                  }
                >
                  {r.ok ? "done" : `${r.fault}: ${r.message}`}
                </span>
              </li>
            ))}
          </ul>
          <div>
            <Button onClick={onClose} data-testid="inbox-bulk-close">
              Close
            </Button>
          </div>
        </div>
      ) : (
        <form
          className="grid gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            void run();
          }}
        >
          <p className="text-sm">
            {verb} <strong data-testid="inbox-bulk-count">{plural(ids.length)}</strong> with the
            same comment? Each decision is sent and audited on its own.
          </p>
          <label className="grid gap-1 text-sm">
            <span className="font-medium">Comment</span>
            <textarea
              className={`${inputClass} h-auto py-1`}
              rows={2}
              maxLength={4000}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              data-testid="inbox-bulk-comment"
              autoFocus
              data-autofocus
            />
          </label>
          <FaultAlert error={fault} />
          <div className="flex gap-2">
            <Button
              type="submit"
              variant={variant}
              disabled={busy}
              data-testid="inbox-bulk-confirm"
            >
              {busy
                ? `Working… ${formatCount(sent)} of ${formatCount(ids.length)}`
                : `${verb} ${plural(ids.length)}`}
            </Button>
            {busy ? (
              <Button onClick={() => (stopped.current = true)} data-testid="inbox-bulk-stop">
                Stop after this batch
              </Button>
            ) : (
              <Button onClick={onClose}>Cancel</Button>
            )}
          </div>
        </form>
      )}
    </Dialog>
  );
}
