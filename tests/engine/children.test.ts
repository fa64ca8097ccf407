/** Child workflows, child policies and continue-as-new. */
import {
  DeprecateWorkflowTypeCommand,
  DescribeWorkflowExecutionCommand,
  RegisterWorkflowTypeCommand,
  RespondActivityTaskCompletedCommand,
  TerminateWorkflowExecutionCommand,
  type ChildPolicy,
  type HistoryEvent,
} from "@aws-sdk/client-swf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "../../lib/engine/clock";
import {
  D,
  allOf,
  attrs,
  decide,
  expectNoDecision,
  expectWellFormed,
  history,
  lastOf,
  pollActivity,
  pollDecision,
  setup,
  start,
  typesOf,
  uniq,
  type Setup,
} from "./fixtures";
import { faultOf, startTestEngine, type TestEngine } from "./harness";

const clock = new FakeClock(Date.UTC(2026, 9, 1));
let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ clock });
});
afterAll(() => t.close());

const describeRun = (s: Setup, execution: { workflowId: string; runId: string }) =>
  t.swf.send(new DescribeWorkflowExecutionCommand({ domain: s.domain, execution }));

/** The run a ChildWorkflowExecutionStarted of `workflowId` names. */
function childRun(events: HistoryEvent[], workflowId: string) {
  const started = allOf(events, "ChildWorkflowExecutionStarted").find(
    (e) => attrs(e).workflowExecution.workflowId === workflowId,
  );
  expect(started, `child ${workflowId} started`).toBeDefined();
  return attrs(started).workflowExecution as { workflowId: string; runId: string };
}

describe("child workflows", () => {
  it("starts a child with the effective settings and reports its completion to the parent", async () => {
    const s = await setup(t.swf);
    const parent = await start(s);
    const task = await pollDecision(s);
    await decide(s, task.taskToken, [
      D.startChild(s, "kid", {
        input: "in",
        control: "ctl",
        taskList: { name: "kid-list" },
        tagList: ["k"],
      }),
    ]);
    let events = await history(s, parent);
    const initiated = lastOf(events, "StartChildWorkflowExecutionInitiated")!;
    expect(attrs(initiated)).toEqual({
      workflowId: "kid",
      workflowType: s.workflowType,
      control: "ctl",
      input: "in",
      executionStartToCloseTimeout: "3600",
      taskList: { name: "kid-list" },
      decisionTaskCompletedEventId: initiated.eventId! - 1,
      childPolicy: "TERMINATE",
      taskStartToCloseTimeout: "60",
      tagList: ["k"],
    });
    const kid = childRun(events, "kid");
    const started = lastOf(events, "ChildWorkflowExecutionStarted")!;
    expect(attrs(started)).toEqual({
      workflowExecution: kid,
      workflowType: s.workflowType,
      initiatedEventId: initiated.eventId,
    });
    const kidEvents = await history(s, kid);
    expect(attrs(kidEvents[0])).toMatchObject({
      input: "in",
      parentWorkflowExecution: parent,
      parentInitiatedEventId: initiated.eventId,
    });
    expect(attrs(kidEvents[0])).not.toHaveProperty("control");
    expect((await describeRun(s, kid)).executionInfo!.parent).toEqual(parent);
    expect((await describeRun(s, parent)).openCounts!.openChildWorkflowExecutions).toBe(1);

    // ChildWorkflowExecutionStarted triggers a decision in the parent.
    const p2 = await pollDecision(s);
    expect(p2.workflowExecution).toEqual(parent);
    await decide(s, p2.taskToken, []);
    const k1 = await pollDecision(s, { taskList: "kid-list" });
    await decide(s, k1.taskToken, [D.complete("kid-result")]);
    events = await history(s, parent);
    expect(attrs(lastOf(events, "ChildWorkflowExecutionCompleted"))).toEqual({
      workflowExecution: kid,
      workflowType: s.workflowType,
      result: "kid-result",
      initiatedEventId: initiated.eventId,
      startedEventId: started.eventId,
    });
    expect((await describeRun(s, parent)).openCounts!.openChildWorkflowExecutions).toBe(0);
    const p3 = await pollDecision(s);
    await decide(s, p3.taskToken, [D.complete()]);
    expectWellFormed(await history(s, parent));
  });

  it("a parent with three children: one fails, one times out, one dies with the parent's termination", async () => {
    const s = await setup(t.swf);
    const parent = await start(s, { childPolicy: "TERMINATE" });
    const task = await pollDecision(s);
    await decide(s, task.taskToken, [
      D.startChild(s, "failing", { taskList: { name: "failing" } }),
      D.startChild(s, "slow", { taskList: { name: "slow" }, executionStartToCloseTimeout: "50" }),
      D.startChild(s, "victim", { taskList: { name: "victim" } }),
      D.startChild(s, "canceling", { taskList: { name: "canceling" } }),
      D.startChild(s, "stopped", { taskList: { name: "stopped" } }),
    ]);
    const failing = await pollDecision(s, { taskList: "failing" });
    await decide(s, failing.taskToken, [D.fail("bad", "worse")]);
    const canceling = await pollDecision(s, { taskList: "canceling" });
    await decide(s, canceling.taskToken, [D.cancel("bye")]);
    const events0 = await history(s, parent);
    await t.swf.send(
      new TerminateWorkflowExecutionCommand({ domain: s.domain, ...childRun(events0, "stopped") }),
    );
    clock.advance(50_000);
    let events = await history(s, parent);
    const common = (workflowId: string) => {
      const initiated = allOf(events, "StartChildWorkflowExecutionInitiated").find(
        (e) => attrs(e).workflowId === workflowId,
      )!;
      const started = allOf(events, "ChildWorkflowExecutionStarted").find(
        (e) => attrs(e).workflowExecution.workflowId === workflowId,
      )!;
      return {
        workflowExecution: childRun(events, workflowId),
        workflowType: s.workflowType,
        initiatedEventId: initiated.eventId,
        startedEventId: started.eventId,
      };
    };
    expect(attrs(lastOf(events, "ChildWorkflowExecutionFailed"))).toEqual({
      ...common("failing"),
      reason: "bad",
      details: "worse",
    });
    expect(attrs(lastOf(events, "ChildWorkflowExecutionCanceled"))).toEqual({
      ...common("canceling"),
      details: "bye",
    });
    expect(attrs(lastOf(events, "ChildWorkflowExecutionTerminated"))).toEqual(common("stopped"));
    expect(attrs(lastOf(events, "ChildWorkflowExecutionTimedOut"))).toEqual({
      ...common("slow"),
      timeoutType: "START_TO_CLOSE",
    });

    const victim = childRun(events, "victim");
    await t.swf.send(new TerminateWorkflowExecutionCommand({ domain: s.domain, ...parent }));
    events = await history(s, parent);
    expect(events.at(-1)!.eventType).toBe("WorkflowExecutionTerminated");
    const victimEvents = await history(s, victim);
    expect(victimEvents.at(-1)!.eventType).toBe("WorkflowExecutionTerminated");
    expect(attrs(victimEvents.at(-1))).toEqual({
      childPolicy: "TERMINATE",
      cause: "CHILD_POLICY_APPLIED",
    });
    // Nothing is written to the closed parent about it.
    expect(allOf(events, "ChildWorkflowExecutionTerminated")).toHaveLength(1);
    expect((await describeRun(s, victim)).executionInfo!.closeStatus).toBe("TERMINATED");
  });

  for (const policy of ["TERMINATE", "REQUEST_CANCEL", "ABANDON"] as ChildPolicy[]) {
    it(`terminating a parent with ${policy} reaches its child and, by the child's own policy, the grandchild`, async () => {
      const s = await setup(t.swf);
      const tag = uniq(policy);
      const parent = await start(s, { taskList: { name: `${tag}-p` } });
      const p = await pollDecision(s, { taskList: `${tag}-p` });
      await decide(s, p.taskToken, [
        D.startChild(s, `${tag}-child`, {
          taskList: { name: `${tag}-c` },
          childPolicy: "TERMINATE",
        }),
      ]);
      const c = await pollDecision(s, { taskList: `${tag}-c` });
      await decide(s, c.taskToken, [
        D.startChild(s, `${tag}-grandchild`, { taskList: { name: `${tag}-g` } }),
      ]);
      const child = childRun(await history(s, parent), `${tag}-child`);
      const grandchild = childRun(await history(s, child), `${tag}-grandchild`);
      const before = await history(s, child);

      await t.swf.send(
        new TerminateWorkflowExecutionCommand({ domain: s.domain, ...parent, childPolicy: policy }),
      );
      expect(
        attrs(lastOf(await history(s, parent), "WorkflowExecutionTerminated")).childPolicy,
      ).toBe(policy);
      const childEvents = await history(s, child);
      const grandEvents = await history(s, grandchild);
      if (policy === "TERMINATE") {
        expect(attrs(childEvents.at(-1))).toEqual({
          childPolicy: "TERMINATE",
          cause: "CHILD_POLICY_APPLIED",
        });
        expect(attrs(grandEvents.at(-1))).toEqual({
          childPolicy: "TERMINATE",
          cause: "CHILD_POLICY_APPLIED",
        });
        // The child's own parent record of the grandchild stays as it was at the child's close.
        expect(typesOf(childEvents).filter((e) => e.startsWith("ChildWorkflowExecution"))).toEqual([
          "ChildWorkflowExecutionStarted",
        ]);
      } else if (policy === "REQUEST_CANCEL") {
        expect(typesOf(childEvents.slice(before.length))).toEqual([
          "WorkflowExecutionCancelRequested",
        ]);
        expect(attrs(childEvents.at(-1))).toEqual({
          externalWorkflowExecution: parent,
          cause: "CHILD_POLICY_APPLIED",
        });
        expect((await describeRun(s, child)).executionInfo).toMatchObject({
          executionStatus: "OPEN",
          cancelRequested: true,
        });
        expect((await describeRun(s, grandchild)).executionInfo!.executionStatus).toBe("OPEN");
        // The request triggers a decision in the child, which may cancel itself.
        const next = await pollDecision(s, { taskList: `${tag}-c` });
        expect(typesOf(next.events)).toContain("WorkflowExecutionCancelRequested");
        await decide(s, next.taskToken, [D.cancel()]);
        // The child closing reaches the grandchild by the child's own policy (TERMINATE).
        expect((await describeRun(s, grandchild)).executionInfo!.closeStatus).toBe("TERMINATED");
      } else {
        expect(childEvents).toEqual(before);
        expect((await describeRun(s, child)).executionInfo!.executionStatus).toBe("OPEN");
        expect((await describeRun(s, grandchild)).executionInfo!.executionStatus).toBe("OPEN");
      }
    });
  }

  const closeDecisions = [
    ["completes", D.complete("done"), "TERMINATE"],
    ["fails", D.fail("broken"), "REQUEST_CANCEL"],
    ["cancels itself", D.cancel(), "ABANDON"],
  ] as const;
  for (const [how, closing, policy] of closeDecisions) {
    it(`a parent that ${how} applies its ${policy} policy to its open child; nothing is written to the parent`, async () => {
      const s = await setup(t.swf);
      const tag = uniq(`close-${policy}`);
      const parent = await start(s, { taskList: { name: `${tag}-p` }, childPolicy: policy });
      const p = await pollDecision(s, { taskList: `${tag}-p` });
      await decide(s, p.taskToken, [
        D.startChild(s, `${tag}-child`, { taskList: { name: `${tag}-c` } }),
      ]);
      const p2 = await pollDecision(s, { taskList: `${tag}-p` });
      await decide(s, p2.taskToken, [closing]);
      const closed = await history(s, parent);
      const child = childRun(closed, `${tag}-child`);
      const childEvents = await history(s, child);
      const info = (await describeRun(s, child)).executionInfo!;
      if (policy === "TERMINATE") {
        expect(childEvents.at(-1)!.eventType).toBe("WorkflowExecutionTerminated");
        expect(attrs(childEvents.at(-1))).toEqual({
          childPolicy: "TERMINATE",
          cause: "CHILD_POLICY_APPLIED",
        });
        expect(info.closeStatus).toBe("TERMINATED");
      } else {
        expect(info.executionStatus).toBe("OPEN");
        const c = await pollDecision(s, { taskList: `${tag}-c` });
        if (policy === "REQUEST_CANCEL") {
          expect(attrs(lastOf(c.events, "WorkflowExecutionCancelRequested"))).toEqual({
            externalWorkflowExecution: parent,
            cause: "CHILD_POLICY_APPLIED",
          });
          expect(info.cancelRequested).toBe(true);
          await decide(s, c.taskToken, [D.cancel()]);
        } else {
          expect(lastOf(c.events, "WorkflowExecutionCancelRequested")).toBeUndefined();
          expect(info.cancelRequested).toBe(false);
          await decide(s, c.taskToken, [D.complete("late")]);
        }
      }
      // The child's close, whatever caused it, writes nothing into the closed parent.
      expect(await history(s, parent)).toEqual(closed);
      expectWellFormed(await history(s, child));
    });
  }
});

describe("continue-as-new", () => {
  it("closes the run, starts the next with type defaults, leaves children alone and kills old tasks", async () => {
    const s = await setup(t.swf);
    await t.swf.send(
      new RegisterWorkflowTypeCommand({
        domain: s.domain,
        name: "wf",
        version: "2",
        defaultTaskList: { name: "v2-list" },
        defaultExecutionStartToCloseTimeout: "999",
        defaultTaskStartToCloseTimeout: "NONE",
        defaultChildPolicy: "ABANDON",
      }),
    );
    const first = await start(s, {
      tagList: ["keep"],
      taskPriority: "5",
      input: "one",
      childPolicy: "REQUEST_CANCEL",
    });
    const task = await pollDecision(s);
    await decide(s, task.taskToken, [
      D.scheduleActivity(s, "a"),
      D.startTimer("t", 10),
      D.startChild(s, uniq("stays"), { taskList: { name: "stay" } }),
    ]);
    const act = await pollActivity(s);
    const p2 = await pollDecision(s); // the child started
    await decide(s, p2.taskToken, [D.continueAsNew({ input: "two", workflowTypeVersion: "2" })]);

    const events = await history(s, first);
    expect(events.at(-1)!.eventType).toBe("WorkflowExecutionContinuedAsNew");
    const cont = attrs(events.at(-1));
    expect(cont).toEqual({
      input: "two",
      decisionTaskCompletedEventId: events.at(-2)!.eventId,
      newExecutionRunId: cont.newExecutionRunId,
      executionStartToCloseTimeout: "999",
      taskList: { name: "v2-list" },
      taskStartToCloseTimeout: "NONE",
      childPolicy: "ABANDON",
      workflowType: { name: "wf", version: "2" },
    });
    expect((await describeRun(s, first)).executionInfo!.closeStatus).toBe("CONTINUED_AS_NEW");
    const next = { workflowId: first.workflowId, runId: cont.newExecutionRunId as string };
    const nextEvents = await history(s, next);
    expect(typesOf(nextEvents)).toEqual(["WorkflowExecutionStarted", "DecisionTaskScheduled"]);
    expect(attrs(nextEvents[0])).toEqual({
      input: "two",
      executionStartToCloseTimeout: "999",
      taskStartToCloseTimeout: "NONE",
      childPolicy: "ABANDON",
      taskList: { name: "v2-list" },
      workflowType: { name: "wf", version: "2" },
      continuedExecutionRunId: first.runId,
    });
    const info = (await describeRun(s, next)).executionInfo!;
    expect(info.tagList).toBeUndefined();
    expect(info.workflowType).toEqual({ name: "wf", version: "2" });
    // Old tasks are dead, the timer never fires into the closed run, the child lives on.
    expect(
      (
        await faultOf(
          t.swf.send(new RespondActivityTaskCompletedCommand({ taskToken: act.taskToken })),
        )
      ).name,
    ).toBe("UnknownResourceFault");
    clock.advance(10_000);
    expect(await history(s, first)).toEqual(events);
    const stay = await pollDecision(s, { taskList: "stay" });
    await decide(s, stay.taskToken, [D.complete()]);
    expect(await history(s, first)).toEqual(events);
    const nt = await pollDecision(s, { taskList: "v2-list" });
    expect(nt.workflowExecution).toEqual(next);
    await decide(s, nt.taskToken, [D.complete()]);
  });

  it("fails for a deprecated or missing version and for missing defaults", async () => {
    const s = await setup(t.swf);
    for (const version of ["old", "bare"]) {
      await t.swf.send(new RegisterWorkflowTypeCommand({ domain: s.domain, name: "wf", version }));
    }
    await t.swf.send(
      new DeprecateWorkflowTypeCommand({
        domain: s.domain,
        workflowType: { name: "wf", version: "old" },
      }),
    );
    const full = {
      executionStartToCloseTimeout: "60",
      taskList: { name: "x" },
      taskStartToCloseTimeout: "10",
      childPolicy: "ABANDON",
    };
    const without = (key: keyof typeof full) => ({
      ...full,
      [key]: undefined,
      workflowTypeVersion: "bare",
    });
    const cases: [Record<string, unknown>, string][] = [
      [{ workflowTypeVersion: "9" }, "WORKFLOW_TYPE_DOES_NOT_EXIST"],
      [{ workflowTypeVersion: "old" }, "WORKFLOW_TYPE_DEPRECATED"],
      [
        without("executionStartToCloseTimeout"),
        "DEFAULT_EXECUTION_START_TO_CLOSE_TIMEOUT_UNDEFINED",
      ],
      [without("taskList"), "DEFAULT_TASK_LIST_UNDEFINED"],
      [without("taskStartToCloseTimeout"), "DEFAULT_TASK_START_TO_CLOSE_TIMEOUT_UNDEFINED"],
      [without("childPolicy"), "DEFAULT_CHILD_POLICY_UNDEFINED"],
    ];
    const run = await start(s);
    for (const [attributes, cause] of cases) {
      const task = await pollDecision(s);
      await decide(s, task.taskToken, [D.continueAsNew(attributes)]);
      const events = await history(s, run);
      expect(events.at(-2)!.eventType).toBe("ContinueAsNewWorkflowExecutionFailed");
      expect(attrs(events.at(-2))).toEqual({
        cause,
        decisionTaskCompletedEventId: events.at(-3)!.eventId,
      });
      expect(events.at(-1)!.eventType).toBe("DecisionTaskScheduled");
    }
    const task = await pollDecision(s);
    await decide(s, task.taskToken, [D.continueAsNew({ ...full, workflowTypeVersion: "bare" })]);
    expect((await history(s, run)).at(-1)!.eventType).toBe("WorkflowExecutionContinuedAsNew");
  });

  it("a child that continues as new stays the parent's child; the parent hears when the chain ends", async () => {
    const s = await setup(t.swf);
    const parent = await start(s);
    const p = await pollDecision(s);
    const kidId = uniq("chain");
    await decide(s, p.taskToken, [D.startChild(s, kidId, { taskList: { name: "chain" } })]);
    const p2 = await pollDecision(s);
    await decide(s, p2.taskToken, []);
    const before = await history(s, parent);
    const firstRun = childRun(before, kidId);

    for (let i = 0; i < 2; i++) {
      const k = await pollDecision(s, { taskList: "chain" });
      await decide(s, k.taskToken, [
        D.continueAsNew({ taskList: { name: "chain" }, input: `round ${i}` }),
      ]);
    }
    // Nothing reaches the parent while the chain goes on; it still counts one open child.
    expect(await history(s, parent)).toEqual(before);
    await expectNoDecision(s);
    expect((await describeRun(s, parent)).openCounts!.openChildWorkflowExecutions).toBe(1);
    const last = await pollDecision(s, { taskList: "chain" });
    const lastEvents = last.events;
    expect(attrs(lastEvents[0])).toMatchObject({
      parentWorkflowExecution: parent,
      input: "round 1",
    });
    await decide(s, last.taskToken, [D.complete("end of chain")]);
    const done = lastOf(await history(s, parent), "ChildWorkflowExecutionCompleted");
    expect(attrs(done)).toMatchObject({
      workflowExecution: last.workflowExecution,
      result: "end of chain",
      initiatedEventId: attrs(lastOf(before, "ChildWorkflowExecutionStarted")).initiatedEventId,
    });
    expect(last.workflowExecution!.runId).not.toBe(firstRun.runId);
  });

  it("the parent's TERMINATE policy reaches the latest run of a continued child", async () => {
    const s = await setup(t.swf);
    const parent = await start(s);
    const p = await pollDecision(s);
    const kidId = uniq("cont");
    await decide(s, p.taskToken, [D.startChild(s, kidId, { taskList: { name: "cont" } })]);
    const k = await pollDecision(s, { taskList: "cont" });
    await decide(s, k.taskToken, [D.continueAsNew({ taskList: { name: "cont" } })]);
    await t.swf.send(new TerminateWorkflowExecutionCommand({ domain: s.domain, ...parent }));
    await expectNoDecision(s, "cont");
    const chainFirst = childRun(await history(s, parent), kidId);
    const cont = attrs(lastOf(await history(s, chainFirst), "WorkflowExecutionContinuedAsNew"));
    const second = await history(s, { workflowId: kidId, runId: cont.newExecutionRunId });
    expect(attrs(second.at(-1))).toEqual({
      childPolicy: "TERMINATE",
      cause: "CHILD_POLICY_APPLIED",
    });
  });
});
