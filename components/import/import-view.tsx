"use client";
// "Import a history": paste or upload what `aws swf get-workflow-execution-history` printed and
// read it in the console's views. Nothing is sent anywhere: parsing and every view run in the
// browser, so a history from any account (or a bug report) can be read without an endpoint.
import type { HistoryEvent } from "@aws-sdk/client-swf";
import { useMemo, useState, type ChangeEvent, type FormEvent } from "react";
import { closeReason } from "@/lib/history/close-reason";
import { summarizeExecution } from "@/lib/history/summary";
import { StatusBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { labelClass } from "@/components/ui/field";
import { HistoryViews } from "./history-views";
import { MAX_HISTORY_BYTES, parseHistoryJson } from "./parse-history";

interface Imported {
  events: HistoryEvent[];
  /** File name, or "pasted text". */
  source: string;
}

export function ImportView() {
  const [text, setText] = useState("");
  const [error, setError] = useState<string>();
  const [imported, setImported] = useState<Imported>();

  const show = (raw: string, source: string) => {
    const parsed = parseHistoryJson(raw);
    if ("error" in parsed) {
      setError(parsed.error);
      return;
    }
    setError(undefined);
    setImported({ events: parsed.events, source });
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    show(text, "pasted text");
  };

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = "";
    if (!file) return;
    if (file.size > MAX_HISTORY_BYTES) {
      setError(`${file.name} is larger than ${MAX_HISTORY_BYTES / 1024 / 1024} MB.`);
      return;
    }
    show(await file.text(), file.name);
  };

  if (imported)
    return (
      <ImportedHistory
        imported={imported}
        onClear={() => {
          setImported(undefined);
          setText("");
        }}
      />
    );

  return (
    <form
      onSubmit={onSubmit}
      className="flex max-w-4xl flex-col gap-3"
      aria-label="Import a history"
    >
      <p className="text-sm text-slate-700 dark:text-slate-300">
        Paste the JSON that{" "}
        <code className="font-mono">aws swf get-workflow-execution-history</code> prints, or a
        history downloaded from this console. It stays in this browser: nothing is uploaded to the
        console or to SWF.
      </p>
      <label className={labelClass} htmlFor="history-json">
        History JSON
      </label>
      <textarea
        id="history-json"
        value={text}
        onChange={(e) => setText(e.target.value)}
        rows={12}
        spellCheck={false}
        placeholder='{"events": [{"eventId": 1, "eventType": "WorkflowExecutionStarted", "eventTimestamp": 1733490000.0, …}]}'
        className="w-full rounded-md border border-slate-300 bg-white p-2 font-mono text-xs text-slate-900 dark:border-slate-700 dark:bg-slate-950 dark:text-slate-100"
      />
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="primary">
          Show history
        </Button>
        <label className="text-sm text-slate-700 dark:text-slate-300">
          or upload a file{" "}
          <input
            type="file"
            accept="application/json,.json"
            onChange={(e) => void onFile(e)}
            aria-label="Upload a history file"
            className="text-sm"
          />
        </label>
      </div>
      {error ? (
        <p
          role="alert"
          className="text-sm text-red-700 dark:text-red-300"
          data-testid="import-error"
        >
          {error}
        </p>
      ) : null}
    </form>
  );
}

function ImportedHistory({ imported, onClear }: { imported: Imported; onClear(): void }) {
  const { events } = imported;
  const summary = useMemo(() => summarizeExecution(events), [events]);
  const reason = useMemo(() => closeReason(events), [events]);
  const started = events[0]?.workflowExecutionStartedEventAttributes;
  // The file does not say which run it is; the parent's ids are the only ones it may carry.
  const workflowId = "imported";
  const runId = summary.continuedFromRunId ?? "history";
  return (
    <div className="flex flex-col gap-4" data-testid="imported-history">
      <div className="flex flex-wrap items-center gap-3">
        <h2 className="text-lg font-semibold">
          {summary.workflowType?.name ?? "Workflow"}
          {summary.workflowType?.version ? (
            <span className="ml-1 text-sm font-normal text-slate-600 dark:text-slate-400">
              v{summary.workflowType.version}
            </span>
          ) : null}
        </h2>
        <StatusBadge status={summary.visualStatus} size="md" />
        <span className="text-sm text-slate-600 dark:text-slate-400">
          {events.length.toLocaleString("en-US")} events from {imported.source}
        </span>
        <Button type="button" variant="secondary" size="sm" onClick={onClear}>
          Import another
        </Button>
      </div>
      {reason && reason.status !== "COMPLETED" ? (
        <p className="text-sm" data-testid="close-reason">
          {reason.summary}
        </p>
      ) : null}
      {started?.taskList?.name ? (
        <p className="text-xs text-slate-600 dark:text-slate-400">
          Task list {started.taskList.name}
        </p>
      ) : null}
      <HistoryViews events={events} run={{ domain: "", workflowId, runId }} />
    </div>
  );
}
