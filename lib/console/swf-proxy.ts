/**
 * The console's door to SWF: the allow-listed actions (lib/swf/actions.ts) sent with the
 * console's client. The route `/api/swf/<Action>` and server-rendered pages both go through it,
 * so a page can never call what the browser could not.
 */
import { ACTIONS, isAction, type ActionName, type ActionSpec } from "@/lib/swf/actions";
import type { SWFClient } from "@aws-sdk/client-swf";
import { CONSOLE_SWF, consoleCallTimeoutMs, createSwfClient, swfClient } from "@/lib/swf/client";
import { throttlingRetries } from "@/lib/swf/write-retries";
import type { Db } from "./db";
import { ConsoleFault, toConsoleFault, zodMessage } from "./faults";
import { afterSwfAction } from "./inbox-runs";
import { roleAtLeast } from "./roles";
import type { SessionUser } from "./sessions";

/** The action's spec, or 404 `UnknownAction` for anything outside the allow-list. */
export function swfAction(name: string): { name: ActionName; spec: ActionSpec } {
  if (!isAction(name))
    throw new ConsoleFault(404, "UnknownAction", `Action ${name} is not available`);
  return { name, spec: ACTIONS[name] };
}

const WRITER = Symbol.for("swf-console.swf-write-client");

/**
 * The console's client for calls that change state: it retries throttling only. The SDK retries a
 * 5xx, a timeout or a reset connection, but SWF may have acted on the first try already: a signal
 * would arrive twice, and a start that happened would be answered WorkflowExecutionAlreadyStarted.
 * Such a call fails once, with its fault, and the person decides whether to try again.
 */
export function swfWriteClient(): SWFClient {
  const g = globalThis as { [WRITER]?: SWFClient };
  return (g[WRITER] ??= createSwfClient({
    ...CONSOLE_SWF,
    requestTimeoutMs: consoleCallTimeoutMs(),
    config: { retryStrategy: throttlingRetries() },
  }));
}

/** Sends a validated input; the answer without the SDK's `$metadata`. */
export async function sendSwf(spec: ActionSpec, input: object): Promise<Record<string, unknown>> {
  const client = spec.mutating ? swfWriteClient() : swfClient();
  const { $metadata: _, ...output } = await client.send(new spec.command(input));
  return output;
}

/**
 * Sends a browser's action, then lets the inbox catch up with it (a terminated run's human tasks
 * stop showing as pending at once).
 */
export async function sendSwfAction(
  db: Db,
  name: ActionName,
  spec: ActionSpec,
  input: object,
): Promise<Record<string, unknown>> {
  const output = await sendSwf(spec, input);
  await afterSwfAction(db, swfClient(), name, input);
  return output;
}

/** How server components call SWF: `call<T>(action, input)`. */
export type ServerSwfCall = <T>(action: string, input: object) => Promise<T>;

/**
 * SWF reads for server-rendered pages, as the signed-in visitor: the same allow-list, role and
 * validation as `/api/swf/<Action>`. Pages only read while rendering; writes are refused.
 * Errors carry `fault` and `message`, like the route's JSON.
 */
export function serverSwf(user: SessionUser | undefined): ServerSwfCall {
  return async <T>(action: string, input: object): Promise<T> => {
    try {
      if (!user) throw new ConsoleFault(401, "Unauthenticated", "Sign in to use the console");
      const { spec } = swfAction(action);
      if (spec.mutating)
        throw new ConsoleFault(403, "AccessDenied", `${action} is not called while rendering`);
      if (!roleAtLeast(user.role, spec.role))
        throw new ConsoleFault(403, "AccessDenied", `${action} requires the ${spec.role} role`);
      // What the browser would send: dates become ISO strings, undefined fields vanish.
      const parsed = spec.input.safeParse(JSON.parse(JSON.stringify(input)));
      if (!parsed.success) throw new ConsoleFault(400, "ValidationError", zodMessage(parsed.error));
      // And what the browser would get back: the route's JSON (dates as ISO strings).
      return JSON.parse(JSON.stringify(await sendSwf(spec, parsed.data))) as T;
    } catch (error) {
      const fault = toConsoleFault(error);
      throw Object.assign(new Error(fault.message), {
        fault: fault.fault,
        message: fault.message,
        status: fault.status,
      });
    }
  };
}
