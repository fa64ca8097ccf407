import type { SwfErrorBody } from "@/lib/swf/errors";
import type { ActionName } from "@/lib/swf/actions";

/** An SWF fault (or console error) returned by `/api/swf/*`, with the fault's name and message. */
export class SwfApiError extends Error {
  constructor(
    readonly fault: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = fault;
  }
}

/** Calls one allow-listed SWF action through the console's route handler. Dates arrive as ISO strings. */
export async function callSwf<T = Record<string, unknown>>(
  action: ActionName,
  input: object,
  signal?: AbortSignal,
): Promise<T> {
  const response = await fetch(`/api/swf/${action}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(input),
    signal,
  });
  const body = (await response.json().catch(() => ({}))) as T | SwfErrorBody;
  if (!response.ok) {
    const err = body as SwfErrorBody;
    throw new SwfApiError(
      err.fault ?? "Error",
      err.message ?? response.statusText,
      response.status,
    );
  }
  return body as T;
}
