/** Calls to the console's own API (auth, inbox, audit, users, settings), with its `{fault, message}` errors. */
export class ConsoleApiError extends Error {
  constructor(
    readonly fault: string,
    message: string,
    readonly status: number,
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = fault;
  }
}

export async function consoleFetch<T>(
  path: string,
  init: {
    method?: string;
    body?: unknown;
    headers?: Record<string, string>;
    signal?: AbortSignal;
  } = {},
): Promise<T> {
  const response = await fetch(path, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: {
      ...(init.body === undefined ? {} : { "content-type": "application/json" }),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
    cache: "no-store",
  });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    throw new ConsoleApiError(
      typeof body.fault === "string" ? body.fault : "Error",
      typeof body.message === "string"
        ? body.message
        : response.statusText || `HTTP ${response.status}`,
      response.status,
      body,
    );
  }
  return body as T;
}
