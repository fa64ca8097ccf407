import type { Metadata } from "next";
import { Suspense } from "react";
import { CompareView } from "@/components/compare/compare-view";
import { decodeSegment } from "@/components/links";
import { decodeRunParams, type RunParams } from "../run-params";

export async function generateMetadata({
  params,
}: {
  params: Promise<RunParams>;
}): Promise<Metadata> {
  const p = await params;
  return { title: `Compare ${decodeSegment(p.workflowId)} · SWF Console` };
}

/** This run compared with another (`?with=<workflowId>/<runId>`; default: latest completed run of its type). */
export default async function ComparePage({
  params,
  searchParams,
}: {
  params: Promise<RunParams>;
  searchParams: Promise<{ with?: string | string[] }>;
}) {
  const [p, q] = await Promise.all([params, searchParams]);
  const withValue = Array.isArray(q.with) ? q.with[0] : q.with;
  const { domain, workflowId, runId } = decodeRunParams(p);
  return (
    <Suspense fallback={<p className="text-sm text-slate-600">Loading…</p>}>
      <CompareView
        key={`${domain}\n${workflowId}\n${runId}\n${withValue ?? ""}`}
        domain={domain}
        workflowId={workflowId}
        runId={runId}
        withValue={withValue}
      />
    </Suspense>
  );
}
