"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { requiresText, useSession } from "@/components/auth/session";
import { startHref } from "@/components/links";
import { FaultAlert, Success } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SignalForm, type SignalValues } from "@/components/forms/signal-form";
import { EMPTY_START, startRequest } from "@/components/forms/start-values";
import {
  TerminateForm,
  terminateFields,
  type TerminateValues,
} from "@/components/forms/terminate-form";
import { generateWorkflowId } from "@/components/forms/workflow-id";
import { keys } from "@/components/api/keys";
import { useSwfAction as useSharedSwfAction } from "@/components/api/use-swf-action";
import type { Capability } from "@/lib/console/roles";
import { Dialog } from "@/components/ui/dialog";
import { CliCommand } from "./cli-command-view";
import { fetchStartAttributes, startValuesFrom } from "./start-attributes";
import { ConfirmButtons } from "@/components/ui/confirm-buttons";
import { ExecutionLink } from "@/components/history/run-link";

type DialogKind = "signal" | "cancel" | "terminate" | "rerun";

export interface ExecutionActionsProps {
  domain: string;
  workflowId: string;
  runId: string;
  /** `OPEN` or `CLOSED` (executionStatus); a close status such as `COMPLETED` also counts as closed. */
  status: string;
  /** Called after a successful action (the page may refetch; all queries are invalidated anyway). */
  onChanged?: () => void;
}

/**
 * Signal, request cancel, terminate and re-run one execution. Controls the signed-in role may not
 * use are disabled with the reason; the server checks the role again.
 */
export function ExecutionActions({
  domain,
  workflowId,
  runId,
  status,
  onChanged,
}: ExecutionActionsProps) {
  const { data: session } = useSession();
  const [dialog, setDialog] = useState<DialogKind | null>(null);
  const isOpen = /^open$/i.test(status);
  const why = (cap: Capability, needsOpen: boolean): string | undefined =>
    !session?.can[cap]
      ? requiresText(cap)
      : needsOpen && !isOpen
        ? "The execution is closed"
        : undefined;

  const buttons: {
    kind: DialogKind;
    label: string;
    cap: Capability;
    needsOpen: boolean;
    danger?: boolean;
  }[] = [
    { kind: "signal", label: "Signal", cap: "signal", needsOpen: true },
    { kind: "cancel", label: "Request cancel", cap: "cancel", needsOpen: true },
    { kind: "terminate", label: "Terminate", cap: "terminate", needsOpen: true, danger: true },
    { kind: "rerun", label: "Re-run", cap: "rerun", needsOpen: false },
  ];
  const close = () => setDialog(null);
  const target = { domain, workflowId, runId };

  return (
    <div className="flex flex-wrap gap-2" data-testid="execution-actions">
      {buttons.map((b) => {
        const reason = why(b.cap, b.needsOpen);
        return (
          <Button
            key={b.kind}
            variant={b.danger ? "danger" : "secondary"}
            disabled={Boolean(reason)}
            title={reason}
            aria-describedby={undefined}
            onClick={() => setDialog(b.kind)}
            data-testid={`action-${b.kind}`}
          >
            {b.label}
          </Button>
        );
      })}
      {dialog === "signal" ? (
        <SignalDialog {...target} onClose={close} onChanged={onChanged} />
      ) : null}
      {dialog === "cancel" ? (
        <CancelDialog {...target} onClose={close} onChanged={onChanged} />
      ) : null}
      {dialog === "terminate" ? (
        <TerminateDialog {...target} onClose={close} onChanged={onChanged} />
      ) : null}
      {dialog === "rerun" ? <RerunDialog {...target} isOpen={isOpen} onClose={close} /> : null}
    </div>
  );
}

interface DialogProps {
  domain: string;
  workflowId: string;
  runId: string;
  onClose: () => void;
  onChanged?: () => void;
}

/**
 * Runs one SWF call for a dialog; `onChanged` after success (only the touched keys are
 * invalidated). `form` is what the dialog's form needs of it: busy, the fault, the way out.
 */
function useSwfAction({ onChanged, onClose }: Pick<DialogProps, "onChanged" | "onClose">) {
  const action = useSharedSwfAction(() => onChanged?.());
  return { ...action, form: { busy: action.busy, fault: action.fault, onCancel: onClose } };
}

function Target({ workflowId, runId }: { workflowId: string; runId: string }) {
  return (
    <span className="font-mono break-all">
      {workflowId} <span className="text-slate-500">({runId})</span>
    </span>
  );
}

/** Each action dialog's title and what it says once the action succeeded (test id: `<kind>-dialog`). */
const DIALOGS = {
  signal: { title: "Signal execution", done: "Signal sent." },
  cancel: {
    title: "Request cancellation",
    done: "Cancellation requested. The workflow decides how to stop.",
  },
  terminate: { title: "Terminate execution", done: "Execution terminated." },
};

/** An action's dialog: its form (or confirmation) until the action succeeds, then what happened. */
function ActionDialog({
  kind,
  action: { busy, done },
  onClose,
  children,
}: {
  kind: keyof typeof DIALOGS;
  action: { busy: boolean; done: boolean };
  onClose: () => void;
  children: ReactNode;
}) {
  const { title, done: doneText } = DIALOGS[kind];
  return (
    <Dialog open title={title} onClose={onClose} busy={busy} testId={`${kind}-dialog`}>
      {done ? <DoneThen onClose={onClose}>{doneText}</DoneThen> : children}
    </Dialog>
  );
}

function SignalDialog({ domain, workflowId, runId, ...dialog }: DialogProps) {
  const action = useSwfAction(dialog);
  const request = (v: SignalValues) => ({
    domain,
    workflowId,
    runId,
    signalName: v.signalName,
    ...(v.input ? { input: v.input } : {}),
  });
  const send = (v: SignalValues) => action.run("SignalWorkflowExecution", request(v));
  return (
    <ActionDialog kind="signal" action={action} onClose={dialog.onClose}>
      <p className="mb-3 text-sm">
        To <Target workflowId={workflowId} runId={runId} />
      </p>
      <SignalForm {...action.form} onSubmit={send} commandFor={request} />
    </ActionDialog>
  );
}

function CancelDialog({ domain, workflowId, runId, ...dialog }: DialogProps) {
  const action = useSwfAction(dialog);
  const request = { domain, workflowId, runId };
  return (
    <ActionDialog kind="cancel" action={action} onClose={dialog.onClose}>
      <div className="grid gap-3">
        <p className="text-sm">
          Ask <Target workflowId={workflowId} runId={runId} /> to cancel? The decider receives a
          WorkflowExecutionCancelRequested event and may clean up before closing.
        </p>
        <CliCommand action="RequestCancelWorkflowExecution" input={request} />
        <FaultAlert error={action.fault} />
        <ConfirmButtons
          variant="danger"
          label="Request cancel"
          busyLabel="Requesting…"
          busy={action.busy}
          onConfirm={() => action.run("RequestCancelWorkflowExecution", request)}
          testId="cancel-confirm"
          cancelLabel="Back"
          onCancel={dialog.onClose}
        />
      </div>
    </ActionDialog>
  );
}

function TerminateDialog({ domain, workflowId, runId, ...dialog }: DialogProps) {
  const action = useSwfAction(dialog);
  const request = (v: TerminateValues) => ({ domain, workflowId, runId, ...terminateFields(v) });
  const terminate = (v: TerminateValues) => action.run("TerminateWorkflowExecution", request(v));
  return (
    <ActionDialog kind="terminate" action={action} onClose={dialog.onClose}>
      <TerminateForm
        {...action.form}
        what={<Target workflowId={workflowId} runId={runId} />}
        onSubmit={terminate}
        commandFor={request}
      />
    </ActionDialog>
  );
}

function RerunDialog({
  domain,
  workflowId,
  runId,
  isOpen,
  onClose,
}: Omit<DialogProps, "onChanged"> & { isOpen: boolean }) {
  const start = useQuery({
    queryKey: keys.execution.startAttributes({ domain, workflowId, runId }),
    queryFn: () => fetchStartAttributes(domain, workflowId, runId),
  });
  const [newId] = useState(() =>
    generateWorkflowId(workflowId.replace(/-\d{8}-\d{6}-[a-z0-9]{5}$/, "")),
  );
  const [idChoice, setIdChoice] = useState<"new" | "same">("new");
  const { busy, fault, output, run } = useSharedSwfAction<{ runId: string }>();
  const [startedId, setStartedId] = useState(workflowId);
  const chosenId = idChoice === "same" && !isOpen ? workflowId : newId;
  const started = output ? { workflowId: startedId, runId: output.runId } : null;

  const request = start.data
    ? startRequest(domain, { ...EMPTY_START, ...startValuesFrom(start.data, chosenId) })
    : undefined;
  const rerun = () => {
    if (!request) return;
    setStartedId(chosenId);
    void run("StartWorkflowExecution", request);
  };

  const attrs = start.data;
  return (
    <Dialog open title="Re-run execution" onClose={onClose} busy={busy} testId="rerun-dialog" wide>
      {started ? (
        <Success>
          Started{" "}
          <ExecutionLink
            className="font-mono underline"
            domain={domain}
            run={started}
            data-testid="rerun-link"
          >
            {started.workflowId}
          </ExecutionLink>{" "}
          (run <span className="font-mono">{started.runId}</span>).
        </Success>
      ) : (
        <div className="grid gap-3 text-sm">
          <p>
            Start a new execution with the type, input, tags and settings of{" "}
            <Target workflowId={workflowId} runId={runId} />.
          </p>
          {start.isPending ? <p className="text-slate-500">Loading the original start…</p> : null}
          <FaultAlert error={start.error} />
          {attrs ? (
            <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
              <dt className="text-slate-500">Type</dt>
              <dd className="font-mono">
                {attrs.workflowType?.name} {attrs.workflowType?.version}
              </dd>
              <dt className="text-slate-500">Task list</dt>
              <dd className="font-mono">{attrs.taskList?.name}</dd>
              <dt className="text-slate-500">Tags</dt>
              <dd className="font-mono">
                {attrs.tagList?.length ? attrs.tagList.join(", ") : "—"}
              </dd>
              <dt className="text-slate-500">Input</dt>
              <dd>
                <pre
                  className="max-h-48 overflow-auto whitespace-pre-wrap break-words rounded bg-slate-100 p-2 font-mono text-xs dark:bg-slate-800"
                  data-testid="rerun-input"
                >
                  {attrs.input ?? "(none)"}
                </pre>
              </dd>
            </dl>
          ) : null}
          <fieldset className="grid gap-1">
            <legend className="font-medium">Workflow ID</legend>
            <label className="flex items-center gap-2">
              <input
                type="radio"
                name="rerun-id"
                checked={idChoice === "new"}
                onChange={() => setIdChoice("new")}
                data-testid="rerun-new-id"
              />
              New: <span className="font-mono break-all">{newId}</span>
            </label>
            <label
              className={`flex items-center gap-2 ${isOpen ? "opacity-50" : ""}`}
              title={
                isOpen
                  ? "The run is still open: an open execution's ID cannot be reused"
                  : undefined
              }
            >
              <input
                type="radio"
                name="rerun-id"
                checked={idChoice === "same"}
                disabled={isOpen}
                onChange={() => setIdChoice("same")}
                data-testid="rerun-same-id"
              />
              Same: <span className="font-mono break-all">{workflowId}</span>
              {isOpen ? <span className="text-xs">(only once this run is closed)</span> : null}
            </label>
          </fieldset>
          {request ? <CliCommand action="StartWorkflowExecution" input={request} /> : null}
          <FaultAlert error={fault} title="SWF refused to start the execution" />
          <ConfirmButtons
            label="Start"
            busyLabel="Starting…"
            busy={busy}
            disabled={!attrs}
            onConfirm={rerun}
            testId="rerun-confirm"
            onCancel={onClose}
          >
            <Link className="ml-auto underline" href={startHref(domain, { workflowId, runId })}>
              Edit in the start form
            </Link>
          </ConfirmButtons>
        </div>
      )}
    </Dialog>
  );
}

function DoneThen({ children, onClose }: { children: ReactNode; onClose: () => void }) {
  return (
    <div className="grid gap-3">
      <Success>{children}</Success>
      <div>
        <Button onClick={onClose} data-testid="dialog-done" data-autofocus>
          Close
        </Button>
      </div>
    </div>
  );
}
