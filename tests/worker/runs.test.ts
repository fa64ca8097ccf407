import {
  SignalWorkflowExecutionCommand,
  TerminateWorkflowExecutionCommand,
  type SWFClient,
} from "@aws-sdk/client-swf";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  Decider,
  completeWorkflow,
  createSwfClient,
  fetchHistory,
  signalWorkflow,
  sleep,
  startWorkflow,
  waitForClose,
} from "../../lib/worker";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { registerTestDomain } from "./helpers";

let engine: TestEngine;
let swf: SWFClient;
const domain = "runs-test";

beforeAll(async () => {
  engine = await startTestEngine({ pollTimeoutSeconds: 1 });
  swf = createSwfClient({ endpoint: engine.url, config: { maxAttempts: 1 } });
  await registerTestDomain(swf, domain);
});

afterAll(async () => {
  swf?.destroy();
  await engine?.close();
});

const start = (workflowId: string, input?: string) =>
  startWorkflow(swf, domain, workflowId, { name: "Flow", version: "1" }, { input });

it("waitForClose resolves with how the run closed: its result, or its reason and details", async () => {
  const decider = new Decider({
    swf,
    domain,
    taskList: "decisions",
    decide: (ctx) => [completeWorkflow({ echoed: ctx.inputJson() })],
  }).start();
  try {
    const run = await start("completes", '{"n":1}');
    expect(await waitForClose(swf, domain, run, { intervalMs: 20 })).toMatchObject({
      status: "COMPLETED",
      result: '{"echoed":{"n":1}}',
    });
  } finally {
    await decider.stop();
  }
  const run = await start("terminated");
  const closing = waitForClose(swf, domain, run, { intervalMs: 20 });
  await swf.send(
    new TerminateWorkflowExecutionCommand({ domain, ...run, reason: "by hand", details: "why" }),
  );
  expect(await closing).toMatchObject({ status: "TERMINATED", reason: "by hand", details: "why" });
});

it("waitForClose stops waiting when its signal aborts", async () => {
  const run = await start("never-closes");
  const abort = new AbortController();
  const waiting = waitForClose(swf, domain, run, { intervalMs: 20, signal: abort.signal });
  abort.abort(new Error("gave up"));
  await expect(waiting).rejects.toThrow("gave up");
  await swf.send(new TerminateWorkflowExecutionCommand({ domain, ...run }));
});

it("fetchHistory reads every page of a long history into a WorkflowHistory", async () => {
  const run = await start("long");
  // More events than one page holds (1,000 by default).
  for (let i = 0; i < 1_050; i++)
    await swf.send(
      new SignalWorkflowExecutionCommand({ domain, ...run, signalName: "tick", input: String(i) }),
    );
  const history = await fetchHistory(swf, domain, run);
  expect(history.signals("tick")).toHaveLength(1_050);
  expect(history.signals("tick").at(-1)!.input).toBe("1049");
  expect(history.events[0].eventType).toBe("WorkflowExecutionStarted");
  await swf.send(new TerminateWorkflowExecutionCommand({ domain, ...run }));
});

it("sleep waits, and rejects with the signal's reason as soon as it aborts", async () => {
  await sleep(5);
  const abort = new AbortController();
  const sleeping = sleep(60_000, abort.signal);
  abort.abort(new Error("canceled"));
  await expect(sleeping).rejects.toThrow("canceled");
  await expect(sleep(5, abort.signal)).rejects.toThrow("canceled");
});

it("startWorkflow takes the decision builders' options: JSON-able input, durations in seconds", async () => {
  const run = await startWorkflow(
    swf,
    domain,
    "started-from-outside",
    { name: "Flow", version: "1" },
    {
      input: { orderId: "7" },
      taskList: "elsewhere",
      executionStartToCloseTimeout: 600,
      tagList: ["a"],
    },
  );
  expect(run.workflowId).toBe("started-from-outside");
  const history = await fetchHistory(swf, domain, run);
  expect(history.inputJson()).toEqual({ orderId: "7" });
  expect(history.started).toMatchObject({
    taskList: { name: "elsewhere" },
    executionStartToCloseTimeout: "600",
    taskStartToCloseTimeout: "60", // the type's default
    tagList: ["a"],
  });
  await swf.send(new TerminateWorkflowExecutionCommand({ domain, ...run }));
});

it("signalWorkflow sends JSON-able input to the open run, or to the run named", async () => {
  const run = await startWorkflow(swf, domain, "signalled", { name: "Flow", version: "1" });
  await signalWorkflow(swf, domain, "signalled", "address", { input: { city: "Lyon" } });
  await signalWorkflow(swf, domain, "signalled", "hurry", { runId: run.runId, input: "now" });
  const history = await fetchHistory(swf, domain, run);
  expect(history.signals().map((s) => [s.name, s.input])).toEqual([
    ["address", '{"city":"Lyon"}'],
    ["hurry", "now"],
  ]);
  await swf.send(new TerminateWorkflowExecutionCommand({ domain, ...run }));
});
