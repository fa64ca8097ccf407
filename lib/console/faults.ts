/**
 * The console API's errors: a status, a fault name the caller can branch on, a message a person
 * can read, and optional extra fields (e.g. the task a late decider lost to). Route handlers
 * throw these; the route wrapper turns them into `{fault, message, ...extra}` JSON.
 */
import type { ZodError } from "zod";
import { toSwfError } from "@/lib/swf/errors";
import { DatabaseUnavailableError } from "./db/types";

export class ConsoleFault extends Error {
  constructor(
    readonly status: number,
    readonly fault: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = fault;
  }
}

/** `path: message; path: message` — the same wording for every route's validation errors. */
export function zodMessage(error: ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
}

export const validationFault = (message: string) =>
  new ConsoleFault(400, "ValidationError", message);

/** True for errors thrown by the AWS SDK (SWF faults, network failures reaching SWF, no keys). */
function isSdkError(error: unknown): boolean {
  const e = error as { $metadata?: unknown; $fault?: unknown; code?: unknown; name?: unknown };
  return (
    typeof error === "object" &&
    error !== null &&
    (e.$metadata !== undefined ||
      e.$fault !== undefined ||
      // Before any request: the SDK found no credentials (against AWS, nothing configured).
      e.name === "CredentialsProviderError" ||
      /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT)$/.test(String(e.code)))
  );
}

/**
 * Any error → the fault the caller gets. Console faults as they are; SWF's faults with SWF's name
 * (a caller's mistake is a 4xx, never a 500); anything else is the console's own failure.
 */
export function toConsoleFault(error: unknown): ConsoleFault {
  if (error instanceof ConsoleFault) return error;
  if (error instanceof DatabaseUnavailableError)
    return new ConsoleFault(503, "DatabaseUnavailable", "The console database does not answer");
  if (isSdkError(error)) {
    const { status, body } = toSwfError(error);
    return new ConsoleFault(status, body.fault, body.message);
  }
  return new ConsoleFault(500, "InternalError", "The console failed to handle this request");
}
