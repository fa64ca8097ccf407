/**
 * The HTTP pieces every console route uses: the session behind a request, the CSRF (origin)
 * check, the role check, reading a body no larger than a limit, the client's address and the
 * session cookie's attributes. `lib/console/route.ts` composes them into one wrapper that every
 * route handler is declared through.
 */
import type { Env } from "./config";
import { NextResponse } from "next/server";
import { auditPreview, recordAudit, type AuditInput } from "./audit";
import { clientAddress } from "./client-address";
import { sessionIdleMs } from "./config";
import { consoleDb } from "./db";
import { ConsoleFault } from "./faults";
import { BACKGROUND_HEADER } from "./request-headers";
import { roleAtLeast, type Role } from "./roles";
import { sessionCookieName, sessionUser, type SessionUser } from "./sessions";

export function jsonError(
  status: number,
  fault: string,
  message: string,
  extra: Record<string, unknown> = {},
) {
  return NextResponse.json(
    { fault, message, ...extra },
    { status, headers: { "cache-control": "no-store" } },
  );
}

export function cookieValue(request: Request, name: string): string | undefined {
  const header = request.headers.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The client's address (see client-address.ts: forwarding headers only from trusted proxies). */
export function clientIp(request: Request): string | null {
  return clientAddress(request);
}

/** True when the browser talks to us over https (directly or through a proxy that says so). */
export function isHttps(request: Request): boolean {
  const forwarded = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  if (forwarded) return forwarded === "https";
  try {
    return new URL(request.url).protocol === "https:";
  } catch {
    return false;
  }
}

/** Origins this console answers as: its Host (and forwarded host) plus `CONSOLE_ORIGINS`. */
export function ownOrigins(request: Request, env: Env = process.env): Set<string> {
  const origins = new Set<string>();
  const proto = isHttps(request) ? "https" : "http";
  for (const host of [request.headers.get("x-forwarded-host"), request.headers.get("host")]) {
    const h = host?.split(",")[0]?.trim();
    if (h) origins.add(`${proto}://${h}`);
  }
  try {
    origins.add(new URL(request.url).origin);
  } catch {
    // no usable URL
  }
  for (const o of (env.CONSOLE_ORIGINS ?? "").split(","))
    if (o.trim()) origins.add(o.trim().replace(/\/$/, ""));
  return origins;
}

/**
 * CSRF defence for state-changing requests. Browsers send `Sec-Fetch-Site` and `Origin` on every
 * cross-origin POST; a request from another site (or another port: a different origin) is refused.
 * Requests with neither header do not come from a browser page, so no ambient cookie is at risk.
 */
export function crossOriginProblem(request: Request, env: Env = process.env): string | undefined {
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") {
    return `Cross-origin request refused (Sec-Fetch-Site: ${site})`;
  }
  const origin = request.headers.get("origin");
  if (origin !== null && !ownOrigins(request, env).has(origin)) {
    return `Cross-origin request refused (Origin: ${origin})`;
  }
  return undefined;
}

/** The session token the request carries (the `__Host-` cookie over HTTPS). */
export function sessionToken(request: Request): string | undefined {
  return cookieValue(request, sessionCookieName(isHttps(request)));
}

/**
 * The signed-in user. A request counts as use of the session (renewing its idle timeout) unless
 * `touch` says otherwise or the browser made it without the person: a page's own poll while
 * nobody touches the tab (marked by components/api/activity.ts), or a live stream's automatic
 * reconnection, which the browser marks itself with `Last-Event-ID` (the stream's first event
 * carries an id for that: app/api/live).
 */
export async function requestUser(
  request: Request,
  options: { touch?: boolean } = {},
): Promise<SessionUser | undefined> {
  const touch =
    options.touch ??
    !(request.headers.get(BACKGROUND_HEADER) === "1" || request.headers.has("last-event-id"));
  return sessionUser(await consoleDb(), sessionToken(request), Date.now(), sessionIdleMs(), {
    touch,
  });
}

export interface GuardOptions {
  /** Least role allowed. */
  role: Role;
  /** State-changing: same-origin only, refusals audited. */
  mutating: boolean;
  /** Audit action name (e.g. "TerminateWorkflowExecution", "User.Create"). */
  action: string;
  /** Words for the refusal message ("decide human tasks"); default: the action name. */
  what?: string;
  /** Target and parameters for the audit entry of a refusal. */
  auditDetails?: () => Partial<AuditInput> | Promise<Partial<AuditInput>>;
}

/**
 * Same-origin (if mutating) → role, for a signed-in user. A refusal of a state-changing request
 * is audited, with at most a small redacted preview of what was sent.
 */
export async function checkAccess(
  request: Request,
  user: SessionUser,
  options: GuardOptions,
): Promise<ConsoleFault | undefined> {
  const deny = async (status: number, fault: string, message: string) => {
    if (options.mutating) {
      const details = (await options.auditDetails?.()) ?? {};
      await recordAudit(await consoleDb(), {
        ...details,
        parameters: auditPreview(details.parameters),
        username: user.username,
        role: user.role,
        action: options.action,
        outcome: "denied",
        fault,
        message,
        ip: clientIp(request),
      });
    }
    return new ConsoleFault(status, fault, message);
  };
  if (options.mutating) {
    const problem = crossOriginProblem(request);
    if (problem) return deny(403, "CrossOriginRequest", problem);
  }
  const lacking = lackingRole(user, options.role, options.what ?? options.action);
  return lacking ? deny(lacking.status, lacking.fault, lacking.message) : undefined;
}

/** The 403 for `user` when their role is below `role` (`what`: the refused action), else undefined. */
export function lackingRole(user: SessionUser, role: Role, what: string): ConsoleFault | undefined {
  if (roleAtLeast(user.role, role)) return undefined;
  return new ConsoleFault(
    403,
    "AccessDenied",
    `${what} requires the ${role} role; ${user.username} has the ${user.role} role`,
  );
}

export const unauthenticated = () =>
  new ConsoleFault(401, "Unauthenticated", "Sign in to use the console");

/** Request bodies larger than this are refused unless a route sets its own limit. */
export const DEFAULT_BODY_LIMIT = 1_000_000;

/**
 * Reads the body as UTF-8 text, refusing (413 `PayloadTooLarge`) as soon as more than `limit`
 * bytes have arrived: a declared `Content-Length` above the limit is refused before reading, and
 * an undeclared or lying one is cut off while streaming, never buffered whole.
 */
export async function readBody(request: Request, limit = DEFAULT_BODY_LIMIT): Promise<string> {
  const tooLarge = () =>
    new ConsoleFault(413, "PayloadTooLarge", `The request body must be at most ${limit} bytes`);
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new ConsoleFault(400, "ValidationError", "The request body must be UTF-8 text");
  }
}

/** Parses a JSON body; an empty body is `{}`. Throws ConsoleFault (400, 413). */
export async function readJsonBody(request: Request, limit = DEFAULT_BODY_LIMIT): Promise<unknown> {
  const text = await readBody(request, limit);
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ConsoleFault(400, "ValidationError", "The request body must be JSON");
  }
}

/**
 * The session cookie for this request's scheme. Over HTTPS it is `__Host-` prefixed (Secure,
 * path /, no Domain), so that no other site on a sibling domain can set or shadow it.
 */
export function setSessionCookie(
  response: NextResponse,
  request: Request,
  token: string,
  expiresAt: number,
): NextResponse {
  const https = isHttps(request);
  response.cookies.set(sessionCookieName(https), token, {
    httpOnly: true,
    sameSite: "lax",
    secure: https,
    path: "/",
    expires: new Date(expiresAt),
  });
  return response;
}

/** Removes the session cookie (both names: the scheme may have changed since it was set). */
export function clearSessionCookie(response: NextResponse, request: Request): NextResponse {
  for (const https of [false, true]) {
    response.cookies.set(sessionCookieName(https), "", {
      httpOnly: true,
      sameSite: "lax",
      secure: https || isHttps(request),
      path: "/",
      maxAge: 0,
    });
  }
  return response;
}

/** Route params may arrive decoded or still percent-encoded: decode only what clearly is. */
export function decodeParam(value: string): string {
  if (!/%[0-9A-Fa-f]{2}/.test(value)) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
