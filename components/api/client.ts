/**
 * The browser's one client for the console's HTTP API: SWF actions through `/api/swf/<Action>`
 * (the allow-listed door to SWF) and the console's own routes (auth, inbox, audit, users,
 * settings). Every refusal arrives as an `ApiError` carrying the fault code, its message, the HTTP
 * status and the body, whichever route answered.
 */
import { BACKGROUND_HEADER, BULK_ID_HEADER } from "@/lib/console/request-headers";
import type { ActionName } from "@/lib/swf/actions";
import { noteServerDate } from "@/components/ui/clock";
import { isSignInRoute, noteSessionEnded, sessionHasEnded } from "@/components/auth/session-ended";
import { inBackground } from "./activity";

export class ApiError extends Error {
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

export interface RequestOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** One request to a console route; JSON in and out. */
export async function consoleFetch<T>(path: string, init: RequestOptions = {}): Promise<T> {
  if (sessionHasEnded() && !isSignInRoute(path)) throw sessionEndedError();
  const sentAt = Date.now();
  const response = await fetch(path, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: {
      ...(init.body === undefined ? {} : { "content-type": "application/json" }),
      ...(inBackground() ? { [BACKGROUND_HEADER]: "1" } : {}),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
    cache: "no-store",
  });
  // Every answer tells the page's clock the server's time (relative dates count from it).
  noteServerDate(response.headers.get("date"), sentAt);
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    if (response.status === 401 && body.fault === "Unauthenticated") noteSessionEnded(true);
    throw new ApiError(
      typeof body.fault === "string" ? body.fault : "Error",
      typeof body.message === "string"
        ? body.message
        : response.statusText || `HTTP ${response.status}`,
      response.status,
      body,
    );
  }
  if (path === SESSION_ROUTE) noteSessionEnded(false);
  return body as T;
}

/** The signed-in person's session: answering, it says the session is (again) alive. */
export const SESSION_ROUTE = "/api/auth/session";

/** What a tab whose session has ended gets, without asking the server (session-ended.ts). */
const sessionEndedError = () =>
  new ApiError("Unauthenticated", "Your session has ended: sign in again", 401);

/** Calls one SWF action; the signature the server-side prefetch implements too. */
export type SwfCall = <T>(action: ActionName, input: object, signal?: AbortSignal) => Promise<T>;

/**
 * Calls one allow-listed SWF action. Dates arrive as ISO strings. `bulkId` groups the audit
 * entries of one bulk operation.
 */
export function callSwf<T = Record<string, unknown>>(
  action: ActionName,
  input: object,
  signal?: AbortSignal,
  options: { bulkId?: string } = {},
): Promise<T> {
  return consoleFetch<T>(`/api/swf/${action}`, {
    method: "POST",
    body: input,
    signal,
    headers: options.bulkId ? { [BULK_ID_HEADER]: options.bulkId } : undefined,
  });
}

/** Every page of a paged SWF list action, following `nextPageToken` to the last page. */
export async function callSwfAllPages<P extends { nextPageToken?: string }>(
  action: ActionName,
  input: object,
  signal?: AbortSignal,
): Promise<P[]> {
  const pages: P[] = [];
  let nextPageToken: string | undefined;
  do {
    const page: P = await callSwf<P>(
      action,
      { ...input, ...(nextPageToken ? { nextPageToken } : {}) },
      signal,
    );
    pages.push(page);
    nextPageToken = page.nextPageToken;
  } while (nextPageToken);
  return pages;
}
