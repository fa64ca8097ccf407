/**
 * What every console route handler does first: find the session, refuse cross-origin writes
 * (CSRF), check the role. Returns the signed-in user or the Response to send instead. Refusals of
 * state-changing requests by a signed-in user are audited.
 */
import type { Env } from "./config";
import { NextResponse } from "next/server";
import { recordAudit, type AuditInput } from "./audit";
import { consoleDb } from "./db";
import { roleAtLeast, type Role } from "./roles";
import { SESSION_COOKIE, sessionUser, type SessionUser } from "./sessions";

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

export function clientIp(request: Request): string | null {
  return (
    request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ||
    request.headers.get("x-real-ip") ||
    null
  );
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

export function requestUser(request: Request): SessionUser | undefined {
  return sessionUser(consoleDb(), cookieValue(request, SESSION_COOKIE));
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
  auditDetails?: () => Partial<AuditInput>;
}

/** Authenticate → same-origin (if mutating) → role. */
export function guard(request: Request, options: GuardOptions): SessionUser | Response {
  const user = requestUser(request);
  if (!user) return jsonError(401, "Unauthenticated", "Sign in to use the console");
  const deny = (status: number, fault: string, message: string) => {
    if (options.mutating) {
      recordAudit(consoleDb(), {
        ...options.auditDetails?.(),
        username: user.username,
        role: user.role,
        action: options.action,
        outcome: "denied",
        fault,
        message,
        ip: clientIp(request),
      });
    }
    return jsonError(status, fault, message);
  };
  if (options.mutating) {
    const problem = crossOriginProblem(request);
    if (problem) return deny(403, "CrossOriginRequest", problem);
  }
  if (!roleAtLeast(user.role, options.role)) {
    return deny(
      403,
      "AccessDenied",
      `${options.what ?? options.action} requires the ${options.role} role; ${user.username} has the ${user.role} role`,
    );
  }
  return user;
}

/** Reads a JSON body (at most `limit` bytes); undefined when it is not JSON. */
export async function readJson(request: Request, limit = 1_000_000): Promise<unknown> {
  const text = await request.text().catch(() => "");
  if (text.length > limit) return undefined;
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function sessionCookieOptions(request: Request, expiresAt: number) {
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    secure: isHttps(request),
    path: "/",
    expires: new Date(expiresAt),
  };
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
