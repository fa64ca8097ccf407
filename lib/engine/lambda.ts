import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { createLogger } from "../log";
import type { EngineContext } from "./context";
import { finishLambda, type LambdaOutcome } from "./core/lambda";
import type { LambdaInvocation } from "./core/run";

const log = createLogger("engine.lambda");

/** SWF's limits on what a LambdaFunctionCompleted/Failed event carries. */
const MAX_RESULT = 32_768;
const MAX_REASON = 256;

/**
 * Runs started Lambda tasks through the standard Lambda Invoke API (AWS Lambda, LocalStack, or
 * the project's local function runner), signed with the engine's credential chain, and records
 * each answer in one transaction. It waits for a function until its START_TO_CLOSE deadline;
 * the deadline itself (durable, in the store) records the time-out, so a late answer or one
 * that arrives after the run closed is simply dropped.
 */
export class LambdaRunner {
  private readonly client: LambdaClient;
  private readonly inflight = new Set<AbortController>();
  private closed = false;

  constructor(
    private readonly ctx: EngineContext,
    endpoint: string,
  ) {
    this.client = new LambdaClient({
      endpoint,
      region: ctx.settings.region,
      // One attempt: a retried invocation could run the function twice.
      maxAttempts: 1,
      ...localCredentials(endpoint),
    });
  }

  /** Invokes each function once the transaction that started it is durable. */
  invoke(invocations: readonly LambdaInvocation[]) {
    void this.ctx.store.settled().then(
      () => {
        for (const invocation of invocations) void this.run(invocation);
      },
      // The commit failed: no LambdaFunctionStarted was stored, so nothing may run.
      () => {},
    );
  }

  /** Stops waiting for every function in flight; their answers are not recorded. */
  close() {
    this.closed = true;
    for (const abort of this.inflight) abort.abort();
    this.client.destroy();
  }

  private async run(invocation: LambdaInvocation) {
    if (this.closed) return;
    const abort = new AbortController();
    this.inflight.add(abort);
    const cancelAlarm = this.ctx.clock.setAlarm(invocation.deadline, () => abort.abort());
    let outcome: LambdaOutcome;
    try {
      const output = await this.client.send(
        new InvokeCommand({
          FunctionName: invocation.name,
          ...(invocation.input !== undefined ? { Payload: Buffer.from(invocation.input) } : {}),
        }),
        { abortSignal: abort.signal },
      );
      outcome = outcomeOf(output);
    } catch (error) {
      // Timed out (its deadline records that) or the engine is stopping: nothing to record.
      if (abort.signal.aborted) return;
      const e = error as Error;
      outcome = {
        kind: "failed",
        reason: truncate(e.name || "InvokeFailed", MAX_REASON),
        details: truncate(e.message, MAX_RESULT),
      };
    } finally {
      cancelAlarm();
      this.inflight.delete(abort);
    }
    if (this.closed) return;
    try {
      this.ctx.transact((tx) =>
        finishLambda(tx, invocation.executionId, invocation.scheduledEventId, outcome),
      );
    } catch (error) {
      log.error(
        { err: error, executionId: invocation.executionId, function: invocation.name },
        "could not record a Lambda answer; the function will time out",
      );
    }
  }
}

/**
 * An answer carrying X-Amz-Function-Error is a failure: its reason is the error's type from
 * the payload (`errorType`, as Lambda runtimes report it), its details the payload itself.
 */
export function outcomeOf(output: { FunctionError?: string; Payload?: Uint8Array }): LambdaOutcome {
  const payload = output.Payload ? Buffer.from(output.Payload).toString("utf8") : "";
  if (output.FunctionError) {
    let reason = output.FunctionError;
    try {
      const body = JSON.parse(payload) as { errorType?: unknown };
      if (typeof body?.errorType === "string" && body.errorType) reason = body.errorType;
    } catch {
      /* not JSON: keep the header's value */
    }
    return {
      kind: "failed",
      reason: truncate(reason, MAX_REASON),
      details: truncate(payload, MAX_RESULT),
    };
  }
  if (payload.length > MAX_RESULT) {
    return {
      kind: "failed",
      reason: "ResultTooLarge",
      details: `The function answered ${payload.length} characters; a Lambda task's result holds at most ${MAX_RESULT}`,
    };
  }
  return { kind: "completed", result: payload };
}

const truncate = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text);

/**
 * A local endpoint (the function runner, LocalStack) accepts any signature, but the SDK still
 * wants credentials: dummy keys when the environment names none. Elsewhere the SDK's own chain.
 */
function localCredentials(endpoint: string, env: NodeJS.ProcessEnv = process.env) {
  const local = /^https?:\/\/(127\.|localhost|\[::1\])/.test(endpoint);
  return local && !env.AWS_ACCESS_KEY_ID && !env.AWS_PROFILE
    ? { credentials: { accessKeyId: "local", secretAccessKey: "local" } }
    : {};
}
