import {
  CountPendingActivityTasksCommand,
  CountPendingDecisionTasksCommand,
  PollForActivityTaskCommand,
  RecordActivityTaskHeartbeatCommand,
  RespondActivityTaskCanceledCommand,
  RespondActivityTaskCompletedCommand,
  RespondActivityTaskFailedCommand,
  SignalWorkflowExecutionCommand,
} from "@aws-sdk/client-swf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  D,
  attrs,
  decide,
  expectNoActivity,
  expectNoDecision,
  history,
  lastOf,
  pollActivity,
  pollDecision,
  setup,
  startAndDecide,
  typesOf,
} from "./fixtures";
import { faultOf, startTestEngine, type TestEngine } from "./harness";

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.close());

describe("activity tasks", () => {
  it("hands a scheduled task to one worker with its input, and records the worker's identity", async () => {
    const s = await setup(t.swf);
    const run = await startAndDecide(s, [
      D.scheduleActivity(s, "a1", { input: "in", control: "secret" }),
    ]);
    const task = await pollActivity(s, s.activityTaskList, "worker-7");
    expect(task).toMatchObject({
      activityId: "a1",
      startedEventId: 6,
      workflowExecution: run,
      activityType: s.activityType,
      input: "in",
    });
    expect(task).not.toHaveProperty("control");
    await expectNoActivity(s);
    const events = await history(s, run);
    expect(attrs(events[4])).toEqual({
      activityType: s.activityType,
      activityId: "a1",
      input: "in",
      control: "secret",
      taskList: { name: s.activityTaskList },
      scheduleToStartTimeout: "600",
      scheduleToCloseTimeout: "1200",
      startToCloseTimeout: "600",
      heartbeatTimeout: "NONE",
      decisionTaskCompletedEventId: 4,
    });
    expect(attrs(events[5])).toEqual({ scheduledEventId: 5, identity: "worker-7" });
  });

  it("answers an empty poll without a token and UnknownResourceFault for an unknown domain", async () => {
    const s = await setup(t.swf);
    const empty = await t.swf.send(
      new PollForActivityTaskCommand({ domain: s.domain, taskList: { name: s.activityTaskList } }),
    );
    expect(empty.taskToken).toBeUndefined();
    expect(empty.startedEventId).toBe(0);
    expect(
      await faultOf(
        t.swf.send(new PollForActivityTaskCommand({ domain: "nope", taskList: { name: "x" } })),
      ),
    ).toEqual({
      name: "UnknownResourceFault",
      message: "Unknown domain: nope",
    });
  });

  it("completes, fails and cancels, each once; a used token is unknown afterwards", async () => {
    const s = await setup(t.swf);
    const run = await startAndDecide(s, [
      D.scheduleActivity(s, "ok"),
      D.scheduleActivity(s, "bad"),
      D.scheduleActivity(s, "stop"),
    ]);
    const ok = await pollActivity(s);
    const bad = await pollActivity(s);
    const stop = await pollActivity(s);
    await t.swf.send(
      new RespondActivityTaskCompletedCommand({ taskToken: ok.taskToken, result: "42" }),
    );
    await t.swf.send(
      new RespondActivityTaskFailedCommand({
        taskToken: bad.taskToken,
        reason: "boom",
        details: "trace",
      }),
    );
    // Canceled without a cancel request is accepted (an open point; the engine accepts it).
    await t.swf.send(
      new RespondActivityTaskCanceledCommand({ taskToken: stop.taskToken, details: "gave up" }),
    );
    for (const task of [ok, bad, stop]) {
      const again = [
        t.swf.send(new RespondActivityTaskCompletedCommand({ taskToken: task.taskToken })),
        t.swf.send(new RespondActivityTaskFailedCommand({ taskToken: task.taskToken })),
        t.swf.send(new RespondActivityTaskCanceledCommand({ taskToken: task.taskToken })),
        t.swf.send(new RecordActivityTaskHeartbeatCommand({ taskToken: task.taskToken })),
      ];
      for (const call of again) expect((await faultOf(call)).name).toBe("UnknownResourceFault");
    }
    const f = await faultOf(
      t.swf.send(new RespondActivityTaskCompletedCommand({ taskToken: ok.taskToken })),
    );
    expect(f.message).toBe("Unknown activity, scheduledEventId = 5");
    const events = await history(s, run);
    expect(attrs(lastOf(events, "ActivityTaskCompleted"))).toEqual({
      result: "42",
      scheduledEventId: 5,
      startedEventId: 8,
    });
    expect(attrs(lastOf(events, "ActivityTaskFailed"))).toEqual({
      reason: "boom",
      details: "trace",
      scheduledEventId: 6,
      startedEventId: 9,
    });
    expect(attrs(lastOf(events, "ActivityTaskCanceled"))).toEqual({
      details: "gave up",
      scheduledEventId: 7,
      startedEventId: 10,
    });
    // The results reach the decider in one decision task.
    const next = await pollDecision(s);
    expect(
      typesOf(next.events)
        .filter((e) => e.startsWith("ActivityTask"))
        .slice(-3),
    ).toEqual(["ActivityTaskCompleted", "ActivityTaskFailed", "ActivityTaskCanceled"]);
  });

  it("heartbeats report a cancel request; the worker may then answer canceled", async () => {
    const s = await setup(t.swf);
    const run = await startAndDecide(s, [D.scheduleActivity(s, "long")]);
    const task = await pollActivity(s);
    expect(
      await t.swf.send(
        new RecordActivityTaskHeartbeatCommand({ taskToken: task.taskToken, details: "10%" }),
      ),
    ).toMatchObject({
      cancelRequested: false,
    });
    await t.swf.send(new RecordActivityTaskHeartbeatCommand({ taskToken: task.taskToken }));
    await expectNoDecision(s); // heartbeats write no event and trigger nothing
    const before = await history(s, run);
    expect(typesOf(before).at(-1)).toBe("ActivityTaskStarted");

    // The decider asks for cancellation (needs a decision task: signal the run).
    await t.swf.send(
      new SignalWorkflowExecutionCommand({
        domain: s.domain,
        workflowId: run.workflowId,
        signalName: "cancel-it",
      }),
    );
    const dt = await pollDecision(s);
    await decide(s, dt.taskToken, [D.cancelActivity("long"), D.cancelActivity("long")]);
    let events = await history(s, run);
    const requests = events.filter((e) => e.eventType === "ActivityTaskCancelRequested");
    expect(requests.map((e) => attrs(e))).toEqual([
      { activityId: "long", decisionTaskCompletedEventId: requests[0].eventId! - 1 },
      { activityId: "long", decisionTaskCompletedEventId: requests[0].eventId! - 1 },
    ]);
    // A started activity only learns of it through a heartbeat; no decision follows the request.
    await expectNoDecision(s);
    expect(
      (await t.swf.send(new RecordActivityTaskHeartbeatCommand({ taskToken: task.taskToken })))
        .cancelRequested,
    ).toBe(true);
    await t.swf.send(
      new RespondActivityTaskCanceledCommand({ taskToken: task.taskToken, details: "stopped" }),
    );
    events = await history(s, run);
    expect(attrs(lastOf(events, "ActivityTaskCanceled"))).toEqual({
      details: "stopped",
      scheduledEventId: 5,
      startedEventId: 6,
      latestCancelRequestedEventId: requests[1].eventId,
    });
    const next = await pollDecision(s);
    await decide(s, next.taskToken, [D.complete()]);
  });

  it("refuses malformed tokens with ValidationException and validates sizes", async () => {
    const s = await setup(t.swf);
    await startAndDecide(s, [D.scheduleActivity(s, "a")]);
    const task = await pollActivity(s);
    for (const taskToken of ["nonsense", Buffer.from("d:1:2:x").toString("base64url")]) {
      expect(
        (await faultOf(t.swf.send(new RespondActivityTaskCompletedCommand({ taskToken })))).name,
      ).toBe("ValidationException");
      expect(
        (await faultOf(t.swf.send(new RecordActivityTaskHeartbeatCommand({ taskToken })))).name,
      ).toBe("ValidationException");
    }
    const details = await faultOf(
      t.swf.send(
        new RecordActivityTaskHeartbeatCommand({
          taskToken: task.taskToken,
          details: "x".repeat(2049),
        }),
      ),
    );
    expect(details.name).toBe("ValidationException");
    expect(details.message).toContain("'details'");
    const result = await faultOf(
      t.swf.send(
        new RespondActivityTaskCompletedCommand({
          taskToken: task.taskToken,
          result: "x".repeat(32769),
        }),
      ),
    );
    expect(result.message).toContain("'result'");
    const reason = await faultOf(
      t.swf.send(
        new RespondActivityTaskFailedCommand({
          taskToken: task.taskToken,
          reason: "x".repeat(257),
        }),
      ),
    );
    expect(reason.message).toContain("'reason'");
    await t.swf.send(
      new RespondActivityTaskCompletedCommand({
        taskToken: task.taskToken,
        result: "x".repeat(32768),
      }),
    );
  });

  it("counts pending (scheduled, not started) tasks per list", async () => {
    const s = await setup(t.swf);
    const count = async (name: string) =>
      (
        await t.swf.send(
          new CountPendingActivityTasksCommand({ domain: s.domain, taskList: { name } }),
        )
      ).count;
    expect(await count("never-used")).toBe(0);
    await startAndDecide(s, [
      D.scheduleActivity(s, "a"),
      D.scheduleActivity(s, "b"),
      D.scheduleActivity(s, "c", { taskList: { name: "other" } }),
    ]);
    expect(await count(s.activityTaskList)).toBe(2);
    expect(await count("other")).toBe(1);
    await pollActivity(s);
    expect(await count(s.activityTaskList)).toBe(1);
    const decisions = await t.swf.send(
      new CountPendingDecisionTasksCommand({ domain: s.domain, taskList: { name: s.taskList } }),
    );
    expect(decisions).toEqual(expect.objectContaining({ count: 0, truncated: false }));
    expect(
      (
        await faultOf(
          t.swf.send(
            new CountPendingActivityTasksCommand({ domain: "nope", taskList: { name: "x" } }),
          ),
        )
      ).name,
    ).toBe("UnknownResourceFault");
    expect(
      (
        await faultOf(
          t.swf.send(
            new CountPendingDecisionTasksCommand({ domain: "nope", taskList: { name: "x" } }),
          ),
        )
      ).name,
    ).toBe("UnknownResourceFault");
  });
});
