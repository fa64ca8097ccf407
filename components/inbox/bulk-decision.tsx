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

/** The fault of a form task a bulk answer cannot give (a required field has no default). */
const NEEDS_OWN = "NeedsOwnDecision";

/**
 * What a finished bulk decision did, in the dialog's title: "5 tasks approved", "3 of 5 tasks
 * approved", "No task approved" — never the question it asked before it ran.
 */
export function bulkTitle(okCount: number, asked: number, done: string): string {
  if (okCount === 0) return `No task ${done}`;
  return okCount === asked
    ? `${plural(asked)} ${done}`
    : `${formatCount(okCount)} of ${plural(asked)} ${done}`;
}

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
  ids: selected,
  names,
  decision,
  onClose,
  onOpen,
  onDone,
}: {
  ids: number[];
  names: Map<number, string>;
  decision: "approve" | "reject";
  onClose: () => void;
  /** Opens one task (a task that needs its own decision). */
  onOpen: (id: number) => void;
  onDone: (decided: number[]) => void;
}) {
  const queryClient = useQueryClient();
  // The tasks the person confirmed: the selection shrinks as they are decided (decided tasks
  // leave it), and the title and counts must go on naming what was asked.
  const [ids] = useState(selected);
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState(false);
  const [fault, setFault] = useState<unknown>(null);
  const [results, setResults] = useState<BulkResult[] | null>(null);
  const [sent, setSent] = useState(0);
  const stopped = useRef(false);
  const { verb, doing, done, variant } = DECISIONS[decision];
  const okCount = results?.filter((r) => r.ok).length ?? 0;
  const needOwn = results?.filter((r) => r.fault === NEEDS_OWN).length ?? 0;
  const failed = (results?.filter((r) => !r.ok).length ?? 0) - needOwn;
  const title = results
    ? bulkTitle(okCount, ids.length, done)
    : busy
      ? `${doing.replace("…", "")} ${plural(ids.length)}…`
      : `${verb} ${plural(ids.length)}`;
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
    <Dialog open title={title} onClose={onClose} busy={busy} testId="inbox-bulk-dialog">
      {results ? (
        <div className="grid gap-2 text-sm">
          <p role="status" data-testid="inbox-bulk-summary">
            {okCount} of {results.length} {done}
            {needOwn
              ? `; ${needOwn} ${needOwn === 1 ? "needs its" : "need their"} own decision (a required field of the form has no default)`
              : ""}
            {failed > 0 ? `; ${failed} failed` : ""}
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
                      : r.fault === NEEDS_OWN
                        ? "text-amber-800 dark:text-amber-300"
                        : "text-red-700 dark:text-red-400"
                  }
                  data-fault={r.fault}
                >
                  {r.ok ? "done" : r.fault === NEEDS_OWN ? r.message : `${r.fault}: ${r.message}`}
                </span>
                {r.fault === NEEDS_OWN ? (
                  <button
                    type="button"
                    className="text-sky-700 underline dark:text-sky-400"
                    onClick={() => onOpen(r.id)}
                    data-testid="inbox-bulk-open"
                  >
                    Open it
                  </button>
                ) : null}
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
            same comment? Each decision is sent and audited on its own
            {decision === "approve"
              ? "; a task with a form is approved with its form's defaults"
              : ""}
            .
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
