/** Retention: closed runs disappear everywhere once their domain's period is over. */
import {
  CountClosedWorkflowExecutionsCommand,
  DescribeWorkflowExecutionCommand,
  GetWorkflowExecutionHistoryCommand,
  ListClosedWorkflowExecutionsCommand,
  SignalWorkflowExecutionCommand,
  TerminateWorkflowExecutionCommand,
} from "@aws-sdk/client-swf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "../../lib/engine/clock";
import { D, decide, history, pollDecision, setup, start, type Setup } from "./fixtures";
import { faultOf, startTestEngine, type TestEngine } from "./harness";

const DAY = 86_400_000;
const clock = new FakeClock(Date.UTC(2026, 11, 1));
let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ clock });
});
afterAll(() => t.close());

const since = { oldestDate: new Date(Date.UTC(2026, 0, 1)) };

async function expectGone(s: Setup, execution: { workflowId: string; runId: string }) {
  const message = `Unknown execution: WorkflowExecution=[workflowId=${execution.workflowId}, runId=${execution.runId}]`;
  expect(
    await faultOf(
      t.swf.send(new DescribeWorkflowExecutionCommand({ domain: s.domain, execution })),
    ),
  ).toEqual({
    name: "UnknownResourceFault",
    message,
  });
  expect(
    await faultOf(
      t.swf.send(new GetWorkflowExecutionHistoryCommand({ domain: s.domain, execution })),
    ),
  ).toEqual({
    name: "UnknownResourceFault",
    message,
  });
  expect(
    (
      await faultOf(
        t.swf.send(
          new SignalWorkflowExecutionCommand({ domain: s.domain, ...execution, signalName: "x" }),
        ),
      )
    ).name,
  ).toBe("UnknownResourceFault");
  const listed = await t.swf.send(
    new ListClosedWorkflowExecutionsCommand({ domain: s.domain, startTimeFilter: since }),
  );
  expect(listed.executionInfos!.map((i) => i.execution!.runId)).not.toContain(execution.runId);
}

/** Lets an already-due deadline (retention 0) fire: it runs right after the answer, on any clock. */
const settle = () => new Promise((r) => setTimeout(r, 20));

describe("retention", () => {
  for (const retention of ["0", "NONE"]) {
    it(`retention ${retention}: a closed run is purged at once`, async () => {
      const s = await setup(t.swf, { retention });
      const run = await start(s);
      const keep = await start(s);
      const task = await pollDecision(s);
      const page = await t.swf.send(
        new GetWorkflowExecutionHistoryCommand({
          domain: s.domain,
          execution: task.workflowExecution!,
          maximumPageSize: 1,
        }),
      );
      await decide(s, task.taskToken, [D.complete()]);
      await settle();
      const done = task.workflowExecution as { workflowId: string; runId: string };
      await expectGone(s, done);
      expect(
        (
          await t.swf.send(
            new CountClosedWorkflowExecutionsCommand({ domain: s.domain, startTimeFilter: since }),
          )
        ).count,
      ).toBe(0);
      expect(
        (
          await faultOf(
            t.swf.send(
              new GetWorkflowExecutionHistoryCommand({
                domain: s.domain,
                execution: done,
                nextPageToken: page.nextPageToken,
              }),
            ),
          )
        ).name,
      ).toBe("UnknownResourceFault");
      expect((await faultOf(decide(s, task.taskToken, []))).name).toBe("UnknownResourceFault");
      // Open runs are never purged.
      const other = done.runId === run.runId ? keep : run;
      expect((await history(s, other)).length).toBeGreaterThan(0);
    });
  }

  it("retention N days: visible until N days after the close, then gone; open runs stay", async () => {
    const s = await setup(t.swf, { retention: "2" });
    const closed = await start(s, {
      taskList: { name: "closing" },
      executionStartToCloseTimeout: "31536000",
    });
    const open = await start(s, {
      executionStartToCloseTimeout: "31536000",
      taskList: { name: "open" },
    });
    clock.advance(DAY);
    await t.swf.send(new TerminateWorkflowExecutionCommand({ domain: s.domain, ...closed }));
    clock.advance(2 * DAY - 1);
    expect((await history(s, closed)).at(-1)!.eventType).toBe("WorkflowExecutionTerminated");
    expect(
      (
        await t.swf.send(
          new CountClosedWorkflowExecutionsCommand({ domain: s.domain, startTimeFilter: since }),
        )
      ).count,
    ).toBe(1);
    clock.advance(1);
    await expectGone(s, closed);
    clock.advance(95 * DAY);
    expect((await history(s, open)).length).toBe(2);
    // The workflowId is free again, and its new run is a different execution.
    const again = await start(s, { workflowId: closed.workflowId });
    expect(again.runId).not.toBe(closed.runId);
  });

  it("a run closed by its execution timeout is purged after the period, children left alone", async () => {
    const s = await setup(t.swf, { retention: "1" });
    const parent = await start(s, { executionStartToCloseTimeout: "60", childPolicy: "ABANDON" });
    const task = await pollDecision(s);
    await decide(s, task.taskToken, [
      D.startChild(s, "survivor", {
        taskList: { name: "kids" },
        executionStartToCloseTimeout: "31536000",
      }),
    ]);
    clock.advance(60_000);
    expect((await history(s, parent)).at(-1)!.eventType).toBe("WorkflowExecutionTimedOut");
    clock.advance(DAY);
    await expectGone(s, parent);
    const kid = await pollDecision(s, { taskList: "kids" });
    await decide(s, kid.taskToken, [D.complete()]);
    expect((await history(s, kid.workflowExecution!)).at(-1)!.eventType).toBe(
      "WorkflowExecutionCompleted",
    );
  });
});
