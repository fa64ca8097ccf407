/**
 * Quotas, with the engine's limits lowered so that the tests stay fast. Domain
 * and tag limits are in domains.test.ts; per-execution tags and input sizes in executions.test.ts.
 */
import {
  DeprecateWorkflowTypeCommand,
  DescribeWorkflowExecutionCommand,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  SignalWorkflowExecutionCommand,
} from "@aws-sdk/client-swf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  D,
  attrs,
  completeActivity,
  decide,
  expectWellFormed,
  history,
  lastOf,
  pollActivity,
  pollDecision,
  setup,
  start,
  startAndDecide,
  typesOf,
  uniq,
} from "./fixtures";
import { faultOf, startTestEngine, type TestEngine } from "./harness";

describe("history event limit", () => {
  const LIMIT = 20;
  let t: TestEngine;
  beforeAll(async () => {
    t = await startTestEngine({ historyEventLimit: LIMIT });
  });
  afterAll(() => t.close());

  it("terminates a run that grows past the limit with EVENT_LIMIT_EXCEEDED, keeping room for that event", async () => {
    const s = await setup(t.swf);
    const run = await start(s, { childPolicy: "ABANDON" });
    let rounds = 0;
    for (; rounds < 50; rounds++) {
      const d = await t.swf.send(
        new DescribeWorkflowExecutionCommand({ domain: s.domain, execution: run }),
      );
      if (d.executionInfo!.executionStatus === "CLOSED") break;
      const task = await pollDecision(s);
      const answer = await decide(s, task.taskToken, [
        D.marker(`round-${rounds}`),
        D.startTimer(`t${rounds}`, 0),
      ]).catch((e: Error) => e.name);
      if (answer === "UnknownResourceFault") continue; // the answer that would not fit
      // The zero timer fires right after the answer: wait for its decision task.
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(rounds).toBeLessThan(50);
    const events = await history(s, run);
    expectWellFormed(events);
    expect(events.length).toBeLessThanOrEqual(LIMIT);
    expect(events.at(-1)!.eventType).toBe("WorkflowExecutionTerminated");
    expect(attrs(events.at(-1))).toEqual({ childPolicy: "ABANDON", cause: "EVENT_LIMIT_EXCEEDED" });
    const d = await t.swf.send(
      new DescribeWorkflowExecutionCommand({ domain: s.domain, execution: run }),
    );
    expect(d.executionInfo!.closeStatus).toBe("TERMINATED");
  });

  it("a decision list that would not fit terminates the run; the decider's answer is refused", async () => {
    const s = await setup(t.swf);
    const run = await start(s);
    const task = await pollDecision(s);
    const markers = Array.from({ length: 30 }, (_, i) => D.marker(`m${i}`));
    expect((await faultOf(decide(s, task.taskToken, markers))).name).toBe("UnknownResourceFault");
    const events = await history(s, run);
    expect(typesOf(events)).toEqual([
      "WorkflowExecutionStarted",
      "DecisionTaskScheduled",
      "DecisionTaskStarted",
      "WorkflowExecutionTerminated",
    ]);
    expect(attrs(events[3])).toEqual({ childPolicy: "TERMINATE", cause: "EVENT_LIMIT_EXCEEDED" });
  });

  it("a signal to a full run terminates it and is refused; the child policy applies", async () => {
    const s = await setup(t.swf);
    const parent = await start(s);
    const task = await pollDecision(s);
    await decide(s, task.taskToken, [D.startChild(s, uniq("kid"), { taskList: { name: "kids" } })]);
    let refused = "";
    for (let i = 0; i < LIMIT && !refused; i++) {
      refused = await t.swf
        .send(
          new SignalWorkflowExecutionCommand({
            domain: s.domain,
            workflowId: parent.workflowId,
            signalName: `s${i}`,
          }),
        )
        .then(
          () => "",
          (e: Error) => e.name,
        );
    }
    expect(refused).toBe("UnknownResourceFault");
    const events = await history(s, parent);
    expect(events.length).toBeLessThanOrEqual(LIMIT);
    expect(attrs(events.at(-1)).cause).toBe("EVENT_LIMIT_EXCEEDED");
    const kid = attrs(lastOf(events, "ChildWorkflowExecutionStarted")).workflowExecution;
    const kidEvents = await history(s, kid);
    expect(attrs(kidEvents.at(-1))).toEqual({
      childPolicy: "TERMINATE",
      cause: "CHILD_POLICY_APPLIED",
    });
  });

  it("a signal from another run to a full one fails in the sender, which carries on", async () => {
    const s = await setup(t.swf);
    const full = await start(s, { taskList: { name: "full" } });
    for (let i = 0; i < LIMIT - 3; i++) {
      await t.swf.send(
        new SignalWorkflowExecutionCommand({
          domain: s.domain,
          workflowId: full.workflowId,
          signalName: `s${i}`,
        }),
      );
    }
    expect((await history(s, full)).length).toBe(LIMIT - 1);
    const sender = await startAndDecide(s, [D.signalExternal(full.workflowId, "one-too-many")]);
    const fullEvents = await history(s, full);
    expect(fullEvents.at(-1)!.eventType).toBe("WorkflowExecutionTerminated");
    expect(fullEvents).toHaveLength(LIMIT);
    const senderEvents = await history(s, sender);
    expect(attrs(lastOf(senderEvents, "SignalExternalWorkflowExecutionFailed")).cause).toBe(
      "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION",
    );
    expect(
      (
        await t.swf.send(
          new DescribeWorkflowExecutionCommand({ domain: s.domain, execution: sender }),
        )
      ).executionInfo!.executionStatus,
    ).toBe("OPEN");
  });
});

describe("open activities, timers and children per execution", () => {
  let t: TestEngine;
  beforeAll(async () => {
    t = await startTestEngine({
      maxOpenActivities: 3,
      maxOpenTimers: 2,
      maxOpenChildren: 2,
      maxOpenExecutions: 6,
    });
  });
  afterAll(() => t.close());

  it("OPEN_ACTIVITIES_LIMIT_EXCEEDED, and room again once one closes", async () => {
    const s = await setup(t.swf);
    const run = await startAndDecide(
      s,
      ["a", "b", "c", "d"].map((id) => D.scheduleActivity(s, id)),
    );
    let events = await history(s, run);
    expect(attrs(lastOf(events, "ScheduleActivityTaskFailed"))).toMatchObject({
      activityId: "d",
      cause: "OPEN_ACTIVITIES_LIMIT_EXCEEDED",
    });
    const act = await pollActivity(s);
    await completeActivity(s, act.taskToken);
    const task = await pollDecision(s);
    await decide(s, task.taskToken, [D.scheduleActivity(s, "d"), D.scheduleActivity(s, "e")]);
    events = await history(s, run);
    expect(attrs(lastOf(events, "ActivityTaskScheduled")).activityId).toBe("d");
    expect(attrs(lastOf(events, "ScheduleActivityTaskFailed"))).toMatchObject({
      activityId: "e",
      cause: "OPEN_ACTIVITIES_LIMIT_EXCEEDED",
    });
  });

  it("OPEN_TIMERS_LIMIT_EXCEEDED", async () => {
    const s = await setup(t.swf);
    const run = await startAndDecide(s, [
      D.startTimer("a", 100),
      D.startTimer("b", 100),
      D.startTimer("c", 100),
    ]);
    expect(attrs(lastOf(await history(s, run), "StartTimerFailed"))).toMatchObject({
      timerId: "c",
      cause: "OPEN_TIMERS_LIMIT_EXCEEDED",
    });
  });

  it("OPEN_CHILDREN_LIMIT_EXCEEDED counts children started by the same decision list", async () => {
    const s = await setup(t.swf);
    const run = await startAndDecide(
      s,
      [1, 2, 3].map((i) => D.startChild(s, uniq(`kid${i}`), { taskList: { name: "kids" } })),
    );
    const events = await history(s, run);
    expect(typesOf(events).filter((e) => e === "ChildWorkflowExecutionStarted")).toHaveLength(2);
    expect(attrs(lastOf(events, "StartChildWorkflowExecutionFailed"))).toMatchObject({
      cause: "OPEN_CHILDREN_LIMIT_EXCEEDED",
      initiatedEventId: 0,
    });
  });

  it("OPEN_WORKFLOWS_LIMIT_EXCEEDED for children, LimitExceededFault for starts", async () => {
    const s = await setup(t.swf); // a domain of its own: 6 open executions at most
    for (let i = 0; i < 4; i++) await start(s, { taskList: { name: "idle" } });
    const run = await startAndDecide(
      s,
      [1, 2].map((i) => D.startChild(s, uniq(`kid${i}`), { taskList: { name: "kids" } })),
    );
    const events = await history(s, run);
    expect(typesOf(events).filter((e) => e === "ChildWorkflowExecutionStarted")).toHaveLength(1);
    expect(attrs(lastOf(events, "StartChildWorkflowExecutionFailed")).cause).toBe(
      "OPEN_WORKFLOWS_LIMIT_EXCEEDED",
    );
    expect((await faultOf(start(s))).name).toBe("LimitExceededFault");
  });
});

describe("types per domain", () => {
  it("LimitExceededFault past the registered types of a kind, deprecated ones included", async () => {
    const t = await startTestEngine({ maxTypesPerDomain: 2 });
    try {
      await t.swf.send(
        new RegisterDomainCommand({ name: "types", workflowExecutionRetentionPeriodInDays: "1" }),
      );
      await t.swf.send(
        new RegisterWorkflowTypeCommand({ domain: "types", name: "w", version: "1" }),
      );
      await t.swf.send(
        new RegisterWorkflowTypeCommand({ domain: "types", name: "w", version: "2" }),
      );
      await t.swf.send(
        new DeprecateWorkflowTypeCommand({
          domain: "types",
          workflowType: { name: "w", version: "1" },
        }),
      );
      expect(
        (
          await faultOf(
            t.swf.send(
              new RegisterWorkflowTypeCommand({ domain: "types", name: "w", version: "3" }),
            ),
          )
        ).name,
      ).toBe("LimitExceededFault");
      // Activity types are counted on their own.
      await t.swf.send(
        new RegisterActivityTypeCommand({ domain: "types", name: "a", version: "1" }),
      );
    } finally {
      await t.close();
    }
  });
});

describe("sizes in decisions", () => {
  let t: TestEngine;
  beforeAll(async () => {
    t = await startTestEngine();
  });
  afterAll(() => t.close());

  it("refuses oversize decision attributes with ValidationException naming the member", async () => {
    const s = await setup(t.swf);
    await start(s);
    const task = await pollDecision(s);
    const f = await faultOf(
      decide(s, task.taskToken, [
        D.marker("ok"),
        D.scheduleActivity(s, "a", { control: "x".repeat(32769) }),
      ]),
    );
    expect(f.name).toBe("ValidationException");
    expect(f.message).toContain(
      "decisions.2.member.scheduleActivityTaskDecisionAttributes.control",
    );
    const g = await faultOf(decide(s, task.taskToken, [D.fail("x".repeat(257))]));
    expect(g.message).toContain(
      "decisions.1.member.failWorkflowExecutionDecisionAttributes.reason",
    );
    const h = await faultOf(decide(s, task.taskToken, [], { executionContext: "x".repeat(32769) }));
    expect(h.message).toContain("'executionContext'");
    await decide(s, task.taskToken, [D.complete("x".repeat(32768))]);
  });
});
