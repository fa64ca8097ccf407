"use client";

import { useQuery } from "@tanstack/react-query";
import { keys } from "@/components/api/keys";
import { Loading } from "@/components/ui/states";
import { fetchStartAttributes, startValuesFrom } from "@/components/actions/start-attributes";
import { FaultAlert } from "@/components/ui/alert";
import { StartExecutionForm } from "./start-execution-form";
import { generateWorkflowId } from "./workflow-id";

/** The start form, prefilled from an earlier run when `from`/`run` are given (re-run with edits). */
export function StartFromRun({
  domain,
  from,
  run,
}: {
  domain: string;
  from?: string;
  run?: string;
}) {
  const source = useQuery({
    queryKey: keys.execution.startAttributes({ domain, workflowId: from ?? "", runId: run ?? "" }),
    queryFn: () => fetchStartAttributes(domain, from!, run!),
    enabled: Boolean(from && run),
  });
  if (!from || !run) return <StartExecutionForm domain={domain} />;
  if (source.isPending) return <Loading>Loading the run to repeat…</Loading>;
  if (source.error) {
    return (
      <div className="grid gap-4">
        <FaultAlert error={source.error} title="The run to repeat could not be loaded" />
        <StartExecutionForm domain={domain} />
      </div>
    );
  }
  const initial = startValuesFrom(
    source.data,
    generateWorkflowId(source.data.workflowType?.name ?? "workflow"),
  );
  return (
    <div className="grid gap-3">
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Prefilled from <span className="font-mono">{from}</span> (run{" "}
        <span className="font-mono">{run}</span>).
      </p>
      <StartExecutionForm domain={domain} initial={initial} />
    </div>
  );
}
