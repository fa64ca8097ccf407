"use client";

import { keys } from "@/components/api/keys";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { consoleFetch } from "@/components/api/client";
import { Button } from "@/components/ui/button";
import { ErrorMessage } from "@/components/ui/states";
import { Table, TBody, Td, THead, Tr } from "@/components/ui/table";
import type { FailureGroupView, RerunAnswer } from "./types";
import { windowBody, type FailuresUrlState } from "./window";
import { ExecutionLink } from "@/components/history/run-link";

/** Which input the runs start again with. */
const INPUT_MODES = [
  { mode: "same", label: "Each run's own input" },
  { mode: "edited", label: "One edited input for all runs" },
] as const;

/**
 * Re-run a failure group: choose the input (each run's own, or one for all), preview the starts
 * (a dry run on the server: nothing starts), then confirm. Each start is audited on the server.
 */
export function RerunDialog({
  domain,
  state,
  group,
  onClose,
}: {
  domain: string;
  state: FailuresUrlState;
  group: FailureGroupView;
  onClose: () => void;
}) {
  const [mode, setMode] = useState<"same" | "edited">("same");
  const [input, setInput] = useState("");
  const client = useQueryClient();
  const request = (dryRun: boolean, runs?: { workflowId: string; runId: string }[]) =>
    consoleFetch<RerunAnswer>("/api/failures/rerun", {
      body: {
        domain,
        ...windowBody(state),
        key: group.key,
        dryRun,
        ...(mode === "edited" ? { input } : {}),
        ...(runs ? { runs } : {}),
      },
    });
  const preview = useMutation({ mutationFn: () => request(true) });
  const start = useMutation({
    mutationFn: () =>
      request(
        false,
        preview.data?.plan?.map((p) => p.from),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.failures.all(domain) }),
  });
  const busy = preview.isPending || start.isPending;
  const plan = preview.data?.plan ?? [];
  const startable = plan.filter((p) => p.start).length;
  const results = start.data?.results;
  const skipped = results?.filter((r) => r.outcome === "skipped").length ?? 0;
  /** The next pass: a new preview of the runs still not re-run. */
  const nextPass = () => {
    start.reset();
    preview.mutate();
  };

  return (
    <Dialog
      open
      title={`Re-run ${group.workflowType.name} failures`}
      onClose={onClose}
      busy={busy}
      wide
      testId="rerun-dialog"
    >
      <div className="flex flex-col gap-3 text-sm">
        <p>
          {group.count.toLocaleString("en-US")} run{group.count === 1 ? "" : "s"} closed{" "}
          {group.closeStatus.toLowerCase().replace("_", " ")}:{" "}
          <q className="break-words">{group.reason}</q>. Each starts again under its own workflow id
          with its type, task list, tags and timeouts.
        </p>
        {!results ? (
          <fieldset className="flex flex-col gap-1" disabled={busy}>
            <legend className="font-medium">Input</legend>
            {INPUT_MODES.map((m) => (
              <label key={m.mode} className="flex items-center gap-2">
                <input
                  type="radio"
                  name="rerun-input"
                  checked={mode === m.mode}
                  onChange={() => {
                    setMode(m.mode);
                    preview.reset();
                  }}
                />
                {m.label}
              </label>
            ))}
            {mode === "edited" ? (
              <>
                <label htmlFor="rerun-input-text" className="sr-only">
                  Input for every run
                </label>
                <textarea
                  id="rerun-input-text"
                  rows={4}
                  value={input}
                  onChange={(e) => {
                    setInput(e.target.value);
                    preview.reset();
                  }}
                  className="rounded border border-slate-300 bg-white p-2 font-mono text-xs dark:border-slate-600 dark:bg-slate-900"
                />
              </>
            ) : null}
          </fieldset>
        ) : null}

        {preview.error ? <ErrorMessage error={preview.error} title="The preview failed" /> : null}
        {start.error ? <ErrorMessage error={start.error} title="The re-run failed" /> : null}

        {preview.data && !results ? (
          <div className="flex flex-col gap-2" data-testid="rerun-preview">
            <p>
              {plan.length === 0 ? (
                <>Every run of this group has been re-run already. Nothing would start.</>
              ) : (
                <>
                  Dry run: <strong>{startable}</strong> run{startable === 1 ? "" : "s"} would start
                  {preview.data.remaining > plan.length
                    ? ` (the next ${plan.length} of ${plural(preview.data.remaining, "run")} not re-run yet; re-run again for the rest)`
                    : ""}
                  . Nothing has started yet.
                </>
              )}
              {preview.data.rerun
                ? ` ${plural(preview.data.rerun, "run")} of this group ${preview.data.rerun === 1 ? "was" : "were"} re-run before.`
                : ""}
            </p>
            <Table label="Runs that would start">
              <THead columns={["Workflow id", "Type", "Task list", "Input"]} />
              <TBody>
                {plan.map((p) => (
                  <Tr key={`${p.from.workflowId}/${p.from.runId}`}>
                    <Td>{p.from.workflowId}</Td>
                    <Td>
                      {p.start
                        ? `${p.start.workflowType?.name}@${p.start.workflowType?.version}`
                        : "—"}
                    </Td>
                    <Td>{p.start?.taskList?.name ?? "(type default)"}</Td>
                    <Td className="max-w-64 truncate font-mono text-xs" title={p.start?.input}>
                      {p.problem ? `cannot re-run: ${p.problem}` : (p.start?.input ?? "(none)")}
                    </Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          </div>
        ) : null}

        {results ? (
          <div className="flex flex-col gap-2" data-testid="rerun-results">
            <p role="status">
              Started {results.filter((r) => r.outcome === "ok").length} of {results.length}.
              {skipped ? ` ${skipped} skipped: re-run already (each says by what).` : ""}{" "}
              {start.data?.remaining
                ? `${plural(start.data.remaining, "run")} of this group not re-run yet.`
                : "Every run of this group has been re-run."}
            </p>
            <ul className="flex flex-col gap-1">
              {results.map((r) => (
                <li key={`${r.from.workflowId}/${r.from.runId}`}>
                  {r.outcome === "ok" && r.runId ? (
                    <ExecutionLink
                      domain={domain}
                      run={{ workflowId: r.from.workflowId, runId: r.runId }}
                    >
                      {r.from.workflowId}: new run
                    </ExecutionLink>
                  ) : r.outcome === "skipped" ? (
                    <span className="text-slate-600 dark:text-slate-400">
                      {r.from.workflowId}: {r.message}
                      {r.runId ? (
                        <>
                          {" "}
                          (
                          <ExecutionLink
                            domain={domain}
                            run={{ workflowId: r.from.workflowId, runId: r.runId }}
                          >
                            its run
                          </ExecutionLink>
                          )
                        </>
                      ) : null}
                    </span>
                  ) : (
                    <span className="text-red-700 dark:text-red-300">
                      {r.from.workflowId}: {r.message ?? r.fault}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          </div>
        ) : null}

        <div className="flex justify-end gap-2">
          {results ? (
            <>
              {start.data?.remaining ? (
                <Button onClick={nextPass}>Preview the next runs</Button>
              ) : null}
              <Button onClick={onClose} data-autofocus>
                Close
              </Button>
            </>
          ) : (
            <>
              <Button onClick={onClose} disabled={busy}>
                Cancel
              </Button>
              <Button onClick={() => preview.mutate()} disabled={busy}>
                Preview (dry run)
              </Button>
              <Button
                variant="primary"
                onClick={() => start.mutate()}
                disabled={busy || !preview.data || startable === 0}
                title={preview.data ? undefined : "Preview first"}
                // Once the preview is in, starting is the next step: focus goes there.
                data-autofocus={preview.data ? true : undefined}
              >
                Start {preview.data ? startable : ""} run{startable === 1 ? "" : "s"}
              </Button>
            </>
          )}
        </div>
      </div>
    </Dialog>
  );
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;
}
