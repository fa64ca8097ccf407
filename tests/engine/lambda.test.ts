/**
 * Lambda tasks: the engine invokes each scheduled function through the Lambda Invoke API (here
 * the project's local function runner) and records SWF's events for every outcome.
 */
import {
  DescribeWorkflowExecutionCommand,
  RegisterWorkflowTypeCommand,
  TerminateWorkflowExecutionCommand,
  type Decision,
  type HistoryEvent,
} from "@aws-sdk/client-swf";
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { FakeClock } from "../../lib/engine/clock";
import { finishLambda } from "../../lib/engine/core/lambda";
import { createLogger } from "../../lib/log";
import {
  D,
  attrs,
  decide,
  history,
  lastOf,
  pollDecision,
  setup,
  start,
  typesOf,
  type Setup,
} from "./fixtures";
import { hangCalls, hangState, releaseHangs, startLambdaEngine } from "./functions-harness";
import { startTestEngine, type TestEngine } from "./harness";

const ROLE = "arn:aws:iam::123456789012:role/swf-lambda";

const lambda = D.lambda;

let t: (TestEngine & { close(): Promise<void> }) | undefined;
afterEach(async () => {
  releaseHangs();
  await t?.close();
  t = undefined;
});

async function engine(options: Parameters<typeof startLambdaEngine>[0] = {}) {
  const clock = new FakeClock(Date.UTC(2027, 0, 1));
  // Polls wait for the function's answer (a long poll wakes as soon as the decision task exists).
  const started = await startLambdaEngine({ clock, pollTimeoutSeconds: 30, ...options });
  t = started;
  return { clock, s: await setup(started.swf), t: started };
}

/** Starts a run with a Lambda role, answers its first decision task with `decisions`. */
async function runWith(s: Setup, decisions: Decision[], role: string | null = ROLE) {
  const run = await start(s, role ? { lambdaRole: role } : {});
  await decide(s, (await pollDecision(s)).taskToken, decisions);
  return run;
}

/** The next decision task's events after the previous one (what a decider would look at). */
async function nextDecision(s: Setup) {
  const task = await pollDecision(s);
  const fresh = task.events.filter(
    (e) =>
      e.eventId! > (task.previousStartedEventId ?? 0) && e.eventType !== "DecisionTaskCompleted",
  );
  return { task, fresh, types: typesOf(fresh) };
}

describe("Lambda tasks", () => {
  it("runs a function: scheduled, started, completed with its result, then a decision task", async () => {
    const { s } = await engine();
    const run = await runWith(s, [
      lambda("tax-1", "tax", { input: '{"amount": 50}', control: "ctl" }),
    ]);
    const { types, fresh } = await nextDecision(s);
    expect(types).toEqual([
      "LambdaFunctionScheduled",
      "LambdaFunctionStarted",
      "LambdaFunctionCompleted",
      "DecisionTaskScheduled",
      "DecisionTaskStarted",
    ]);
    const [scheduled, started, completed] = fresh;
    expect(attrs(scheduled)).toMatchObject({
      id: "tax-1",
      name: "tax",
      input: '{"amount": 50}',
      control: "ctl",
      startToCloseTimeout: "900",
      decisionTaskCompletedEventId: scheduled.eventId! - 1,
    });
    expect(attrs(started)).toEqual({ scheduledEventId: scheduled.eventId });
    expect(attrs(completed)).toEqual({
      scheduledEventId: scheduled.eventId,
      startedEventId: started.eventId,
      result: JSON.stringify({ tax: 10, functionName: "tax" }),
    });
    const described = await s.swf.send(
      new DescribeWorkflowExecutionCommand({ domain: s.domain, execution: run }),
    );
    expect(described.openCounts!.openLambdaFunctions).toBe(0);
  });

  it("calls the Invoke API signed for service lambda in the engine's region", async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split("\n").filter(Boolean));
        done();
      },
    });
    const { s } = await engine({
      functionsLogger: createLogger("functions", { level: "debug", destination }),
    });
    await runWith(s, [lambda("signed", "tax", { input: "{}" })]);
    expect((await nextDecision(s)).types).toContain("LambdaFunctionCompleted");
    const invoked = lines.map((l) => JSON.parse(l)).find((l) => l.msg === "invoked");
    expect(invoked).toMatchObject({ function: "tax", service: "lambda", region: "us-east-1" });
    expect(invoked.accessKeyId).toBeTruthy();
  });

  it("records a thrown error as LambdaFunctionFailed: reason from its type, details the payload", async () => {
    const { s } = await engine();
    await runWith(s, [lambda("boom", "explode", { input: '{"message": "no stock"}' })]);
    const { fresh } = await nextDecision(s);
    const failed = lastOf(fresh, "LambdaFunctionFailed");
    expect(attrs(failed)).toMatchObject({ reason: "TypeError" });
    const details = JSON.parse(attrs(failed).details);
    expect(details).toMatchObject({ errorType: "TypeError", errorMessage: "no stock" });
    expect(Array.isArray(details.trace)).toBe(true);
  });

  it("records a failed invoke (no such function, input that is no JSON) as LambdaFunctionFailed", async () => {
    const { s } = await engine();
    await runWith(s, [lambda("missing", "no-such-function"), lambda("bad", "tax", { input: "{" })]);
    let events: HistoryEvent[] = [];
    // The two answers may come in one decision task or in two.
    while (events.filter((e) => e.eventType === "LambdaFunctionFailed").length < 2) {
      const { task, fresh } = await nextDecision(s);
      events = [...events, ...fresh];
      await decide(s, task.taskToken, []);
    }
    const reasons = events
      .filter((e) => e.eventType === "LambdaFunctionFailed")
      .map((e) => attrs(e).reason)
      .sort();
    expect(reasons).toEqual(["InvalidRequestContentException", "ResourceNotFoundException"]);
  });

  it("times out START_TO_CLOSE by the engine's clock and ignores the late answer", async () => {
    const { s, clock, t } = await engine();
    const calls = hangState().calls;
    const run = await runWith(s, [lambda("slow", "hang", { startToCloseTimeout: "5" })]);
    await hangCalls(calls + 1);
    const open = await s.swf.send(
      new DescribeWorkflowExecutionCommand({ domain: s.domain, execution: run }),
    );
    expect(open.openCounts!.openLambdaFunctions).toBe(1);

    clock.advance(4_999);
    expect(typesOf(await history(s, run))).not.toContain("LambdaFunctionTimedOut");
    clock.advance(1);
    const { fresh, task } = await nextDecision(s);
    const timedOut = lastOf(fresh, "LambdaFunctionTimedOut");
    expect(attrs(timedOut)).toEqual({
      scheduledEventId: attrs(lastOf(fresh, "LambdaFunctionStarted")).scheduledEventId,
      startedEventId: lastOf(fresh, "LambdaFunctionStarted")!.eventId,
      timeoutType: "START_TO_CLOSE",
    });
    expect(timedOut!.eventTimestamp!.getTime()).toBe(Date.UTC(2027, 0, 1) + 5_000);

    // An answer that comes after the time-out changes nothing.
    const scheduledEventId = attrs(timedOut).scheduledEventId;
    const executionId = t.running.engine.store.executions.byRun(
      s.domain,
      run.workflowId,
      run.runId,
    )!.id;
    const recorded = t.running.engine.transact((tx) =>
      finishLambda(tx, executionId, scheduledEventId, { kind: "completed", result: "late" }),
    );
    expect(recorded).toBe(false);
    releaseHangs();
    await decide(s, task.taskToken, [D.complete()]);
    const events = await history(s, run);
    expect(typesOf(events).filter((e) => e.startsWith("Lambda"))).toEqual([
      "LambdaFunctionScheduled",
      "LambdaFunctionStarted",
      "LambdaFunctionTimedOut",
    ]);
  });

  it("fails to start without a Lambda role (ASSUME_ROLE_FAILED); the type's default role serves", async () => {
    const { s } = await engine();
    await runWith(s, [lambda("no-role", "tax")], null);
    const { fresh, task } = await nextDecision(s);
    expect(typesOf(fresh).slice(0, 2)).toEqual([
      "LambdaFunctionScheduled",
      "StartLambdaFunctionFailed",
    ]);
    expect(attrs(fresh[1])).toMatchObject({
      scheduledEventId: fresh[0].eventId,
      cause: "ASSUME_ROLE_FAILED",
    });
    expect(attrs(fresh[1]).message.length).toBeLessThanOrEqual(1728);
    await decide(s, task.taskToken, [D.complete()]);

    await s.swf.send(
      new RegisterWorkflowTypeCommand({
        domain: s.domain,
        name: "with-role",
        version: "1",
        defaultTaskList: { name: s.taskList },
        defaultExecutionStartToCloseTimeout: "3600",
        defaultTaskStartToCloseTimeout: "60",
        defaultChildPolicy: "TERMINATE",
        defaultLambdaRole: ROLE,
      }),
    );
    const typed = { ...s, workflowType: { name: "with-role", version: "1" } };
    await runWith(typed, [lambda("typed", "tax", { input: "{}" })], null);
    const next = await nextDecision(typed);
    expect(next.types).toContain("LambdaFunctionCompleted");
  });

  it("refuses an id that is open (ID_ALREADY_IN_USE) and more open functions than the limit", async () => {
    const { s } = await engine({ maxOpenLambdaFunctions: 2 });
    const calls = hangState().calls;
    await runWith(s, [
      lambda("a", "hang"),
      lambda("a", "hang"),
      lambda("b", "hang"),
      lambda("c", "hang"),
    ]);
    await hangCalls(calls + 2);
    const { fresh, task } = await nextDecision(s);
    const failures = fresh
      .filter((e) => e.eventType === "ScheduleLambdaFunctionFailed")
      .map((e) => [attrs(e).id, attrs(e).cause]);
    expect(failures).toEqual([
      ["a", "ID_ALREADY_IN_USE"],
      ["c", "OPEN_LAMBDA_FUNCTIONS_LIMIT_EXCEEDED"],
    ]);
    expect(attrs(lastOf(fresh, "ScheduleLambdaFunctionFailed"))).toMatchObject({
      name: "hang",
      decisionTaskCompletedEventId:
        fresh.find((e) => e.eventType === "LambdaFunctionScheduled")!.eventId! - 1,
    });
    // Once "a" answers, its id may be used again.
    releaseHangs();
    await decide(s, task.taskToken, []);
    let seen: string[] = [];
    let token = "";
    while (seen.filter((e) => e === "LambdaFunctionCompleted").length < 2) {
      const next = await nextDecision(s);
      seen = [...seen, ...next.types];
      token = next.task.taskToken;
      if (seen.filter((e) => e === "LambdaFunctionCompleted").length < 2)
        await decide(s, token, []);
    }
    await decide(s, token, [lambda("a", "tax", { input: "{}" })]);
    const reused = await nextDecision(s);
    expect(reused.types.slice(0, 3)).toEqual([
      "LambdaFunctionScheduled",
      "LambdaFunctionStarted",
      "LambdaFunctionCompleted",
    ]);
    expect(attrs(reused.fresh[0]).id).toBe("a");
  });

  it("drops a function's answer when its run closed meanwhile, without events", async () => {
    const { s, t } = await engine();
    const calls = hangState().calls;
    const run = await runWith(s, [lambda("x", "hang")]);
    await hangCalls(calls + 1);
    await s.swf.send(
      new TerminateWorkflowExecutionCommand({ domain: s.domain, workflowId: run.workflowId }),
    );
    const closed = await s.swf.send(
      new DescribeWorkflowExecutionCommand({ domain: s.domain, execution: run }),
    );
    expect(closed.openCounts!.openLambdaFunctions).toBe(0);
    const before = await history(s, run);
    expect(before.at(-1)!.eventType).toBe("WorkflowExecutionTerminated");
    const { engine: e } = t.running;
    const executionId = e.store.executions.byRun(s.domain, run.workflowId, run.runId)!.id;
    const scheduledEventId = lastOf(before, "LambdaFunctionScheduled")!.eventId!;
    expect(
      e.transact((tx) =>
        finishLambda(tx, executionId, scheduledEventId, { kind: "completed", result: "{}" }),
      ),
    ).toBe(false);
    expect(await history(s, run)).toEqual(before);
  });

  it("without a Lambda endpoint answers LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION", async () => {
    t = await startTestEngine();
    const s = await setup(t.swf);
    await runWith(s, [lambda("l", "tax")]);
    const { fresh } = await nextDecision(s);
    expect(attrs(lastOf(fresh, "ScheduleLambdaFunctionFailed"))).toMatchObject({
      id: "l",
      name: "tax",
      cause: "LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION",
    });
  });
});
