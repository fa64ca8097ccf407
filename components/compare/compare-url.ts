// The compare page's URL: `/domains/<d>/executions/<workflowId>/<runId>/compare?with=<w>/<r>`.
// Run ids are base64 and may contain "/", so each half of `with` is percent-encoded on its own
// and the "/" between them is the only literal one. Hand-typed values without "%" work as well.
import { executionHref } from "@/components/links";

export interface RunRef {
  workflowId: string;
  runId: string;
}

export function withParam(run: RunRef): string {
  return `${encodeURIComponent(run.workflowId)}/${encodeURIComponent(run.runId)}`;
}

/** The run named by `with`, or undefined when it is absent or not `<workflowId>/<runId>`. */
export function parseWithParam(value: string | null | undefined): RunRef | undefined {
  if (!value) return undefined;
  const slash = value.indexOf("/");
  if (slash <= 0 || slash === value.length - 1) return undefined;
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  // Unencoded run ids may contain "/": everything after the first "/" is the run id.
  return { workflowId: decode(value.slice(0, slash)), runId: decode(value.slice(slash + 1)) };
}

export function compareHref(domain: string, a: RunRef, b?: RunRef): string {
  return executionHref(domain, a.workflowId, a.runId).concat(
    "/compare",
    b ? `?with=${encodeURIComponent(withParam(b))}` : "",
  );
}
