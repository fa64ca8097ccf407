import type { Metadata } from "next";
import { Suspense } from "react";
import { ExecutionDetail } from "@/components/execution/execution-detail";
import { decodeSegment } from "@/components/links";
import { ExecutionLiveSync } from "@/components/live/live-sync";
import { decodeRunParams, type RunParams } from "./run-params";

export async function generateMetadata({
  params,
}: {
  params: Promise<RunParams>;
}): Promise<Metadata> {
  const p = await params;
  return { title: `${decodeSegment(p.workflowId)} · ${decodeSegment(p.domain)} · SWF Console` };
}

/** One run of a workflow execution: summary, pending work, history, timeline, graph, JSON. */
export default async function ExecutionPage({ params }: { params: Promise<RunParams> }) {
  const p = await params;
  const { domain, workflowId, runId } = decodeRunParams(p);
  return (
    <Suspense fallback={<p className="text-sm text-slate-600">Loading execution…</p>}>
      <ExecutionLiveSync domain={domain} workflowId={workflowId} runId={runId} />
      {/* Keyed by run: moving to another run (parent, child, next run) starts from a clean state.
          Its one live indicator sits beside the run's status, in its header. */}
      <ExecutionDetail
        key={`${domain}\n${workflowId}\n${runId}`}
        domain={domain}
        workflowId={workflowId}
        runId={runId}
      />
    </Suspense>
  );
}
