/**
 * The console's state-changing SWF calls are not retried by the SDK. A small HTTP relay in front
 * of a real engine passes every request on and, once, drops the engine's answer to a call and
 * answers 503 instead (SWF took the call; its answer was lost: a gateway error, a reset
 * connection). Before, the SDK sent the call again: the run was signalled twice, and a re-run
 * whose start had happened was answered WorkflowExecutionAlreadyStartedFault.
 */
import { TerminateWorkflowExecutionCommand } from "@aws-sdk/client-swf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allOf, history, setup, start, type Setup } from "../engine/fixtures";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { startRelay, type Relay } from "../engine/relay";
import { memoryDb } from "./helpers";
import { setConsoleDb, type Db } from "@/lib/console/db";
import { failuresReport } from "@/lib/console/failures";
import { createSession } from "@/lib/console/sessions";
import { createUser } from "@/lib/console/users";

const ORIGIN = "http://127.0.0.1:3000";
let engine: TestEngine;
let relay: Relay;
let db: Db;
let cookie: string;
let s: Setup;
/** Actions whose next answer the relay drops (each once), and how many of each it passed on. */
const drop = new Set<string>();
/** Actions whose next call the relay refuses for throttling (each once), as SWF does before acting. */
const throttle = new Set<string>();
const passed = new Map<string, number>();

beforeAll(async () => {
  engine = await startTestEngine();
  relay = await startRelay(engine.url, {
    request(action, res) {
      passed.set(action, (passed.get(action) ?? 0) + 1);
      if (!throttle.delete(action)) return false;
      res
        .writeHead(400, { "content-type": "application/x-amz-json-1.0" })
        .end(
          '{"__type":"com.amazon.coral.availability#ThrottlingException","message":"Rate exceeded"}',
        );
      return true;
    },
    answer(action, answer, res) {
      if (!drop.delete(action)) return false;
      answer.resume();
      answer.on("end", () =>
        res
          .writeHead(503, { "content-type": "application/x-amz-json-1.0" })
          .end('{"__type":"ServiceUnavailable","message":"the answer was lost on the way"}'),
      );
      return true;
    },
  });
  process.env.AWS_ENDPOINT_URL_SWF = relay.url;
  process.env.AWS_ACCESS_KEY_ID = "x";
  process.env.AWS_SECRET_ACCESS_KEY = "x";
  db = await memoryDb();
  setConsoleDb(db);
  const u = await createUser(db, {
    username: "olga",
    password: "relay-password",
    role: "operator",
  });
  cookie = `swf_console_session=${(await createSession(db, u.id, 3_600_000)).token}`;
  s = await setup(engine.swf);
});
afterAll(async () => {
  setConsoleDb(undefined);
  await relay?.close();
  await engine?.close();
});

const post = (path: string, body: object) =>
  new Request(`${ORIGIN}${path}`, {
    method: "POST",
    headers: { host: "127.0.0.1:3000", origin: ORIGIN, "content-type": "application/json", cookie },
    body: JSON.stringify(body),
  });

describe("state-changing SWF calls whose answer is lost", () => {
  it("are sent once: a signal is not delivered twice", async () => {
    const { POST } = await import("@/app/api/swf/[action]/route");
    const run = await start(s);
    drop.add("SignalWorkflowExecution");
    const r = await POST(
      post("/api/swf/SignalWorkflowExecution", { domain: s.domain, ...run, signalName: "go" }),
      { params: Promise.resolve({ action: "SignalWorkflowExecution" }) },
    );
    expect(r.status).toBeGreaterThanOrEqual(500); // SWF's failure, passed on
    expect(passed.get("SignalWorkflowExecution")).toBe(1);
    expect(allOf(await history(s, run), "WorkflowExecutionSignaled")).toHaveLength(1);
  });

  it("are sent once: a re-run whose start happened is not answered AlreadyStarted", async () => {
    const { POST } = await import("@/app/api/failures/rerun/route");
    const run = await start(s);
    await engine.swf.send(
      new TerminateWorkflowExecutionCommand({ domain: s.domain, ...run, reason: "relay re-run" }),
    );
    const report = await failuresReport(engine.swf, s.domain, {
      oldest: Date.now() - 3_600_000,
      latest: Date.now(),
    });
    const key = report.groups.find((g) => g.reason.includes("relay re-run"))!.key;
    drop.add("StartWorkflowExecution");
    const r = await POST(
      post("/api/failures/rerun", { domain: s.domain, window: "1h", key, dryRun: false }),
    );
    expect(r.status).toBe(200);
    const { results } = (await r.json()) as { results: { outcome: string; fault?: string }[] };
    expect(results).toEqual([
      expect.objectContaining({ outcome: "fault", fault: "ServiceUnavailable" }),
    ]);
    expect(passed.get("StartWorkflowExecution")).toBe(1);
  });

  it("are sent again after a throttling refusal, which SWF answers before acting", async () => {
    const { POST } = await import("@/app/api/swf/[action]/route");
    const run = await start(s);
    throttle.add("SignalWorkflowExecution");
    const before = passed.get("SignalWorkflowExecution") ?? 0;
    const r = await POST(
      post("/api/swf/SignalWorkflowExecution", { domain: s.domain, ...run, signalName: "go" }),
      { params: Promise.resolve({ action: "SignalWorkflowExecution" }) },
    );
    expect(r.status).toBe(200);
    expect((passed.get("SignalWorkflowExecution") ?? 0) - before).toBe(2);
    expect(allOf(await history(s, run), "WorkflowExecutionSignaled")).toHaveLength(1);
  });

  it("reads are still retried", async () => {
    const { POST } = await import("@/app/api/swf/[action]/route");
    drop.add("DescribeDomain");
    const r = await POST(post("/api/swf/DescribeDomain", { name: s.domain }), {
      params: Promise.resolve({ action: "DescribeDomain" }),
    });
    expect(r.status).toBe(200);
    expect(passed.get("DescribeDomain")).toBe(2);
  });
});
