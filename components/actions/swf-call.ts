import type { ActionName } from "@/lib/swf/actions";
import type { SwfErrorBody } from "@/lib/swf/errors";
import { SwfApiError } from "@/components/swf-api";

/**
 * `callSwf` with extra request headers (the bulk id that groups audit entries of one bulk
 * operation). Faults come back as SwfApiError with the SWF fault name and message.
 */
export async function callSwfAction<T = Record<string, unknown>>(
  action: ActionName,
  input: object,
  options: { bulkId?: string; signal?: AbortSignal } = {},
): Promise<T> {
  const response = await fetch(`/api/swf/${action}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(options.bulkId ? { "x-console-bulk-id": options.bulkId } : {}),
    },
    body: JSON.stringify(input),
    signal: options.signal,
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
