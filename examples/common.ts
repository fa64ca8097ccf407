/**
 * Small helpers the examples share: their command lines' SWF client and failure line.
 */
import type { SWFClient, WorkflowExecution } from "@aws-sdk/client-swf";
import { executionHref } from "../components/links";
import { createSwfClient, refusedConnection } from "../lib/worker";

/**
 * The SWF client of the examples' command lines: AWS_ENDPOINT_URL_SWF when set, else the engine
 * `npm start` runs (http://127.0.0.1:7070, or on ENGINE_PORT). AWS only when asked
 * (SWF_USE_AWS=1), never because nothing was configured: a sample must not register domains and
 * start executions in whatever AWS account the machine's credentials happen to open.
 */
export function exampleSwfClient(): SWFClient {
  return createSwfClient({ fallback: "embedded" });
}

/**
 * What a command line prints when it fails; when no engine answers, or the example is not
 * registered there yet, also what to do.
 */
export function describeFailure(error: unknown): string {
  const line = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  // Starting runs before anything registered the example's domain and types.
  if ((error as Error | undefined)?.name === "UnknownResourceFault")
    return (
      `${line}\nRegister the example first: npx tsx examples/<example>/register.ts ` +
      "(its workers.ts registers too)."
    );
  const refused = refusedConnection(error);
  if (!refused) return line;
  return (
    `${line}\nNo SWF endpoint answers at ${refused.address}:${refused.port}: start the engine ` +
    "(`npm start`), or point AWS_ENDPOINT_URL_SWF at the one you run."
  );
}

/** True when this module is the program tsx was asked to run (CommonJS entry check). */
export function isMain(mod: { id?: string; filename?: string } | undefined): boolean {
  return typeof require !== "undefined" && mod !== undefined && require.main === mod;
}

/**
 * A run's page in the console `npm start` runs beside the examples: the address it prints
 * (localhost, on PORT, default 3000, so that the browser's session there is the one used) and the
 * console's own path to the run.
 */
export function consoleRunUrl(
  domain: string,
  execution: WorkflowExecution,
  env: Record<string, string | undefined> = process.env,
): string {
  return `http://localhost:${env.PORT || "3000"}${executionHref(domain, execution.workflowId ?? "", execution.runId ?? "")}`;
}
