"use client";

import { useSwfTarget } from "@/components/layout/swf-target";
import { CopyButton } from "@/components/ui/copy-button";
import type { ActionName } from "@/lib/swf/actions";
import { awsCliCommand } from "./cli-command";

/** The equivalent `aws swf …` command of an action dialog, ready to copy. */
export function CliCommand({
  action,
  input,
  note,
}: {
  action: ActionName;
  input: object;
  note?: string;
}) {
  const target = useSwfTarget();
  const command = awsCliCommand(action, input, target);
  return (
    <details className="text-xs" data-testid="cli-command">
      <summary className="cursor-pointer select-none text-slate-600 dark:text-slate-400">
        AWS CLI equivalent
      </summary>
      <div className="mt-1 flex items-start gap-2">
        <pre
          className="min-w-0 flex-1 overflow-x-auto whitespace-pre-wrap break-all rounded bg-slate-100 p-2 font-mono dark:bg-slate-800"
          data-testid="cli-command-text"
        >
          {command}
        </pre>
        <CopyButton text={command} label="Copy the command" testId="cli-command-copy" />
      </div>
      {note ? <p className="mt-1 text-slate-500">{note}</p> : null}
    </details>
  );
}
