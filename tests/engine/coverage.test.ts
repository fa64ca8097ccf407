/**
 * A representative scenario set that, together, makes the engine produce every one of the 13
 * decision types and every SWF event type except the Lambda ones.
 *
 * Not produced, by design: LambdaFunctionScheduled, LambdaFunctionStarted, LambdaFunctionCompleted,
 * LambdaFunctionFailed, LambdaFunctionTimedOut and StartLambdaFunctionFailed. The engine has no
 * Lambda service: every ScheduleLambdaFunction decision is answered with
 * ScheduleLambdaFunctionFailed (LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION), so no Lambda task ever
 * exists to be scheduled, started, completed, failed or timed out.
 *
 * RecordMarkerFailed's only cause is OPERATION_NOT_PERMITTED: it comes from a key whose deny list
 * (strict SigV4 mode, the engine's stand-in for IAM) holds RecordMarker.
 */
import {
  DecisionType,
  EventType,
  ListClosedWorkflowExecutionsCommand,
  ListOpenWorkflowExecutionsCommand,
  RecordActivityTaskHeartbeatCommand,
  RequestCancelWorkflowExecutionCommand,
  RespondActivityTaskCanceledCommand,
  RespondActivityTaskFailedCommand,
  SignalWorkflowExecutionCommand,
  SWFClient,
  TerminateWorkflowExecutionCommand,
  type Decision,
  type WorkflowExecutionInfo,
} from "@aws-sdk/client-swf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "../../lib/engine/clock";
import {
  D,
  completeActivity,
  decide as respond,
  history,
  pollActivity,
  pollDecision,
  setup,
  start,
  type Setup,
} from "./fixtures";
import { startTestEngine, type TestEngine } from "./harness";

const LAMBDA_EVENTS = [
  "LambdaFunctionScheduled",
  "LambdaFunctionStarted",
  "LambdaFunctionCompleted",
  "LambdaFunctionFailed",
  "LambdaFunctionTimedOut",
  "StartLambdaFunctionFailed",
];

const clock = new FakeClock(Date.UTC(2027, 0, 1));
let t: TestEngine;
let s: Setup;
const decisionTypes = new Set<string>();

/** Answers a decision task and notes which decision types were made. */
async function decide(setupUsed: Setup, token: string | undefined, decisions: Decision[]) {
  for (const d of decisions) decisionTypes.add(d.decisionType!);
  await respond(setupUsed, token, decisions);
}

beforeAll(async () => {
  // Strict mode with the harness client's own key, plus a key that may not record markers.
  t = await startTestEngine({
    clock,
    credentials: { x: "x", LIMITED: { secret: "limited", deny: ["RecordMarker"] } },
  });
  s = await setup(t.swf);
});
afterAll(() => t.close());

const list = (name: string) => ({ taskList: { name } });
const signal = (workflowId: string) =>
  t.swf.send(
    new SignalWorkflowExecutionCommand({ domain: s.domain, workflowId, signalName: "poke" }),
  );

describe("event and decision type coverage", () => {
  it("activities: completed, failed, canceled after a request, timed out; failures to schedule and cancel", async () => {
    const run = await start(s, list("act"));
    const d1 = await pollDecision(s, { taskList: "act" });
    await decide(s, d1.taskToken, [
      D.scheduleActivity(s, "ok"),
      D.scheduleActivity(s, "bad"),
      D.scheduleActivity(s, "cancel-me"),
      D.scheduleActivity(s, "late", { taskList: { name: "nobody" }, scheduleToStartTimeout: "1" }),
      D.scheduleActivity(s, "x", { activityType: { name: "missing", version: "1" } }),
      D.cancelActivity("never-scheduled"),
    ]);
    await completeActivity(s, (await pollActivity(s)).taskToken);
    await t.swf.send(
      new RespondActivityTaskFailedCommand({
        taskToken: (await pollActivity(s)).taskToken,
        reason: "r",
      }),
    );
    const cancelMe = await pollActivity(s);
    const d2 = await pollDecision(s, { taskList: "act" });
    await decide(s, d2.taskToken, [D.cancelActivity("cancel-me")]);
    expect(
      (await t.swf.send(new RecordActivityTaskHeartbeatCommand({ taskToken: cancelMe.taskToken })))
        .cancelRequested,
    ).toBe(true);
    await t.swf.send(new RespondActivityTaskCanceledCommand({ taskToken: cancelMe.taskToken }));
    clock.advance(1000);
    const d3 = await pollDecision(s, { taskList: "act" });
    await decide(s, d3.taskToken, [D.complete()]);
    expect((await history(s, run)).at(-1)!.eventType).toBe("WorkflowExecutionCompleted");
  });

  it("timers and markers, a decision time-out, Lambda", async () => {
    await start(s, { ...list("timers"), taskStartToCloseTimeout: "5" });
    const d1 = await pollDecision(s, { taskList: "timers" });
    clock.advance(5000); // DecisionTaskTimedOut
    const d2 = await pollDecision(s, { taskList: "timers" });
    expect(await respond(s, d1.taskToken, []).catch((e: Error) => e.name)).toBe(
      "UnknownResourceFault",
    );
    await decide(s, d2.taskToken, [
      D.startTimer("fires", 1),
      D.startTimer("fires", 1),
      D.startTimer("canceled", 100),
      D.cancelTimer("unknown"),
      D.marker("m"),
      D.lambda("l", "fn"),
    ]);
    const d3 = await pollDecision(s, { taskList: "timers" }); // after the failures
    await decide(s, d3.taskToken, [D.cancelTimer("canceled")]);
    clock.advance(1000);
    const d4 = await pollDecision(s, { taskList: "timers" });
    await decide(s, d4.taskToken, [D.fail("done")]);
  });

  it("UNHANDLED_DECISION for each close decision, then continue-as-new", async () => {
    const run = await start(s, list("unhandled"));
    for (const close of [D.complete(), D.fail(), D.cancel(), D.continueAsNew()]) {
      const task = await pollDecision(s, { taskList: "unhandled" });
      await signal(run.workflowId);
      await decide(s, task.taskToken, [close]);
    }
    const task = await pollDecision(s, { taskList: "unhandled" });
    await decide(s, task.taskToken, [D.continueAsNew(list("unhandled"))]);
    const next = await pollDecision(s, { taskList: "unhandled" });
    await t.swf.send(
      new RequestCancelWorkflowExecutionCommand({ domain: s.domain, workflowId: run.workflowId }),
    );
    await decide(s, next.taskToken, [D.marker("racing the request")]);
    const last = await pollDecision(s, { taskList: "unhandled" });
    await decide(s, last.taskToken, [D.cancel()]);
  });

  it("children of every outcome, external signals and cancellations", async () => {
    const target = await start(s, list("target"));
    await start(s, list("parent"));
    const p1 = await pollDecision(s, { taskList: "parent" });
    await decide(s, p1.taskToken, [
      D.startChild(s, "c-complete", list("c-complete")),
      D.startChild(s, "c-fail", list("c-fail")),
      D.startChild(s, "c-cancel", list("c-cancel")),
      D.startChild(s, "c-term", list("c-term")),
      D.startChild(s, "c-timeout", { ...list("c-timeout"), executionStartToCloseTimeout: "10" }),
      D.startChild(s, "c-missing", { workflowType: { name: "missing", version: "1" } }),
      D.signalExternal(target.workflowId, "hi"),
      D.signalExternal("nobody", "hi"),
      D.cancelExternal(target.workflowId),
      D.cancelExternal("nobody"),
    ]);
    for (const [name, decision] of [
      ["c-complete", D.complete()],
      ["c-fail", D.fail()],
      ["c-cancel", D.cancel()],
    ] as const) {
      const task = await pollDecision(s, { taskList: name });
      await decide(s, task.taskToken, [decision]);
    }
    await t.swf.send(
      new TerminateWorkflowExecutionCommand({ domain: s.domain, workflowId: "c-term" }),
    );
    clock.advance(10_000);
    await t.swf.send(
      new TerminateWorkflowExecutionCommand({ domain: s.domain, workflowId: target.workflowId }),
    );
  });

  it("a decision that the decider's key may not make", async () => {
    const limited = new SWFClient({
      endpoint: t.url,
      region: "us-east-1",
      credentials: { accessKeyId: "LIMITED", secretAccessKey: "limited" },
      maxAttempts: 1,
    });
    const ls = { ...s, swf: limited };
    await start(ls, list("limited"));
    const task = await pollDecision(ls, { taskList: "limited" });
    await decide(ls, task.taskToken, [D.marker("not allowed")]);
    limited.destroy();
  });

  it("every decision type was made and every non-Lambda event type was produced", async () => {
    const since = { oldestDate: new Date(0) };
    const infos: WorkflowExecutionInfo[] = [
      ...(
        await t.swf.send(
          new ListOpenWorkflowExecutionsCommand({ domain: s.domain, startTimeFilter: since }),
        )
      ).executionInfos!,
      ...(
        await t.swf.send(
          new ListClosedWorkflowExecutionsCommand({ domain: s.domain, startTimeFilter: since }),
        )
      ).executionInfos!,
    ];
    const seen = new Set<string>();
    for (const info of infos)
      for (const e of await history(s, info.execution!)) seen.add(e.eventType!);

    expect([...decisionTypes].sort()).toEqual(Object.values(DecisionType).sort());
    const expected = Object.values(EventType).filter((e) => !LAMBDA_EVENTS.includes(e));
    expect(Object.values(EventType)).toHaveLength(54);
    expect(expected).toHaveLength(48);
    expect(expected.filter((e) => !seen.has(e))).toEqual([]);
    expect(LAMBDA_EVENTS.filter((e) => seen.has(e))).toEqual([]);
  });
});
