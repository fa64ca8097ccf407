/** A fault as the console's route handlers return it to the browser. */
export interface SwfErrorBody {
  fault: string;
  message: string;
}

const CLIENT_FAULTS = new Set([
  "UnknownResourceFault",
  "TypeAlreadyExistsFault",
  "TypeDeprecatedFault",
  "TypeNotDeprecatedFault",
  "DomainAlreadyExistsFault",
  "DomainDeprecatedFault",
  "DefaultUndefinedFault",
  "WorkflowExecutionAlreadyStartedFault",
  "LimitExceededFault",
  "OperationNotPermittedFault",
  "TooManyTagsFault",
  "ValidationException",
  "SerializationException",
  "UnknownOperationException",
]);

/** Maps an SDK error to an HTTP status and body: SWF's own faults are the caller's (4xx). */
export function toSwfError(error: unknown): { status: number; body: SwfErrorBody } {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const fault = e?.name ?? "Error";
  const message = e?.message ?? String(error);
  if (fault === "UnknownResourceFault") return { status: 404, body: { fault, message } };
  if (fault === "OperationNotPermittedFault") return { status: 403, body: { fault, message } };
  if (CLIENT_FAULTS.has(fault)) return { status: 400, body: { fault, message } };
  if (fault === "ThrottlingException") return { status: 429, body: { fault, message } };
  if (fault === "CredentialsProviderError")
    return {
      status: 503,
      body: {
        fault: "NoCredentials",
        message:
          "The console has no AWS credentials to call SWF with: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, where it runs",
      },
    };
  const unreachable =
    /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|socket hang up|did not establish a connection/.test(message);
  // The SDK's HTTP handler names a reset connection TimeoutError too; a timeout says so.
  if (fault === "TimeoutError" && !unreachable && /requestTimeout|timed out/i.test(message)) {
    // The handler's own wording names itself and its setting; say what happened instead.
    const ms = /(\d+) ms/.exec(message)?.[1];
    const within = ms ? ` within ${Number(ms) / 1000} s` : "";
    return { status: 504, body: { fault, message: `SWF did not answer${within}` } };
  }
  return {
    status: unreachable ? 503 : 502,
    body: { fault: unreachable ? "EndpointUnreachable" : fault, message },
  };
}
