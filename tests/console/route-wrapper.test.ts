/**
 * lib/console/route.ts: what every route handler gets from the wrapper, over real handlers, a
 * real console database and a real engine.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { allOf, history, setup, start } from "../engine/fixtures";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { refuseAuditOutcomes } from "./helpers";
import { queryAudit } from "@/lib/console/audit";
import { consoleDb, openConsoleDb, setConsoleDb } from "@/lib/console/db";
import { ConsoleFault } from "@/lib/console/faults";
import { route } from "@/lib/console/route";
import { createSession } from "@/lib/console/sessions";
import { createUser } from "@/lib/console/users";

const ORIGIN = "http://127.0.0.1:3000";
let engine: TestEngine;
let admin: string;
let viewer: string;

beforeAll(async () => {
  engine = await startTestEngine();
  process.env.AWS_ENDPOINT_URL_SWF = engine.url;
  const db = await openConsoleDb(":memory:");
  setConsoleDb(db);
  const a = await createUser(db, {
    username: "w-admin",
    password: "wrapper-password",
    role: "admin",
  });
  const v = await createUser(db, {
    username: "w-viewer",
    password: "wrapper-password",
    role: "viewer",
  });
  admin = `swf_console_session=${(await createSession(db, a.id, 3_600_000)).token}`;
  viewer = `swf_console_session=${(await createSession(db, v.id, 3_600_000)).token}`;
});

afterAll(async () => {
  setConsoleDb(undefined);
  await engine?.close();
});

const headers = (cookie?: string, extra: Record<string, string> = {}) => ({
  host: "127.0.0.1:3000",
  origin: ORIGIN,
  "sec-fetch-site": "same-origin",
  "content-type": "application/json",
  ...(cookie ? { cookie } : {}),
  ...extra,
});

const post = (
  handler: (r: Request, c: never) => Promise<Response>,
  path: string,
  body: BodyInit | undefined,
  cookie: string | undefined,
  params: object = {},
  extra: Record<string, string> = {},
) =>
  handler(
    new Request(`${ORIGIN}${path}`, {
      method: "POST",
      headers: headers(cookie, extra),
      body,
      // Node's fetch needs this for a streamed body.
      ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
    } as RequestInit),
    { params: Promise.resolve(params) } as never,
  );

describe("route(): the checks every handler gets", () => {
  const echo = route({
    role: "operator",
    action: "Test.Echo",
    body: z.strictObject({ n: z.number().int() }),
    bodyLimit: 100,
    audit: { target: ({ body }) => ({ target: `n=${(body as { n?: unknown })?.n}` }) },
    handle: async ({ body, db }) => {
      // The attempt is on record before the handler runs: a crash here still leaves it.
      const open = await queryAudit(db, { action: "Test.Echo", outcome: "attempt" });
      return { n: body.n, attemptOnRecord: open.length > 0 };
    },
  });

  it("answers 401 without a session and names the request", async () => {
    const r = await post(echo, "/t", JSON.stringify({ n: 1 }), undefined);
    expect(r.status).toBe(401);
    expect(await r.json()).toEqual({ fault: "Unauthenticated", message: expect.any(String) });
    expect(r.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const mine = await post(echo, "/t", "{}", undefined, {}, { "x-request-id": "req-12345678" });
    expect(mine.headers.get("x-request-id")).toBe("req-12345678");
  });

  it("refuses too small a role and another origin, and audits the refusal", async () => {
    const r = await post(echo, "/t", JSON.stringify({ n: 1 }), viewer);
    expect(r.status).toBe(403);
    expect((await r.json()).fault).toBe("AccessDenied");
    const x = await post(
      echo,
      "/t",
      JSON.stringify({ n: 1 }),
      admin,
      {},
      {
        origin: "http://evil.example",
        "sec-fetch-site": "cross-site",
      },
    );
    expect(x.status).toBe(403);
    expect((await x.json()).fault).toBe("CrossOriginRequest");
    const denied = await queryAudit(await consoleDb(), { action: "Test.Echo", outcome: "denied" });
    expect(denied.map((e) => e.username).sort()).toEqual(["w-admin", "w-viewer"]);
    expect(denied[0].target).toBe("n=1");
  });

  it("checks the body's size while reading it, not after", async () => {
    let pulled = 0;
    // No Content-Length, and far more than the limit on offer: reading must stop early.
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new TextEncoder().encode(" ".repeat(64)));
        if (pulled > 10_000) controller.close();
      },
    });
    const r = await post(echo, "/t", endless, admin);
    expect(r.status).toBe(413);
    expect((await r.json()).fault).toBe("PayloadTooLarge");
    expect(pulled).toBeLessThan(10);
    const declared = await post(echo, "/t", "x".repeat(101), admin);
    expect(declared.status).toBe(413);
  });

  it("validates with the schema and answers 400 naming the field", async () => {
    const r = await post(echo, "/t", JSON.stringify({ n: "one" }), admin);
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({ fault: "ValidationError", message: /^n: / });
    const notJson = await post(echo, "/t", "{", admin);
    expect(notJson.status).toBe(400);
  });

  it("writes an attempt before the handler and the outcome after", async () => {
    const r = await post(echo, "/t", JSON.stringify({ n: 7 }), admin);
    expect(await r.json()).toEqual({ n: 7, attemptOnRecord: true });
    expect(r.headers.get("cache-control")).toBe("no-store");
    const db = await consoleDb();
    const [outcome] = await queryAudit(db, { action: "Test.Echo", outcome: "ok" });
    expect(outcome).toMatchObject({ username: "w-admin", target: "n=7", parameters: { n: 7 } });
    const attempt = (await db.get<{ id: number; outcome: string }>(
      "SELECT id, outcome FROM audit WHERE id = ?",
      [outcome.attemptId],
    ))!;
    expect(attempt.outcome).toBe("attempt");
    expect(attempt.id).toBeLessThan(outcome.id);
    // Lists show the outcome only: the closed attempt is kept, not listed.
    expect(await queryAudit(db, { action: "Test.Echo", target: "n=7" })).toHaveLength(1);
  });

  it("turns faults into JSON: console faults as thrown, anything else a 500 that leaks nothing", async () => {
    const failing = route({
      role: "admin",
      action: "Test.Fail",
      audit: {},
      handle: ({ query }) => {
        if (query.get("kind") === "fault")
          throw new ConsoleFault(409, "Conflict", "taken", { by: "someone" });
        throw new Error("secret internals /var/db");
      },
    });
    const f = await post(failing, "/t?kind=fault", "{}", admin);
    expect(f.status).toBe(409);
    expect(await f.json()).toEqual({ fault: "Conflict", message: "taken", by: "someone" });
    const e = await post(failing, "/t?kind=crash", "{}", admin);
    expect(e.status).toBe(500);
    const body = await e.json();
    expect(body.fault).toBe("InternalError");
    expect(JSON.stringify(body)).not.toContain("secret internals");
    const outcomes = await queryAudit(await consoleDb(), { action: "Test.Fail" });
    expect(outcomes.map((o) => o.fault).sort()).toEqual(["Conflict", "InternalError"]);
    expect(outcomes.every((o) => o.attemptId !== null)).toBe(true);
  });
});

describe("/api/swf/<Action> through the wrapper", async () => {
  const { POST } = await import("@/app/api/swf/[action]/route");
  const call = (action: string, body: unknown, cookie = admin) =>
    post(POST as never, `/api/swf/${action}`, JSON.stringify(body), cookie, { action });

  it("gives SWF's faults their name and a 4xx, never a 500", async () => {
    const unknown = await call("DescribeDomain", { name: "no-such-domain" });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).fault).toBe("UnknownResourceFault");
    const term = await call("TerminateWorkflowExecution", { domain: "no-such", workflowId: "w" });
    expect(term.status).toBe(404);
    expect((await term.json()).fault).toBe("UnknownResourceFault");
    const outside = await call("PollForActivityTask", {});
    expect(outside.status).toBe(404);
    expect((await outside.json()).fault).toBe("UnknownAction");
  });

  it("audits a write as attempt + outcome, reads not at all", async () => {
    const name = `wrapped-${Date.now()}`;
    const r = await call("RegisterDomain", { name, workflowExecutionRetentionPeriodInDays: "1" });
    expect(r.status).toBe(200);
    await call("DescribeDomain", { name });
    const rows = await (
      await consoleDb()
    ).all<{ action: string; outcome: string; attempt_id: number | null }>(
      "SELECT action, outcome, attempt_id FROM audit WHERE domain = ? ORDER BY id",
      [name],
    );
    expect(rows.map((x) => `${x.action}:${x.outcome}`)).toEqual([
      "RegisterDomain:attempt",
      "RegisterDomain:ok",
    ]);
  });

  it("answers an action that took effect as done even when its outcome row cannot be written", async () => {
    // The database refuses the outcome row (a full disk, a dropped connection) after SWF acted.
    // Before, the caller got 500 InternalError for a signal that had been delivered, and the
    // log recorded it as failed: a caller who believed that would signal again.
    const s = await setup(engine.swf);
    const run = await start(s);
    const db = await consoleDb();
    const restore = await refuseAuditOutcomes(db);
    try {
      const r = await call("SignalWorkflowExecution", {
        domain: s.domain,
        ...run,
        signalName: "go",
      });
      expect(r.status).toBe(200);
      expect(await r.json()).toEqual({});
    } finally {
      await restore();
    }
    expect(allOf(await history(s, run), "WorkflowExecutionSignaled")).toHaveLength(1);
    // The attempt stays open: sent, outcome not recorded.
    const open = await queryAudit(db, { action: "SignalWorkflowExecution" });
    expect(open.filter((e) => e.workflowId === run.workflowId).map((e) => e.outcome)).toEqual([
      "attempt",
    ]);
  });
});
