/**
 * One wrapper for every console route handler, so that a handler is a declaration: who may call
 * it, what its body must look like, what it audits, and the few lines of what it does.
 *
 * In order, for each request: a request id → the session (401) → the body, read with a size
 * limit (413) → same-origin for state-changing requests (403, CSRF) → the role (403) → the body's
 * schema (400) → for audited actions an `attempt` row → the handler → the outcome row. Any error
 * becomes `{fault, message}` JSON: the console's own faults and SWF's faults keep their names and
 * a 4xx status; only the console's own failures are 500s (logged with the request id, never shown).
 *
 * A route file then reads, e.g.:
 *
 *   export const POST = route({
 *     role: "approver",
 *     action: "Inbox.Decide",                  // refusals and log lines
 *     what: "Deciding human tasks",
 *     params: ({ id }) => ({ id: taskId(id) }), // throw a ConsoleFault for a bad segment
 *     body: Decide,                            // zod; 400 names the field
 *     bodyLimit: 100_000,
 *     audit: {
 *       action: ({ body }) => `Inbox.${verb(body.decision)}`,
 *       target: ({ params }) => taskTarget(params.id),
 *     },
 *     // Return a value (sent as JSON) or a Response; throw `new ConsoleFault(409, "AlreadyDecided",
 *     // message, { task })` for a refusal with extra fields — it is audited as the outcome.
 *     handle: ({ db, user, params, body }) => decide(db, user, params.id, body),
 *   });
 */
import { randomUUID } from "node:crypto";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { createLogger } from "@/lib/log";
import { recordAudit } from "./audit";
import { consoleDb, type Db } from "./db";
import { ConsoleFault, toConsoleFault, zodMessage } from "./faults";
import {
  DEFAULT_BODY_LIMIT,
  checkAccess,
  clientIp,
  crossOriginProblem,
  jsonError,
  readJsonBody,
  requestUser,
  unauthenticated,
} from "./http";
import { consoleMetrics } from "./metrics";
import type { Role } from "./roles";
import type { SessionUser } from "./sessions";

const log = createLogger("console");

/** What an audited action acts on (see audit-target.ts for SWF actions). */
export interface AuditTargetFields {
  target?: string | null;
  domain?: string | null;
  workflowId?: string | null;
  runId?: string | null;
}

export interface RouteContext<Body, Params, U> {
  request: Request;
  /** The signed-in user (undefined only on `role: "public"` routes). */
  user: U;
  /** The body, validated by `body` (undefined when the route declares none). */
  body: Body;
  params: Params;
  query: URLSearchParams;
  db: Db;
  /** The client's address (forwarding headers only from trusted proxies). */
  ip: string | null;
  requestId: string;
  log: typeof log;
}

interface AuditSpec<Body, Params> {
  /** Action name of the attempt and outcome rows; default: the route's `action`. */
  action?: (input: { body: Body; params: Params; user: SessionUser }) => string;
  /**
   * What the action acts on. Called with the raw body for refusals (before validation, so read it
   * defensively) and with the validated body (and the handler's answer, for the outcome) otherwise.
   * May read the console database (async).
   */
  target?: (
    input: { body: unknown; params: Params; user: SessionUser },
    output?: unknown,
  ) => AuditTargetFields | Promise<AuditTargetFields>;
  /** What of the request to record (default: the validated body; secrets are redacted). */
  parameters?: (input: { body: Body; params: Params; user: SessionUser }) => unknown;
  /** What of the handler's answer to record with the outcome (default: nothing). */
  result?: (output: unknown) => unknown;
  /** Extra columns (e.g. a bulk id) from the request, for the signed-in user. */
  extra?: (request: Request, user: SessionUser) => { bulkId?: string | null };
}

type Awaitable<T> = T | Promise<T>;

interface BaseSpec<S extends z.ZodType | undefined, Params> {
  /** Audit and log name ("User.Create", an SWF action); also names the action in refusals. */
  action: string | ((params: Params) => string);
  /** Words for a refusal ("Deciding human tasks"); default: the action name. */
  what?: string;
  /** State-changing (same-origin only, refusals audited); default: every method but GET/HEAD. */
  mutating?: boolean | ((params: Params) => boolean);
  /** Schema of the JSON body (or one per URL, e.g. per SWF action); the handler sees its output. */
  body?: S | ((params: Params) => S);
  /** Largest body accepted, in bytes (default 1 MB). */
  bodyLimit?: number;
  /** Message for a body that fails the schema (default: the schema's own, per field). */
  invalidBody?: string;
  /** Parses the route's URL segments (throw a ConsoleFault for a bad one). */
  params?: (raw: Record<string, string>) => Params;
  /** Least role, from the params (e.g. per SWF action); overrides `role`. */
  roleFor?: (params: Params) => Role;
  /** Audit each call with an attempt row before the handler and an outcome row after. */
  audit?: AuditSpec<Body<S>, Params>;
}

type Body<S> = S extends z.ZodType ? z.output<S> : undefined;

/** A handler answers with a Response, or with a value sent as JSON (200). */
type Handler<S, Params, U> = (
  ctx: RouteContext<Body<S>, Params, U>,
) => Awaitable<Response | object>;

export type RouteSpec<S extends z.ZodType | undefined, Params> =
  | (BaseSpec<S, Params> & {
      /** Least role allowed. */
      role: Role;
      handle: Handler<S, Params, SessionUser>;
    })
  | (BaseSpec<S, Params> & {
      /** No session needed (sign-in, health); the handler does its own checks. */
      role: "public";
      handle: Handler<S, Params, SessionUser | undefined>;
    });

interface Audited<B, Params> {
  base: Parameters<typeof recordAudit>[1];
  spec: AuditSpec<B, Params>;
  input: { body: B; params: Params; user: SessionUser };
}

type NextContext = { params: Promise<Record<string, string | string[]>> };

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

function noStore(response: Response): Response {
  if (!response.headers.has("cache-control")) response.headers.set("cache-control", "no-store");
  return response;
}

function asStrings(raw: Record<string, string | string[]>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]),
  );
}

/** Declares a route handler; see the module comment for what it does around `handle`. */
export function route<S extends z.ZodType | undefined = undefined, Params = Record<string, string>>(
  spec: RouteSpec<S, Params>,
): (request: Request, context?: NextContext) => Promise<Response> {
  return async (request, context) => {
    const started = performance.now();
    const given = request.headers.get("x-request-id");
    const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
    const path = new URL(request.url).pathname;
    let action = typeof spec.action === "string" ? spec.action : "";
    let user: SessionUser | undefined;
    let response: Response;
    let fault: ConsoleFault | undefined;
    let caught: unknown;
    let attemptId: number | undefined;
    let audited: Audited<Body<S>, Params> | undefined;
    try {
      const params = (spec.params ?? ((p) => p as Params))(
        asStrings((await context?.params) ?? {}),
      );
      if (typeof spec.action === "function") action = spec.action(params);
      const mutating =
        typeof spec.mutating === "function"
          ? spec.mutating(params)
          : (spec.mutating ?? !["GET", "HEAD"].includes(request.method));
      const role = spec.roleFor?.(params) ?? spec.role;
      const db = await openDb(requestId);
      const ip = clientIp(request);

      if (role !== "public") {
        user = await requestUser(request);
        if (!user) throw unauthenticated();
      }
      const raw =
        spec.body !== undefined || mutating
          ? await readJsonBody(request, spec.bodyLimit ?? DEFAULT_BODY_LIMIT)
          : undefined;
      if (user && role !== "public") {
        const denied = await checkAccess(request, user, {
          role,
          mutating,
          action,
          what: spec.what,
          auditDetails: async () => ({
            ...(await safely(() => spec.audit?.target?.({ body: raw, params, user: user! }))),
            parameters: raw,
          }),
        });
        if (denied) throw denied;
      } else if (mutating) {
        // Public but state-changing (sign-in, sign-out): still same-origin only.
        const problem = crossOriginProblem(request);
        if (problem) throw new ConsoleFault(403, "CrossOriginRequest", problem);
      }

      let body: unknown = undefined;
      if (spec.body) {
        const schema = typeof spec.body === "function" ? spec.body(params) : spec.body;
        const parsed = schema!.safeParse(raw);
        if (!parsed.success)
          throw new ConsoleFault(
            400,
            "ValidationError",
            spec.invalidBody ?? zodMessage(parsed.error),
          );
        body = parsed.data;
      }

      const ctx = {
        request,
        user,
        body,
        params,
        query: new URL(request.url).searchParams,
        db,
        ip,
        requestId,
        log: log.child({ requestId }),
      } as RouteContext<Body<S>, Params, SessionUser>;

      if (spec.audit && user && mutating) {
        const input = { body: body as Body<S>, params, user };
        const auditAction = spec.audit.action?.(input) ?? action;
        action = auditAction;
        audited = {
          base: {
            username: user.username,
            role: user.role,
            action: auditAction,
            parameters: spec.audit.parameters ? await spec.audit.parameters(input) : body,
            ip,
            ...spec.audit.extra?.(request, user),
            outcome: "attempt",
          },
          spec: spec.audit,
          input,
        };
        attemptId = await recordAudit(db, {
          ...audited.base,
          ...(await safely(() => spec.audit?.target?.(input))),
        });
      }

      const output = await (spec.handle as Handler<S, Params, SessionUser>)(ctx);
      if (audited && attemptId !== undefined) {
        try {
          await recordAudit(db, {
            ...audited.base,
            ...(await safely(() => audited!.spec.target?.(audited!.input, output))),
            outcome: "ok",
            result: audited.spec.result?.(output),
            attemptId,
          });
        } catch (auditError) {
          // The action took effect: answering with a failure would be untrue, and a caller who
          // believed it would do it again (a second signal). The attempt row stays open in the
          // log, which is how the log says "sent, outcome not recorded".
          log.error(
            { requestId, action, err: auditError },
            "could not write the audit outcome of an action that succeeded",
          );
        }
      }
      response = noStore(output instanceof Response ? output : NextResponse.json(output));
    } catch (error) {
      caught = error;
      fault = toConsoleFault(error);
      if (audited && attemptId !== undefined) {
        try {
          await recordAudit(await consoleDb(), {
            ...audited.base,
            ...(await safely(() => audited!.spec.target?.(audited!.input))),
            outcome: "fault",
            fault: fault.fault,
            message: fault.message,
            attemptId,
          });
        } catch (auditError) {
          log.error({ requestId, err: auditError }, "could not write the audit outcome");
        }
      }
      response = jsonError(fault.status, fault.fault, fault.message, fault.extra);
    }
    response.headers.set("x-request-id", requestId);
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    const line = {
      requestId,
      method: request.method,
      path,
      action,
      user: user?.username,
      status: response.status,
      durationMs,
      fault: fault?.fault,
    };
    // Labelled by action, never by path: a path is the caller's to choose (`/api/swf/<anything>`),
    // and each new label value is a series the process keeps for good.
    consoleMetrics().observeRequest(action || "unknown", response.status, durationMs / 1000);
    if (fault?.fault === "InternalError") log.error({ ...line, err: caught }, "request failed");
    else if (fault && fault.status >= 500) log.warn(line, "request failed");
    // Refusals a security review looks for; a caller's ordinary mistakes stay at debug.
    else if (fault && [401, 403, 413, 429].includes(fault.status))
      log.info(line, "request refused");
    else log.debug(line, fault ? "request refused" : "request");
    return response;
  };
}

/**
 * The console database, or a 503 when it cannot be opened (PostgreSQL down): not a 500, and not
 * the connection error itself, which names the database's host to whoever asked.
 */
async function openDb(requestId: string): Promise<Db> {
  try {
    return await consoleDb();
  } catch (err) {
    log.error({ requestId, err }, "the console database cannot be opened");
    throw new ConsoleFault(503, "DatabaseUnavailable", "The console database does not answer");
  }
}

/** What `fn` answers, or undefined if it throws or rejects: audit details never fail a request. */
async function safely<T>(fn: () => T | Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch {
    return undefined;
  }
}
