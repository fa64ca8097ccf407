import { decodeSegment } from "@/components/links";

/** The route segments of a run's pages, as Next.js hands them over (still URL-encoded). */
export interface RunParams {
  domain: string;
  workflowId: string;
  runId: string;
}

/** The run that the route names, its segments decoded. */
export function decodeRunParams(p: RunParams): RunParams {
  return {
    domain: decodeSegment(p.domain),
    workflowId: decodeSegment(p.workflowId),
    runId: decodeSegment(p.runId),
  };
}
