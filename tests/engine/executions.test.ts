import {
  DescribeWorkflowExecutionCommand,
  GetWorkflowExecutionHistoryCommand,
  RegisterWorkflowTypeCommand,
  RequestCancelWorkflowExecutionCommand,
  RespondActivityTaskCompletedCommand,
  RecordActivityTaskHeartbeatCommand,
  SignalWorkflowExecutionCommand,
  StartWorkflowExecutionCommand,
  TerminateWorkflowExecutionCommand,
} from "@aws-sdk/client-swf";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "../../lib/engine/clock";
import {
  D,
  attrs,
  decide,
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

describe("StartWorkflowExecution", () => {
  let t: TestEngine;
  let s: Setup;
  beforeAll(async () => {
    t = await startTestEngine();
    s = await setup(t.swf);
  });
  afterAll(() => t.close());

  it("records the effective settings in WorkflowExecutionStarted and schedules a decision task", async () => {
    const run = await start(s, { input: "in", tagList: ["t1", "t2"], taskPriority: "3" });
    expect(run.runId.length).toBeLessThanOrEqual(64);
    const events = await history(s, run);
    expect(typesOf(events)).toEqual(["WorkflowExecutionStarted", "DecisionTaskScheduled"]);
    expect(attrs(events[0])).toEqual({
      input: "in",
      executionStartToCloseTimeout: "3600",
      taskStartToCloseTimeout: "60",
      childPolicy: "TERMINATE",
      taskList: { name: s.taskList },
      taskPriority: "3",
      workflowType: s.workflowType,
      tagList: ["t1", "t2"],
    });
    expect(attrs(events[1])).toEqual({
      taskList: { name: s.taskList },
      startToCloseTimeout: "60",
      taskPriority: "3",
    });
  });

  it("explicit values win over the type's defaults", async () => {
    const run = await start(s, {
      taskList: { name: "elsewhere" },
      executionStartToCloseTimeout: "99",
      taskStartToCloseTimeout: "NONE",
      childPolicy: "ABANDON",
      lambdaRole: "arn:aws:iam::123456789012:role/x",
    });
    const d = await t.swf.send(
      new DescribeWorkflowExecutionCommand({ domain: s.domain, execution: run }),
    );
    expect(d.executionConfiguration).toEqual({
      taskStartToCloseTimeout: "NONE",
      executionStartToCloseTimeout: "99",
      taskList: { name: "elsewhere" },
      childPolicy: "ABANDON",
      lambdaRole: "arn:aws:iam::123456789012:role/x",
    });
  });

  it("refuses a second open run of a workflowId, allows it again after close with a new runId", async () => {
    const workflowId = uniq("once");
    const first = await start(s, { workflowId });
    expect(await faultOf(start(s, { workflowId }))).toEqual({
      name: "WorkflowExecutionAlreadyStartedFault",
      message: "Already Started",
    });
    await t.swf.send(new TerminateWorkflowExecutionCommand({ domain: s.domain, workflowId }));
    const second = await start(s, { workflowId });
    expect(second.runId).not.toBe(first.runId);
  });

  it("DefaultUndefinedFault names each missing setting", async () => {
    const type = { name: uniq("bare"), version: "1" };
    await t.swf.send(new RegisterWorkflowTypeCommand({ domain: s.domain, ...type }));
    const full = {
      executionStartToCloseTimeout: "10",
      taskList: { name: "x" },
      taskStartToCloseTimeout: "10",
      childPolicy: "TERMINATE" as const,
    };
    for (const missing of [
      "executionStartToCloseTimeout",
      "taskList",
      "taskStartToCloseTimeout",
      "childPolicy",
    ] as const) {
      const input = { ...full, [missing]: undefined };
      const f = await faultOf(
        t.swf.send(
          new StartWorkflowExecutionCommand({
            domain: s.domain,
            workflowId: uniq("w"),
            workflowType: type,
            ...input,
          }),
        ),
      );
      expect(f.name).toBe("DefaultUndefinedFault");
      expect(f.message).toContain(missing);
    }
    await t.swf.send(
      new StartWorkflowExecutionCommand({
        domain: s.domain,
        workflowId: uniq("w"),
        workflowType: type,
        ...full,
      }),
    );
  });

  it("answers UnknownResourceFault for an unknown domain or type", async () => {
    expect(
      await faultOf(
        t.swf.send(
          new StartWorkflowExecutionCommand({
            domain: "nope",
            workflowId: "w",
            workflowType: s.workflowType,
          }),
        ),
      ),
    ).toEqual({
      name: "UnknownResourceFault",
      message: "Unknown domain: nope",
    });
    expect(
      await faultOf(
        t.swf.send(
          new StartWorkflowExecutionCommand({
            domain: s.domain,
            workflowId: "w",
            workflowType: { name: "wf", version: "9" },
          }),
        ),
      ),
    ).toEqual({
      name: "UnknownResourceFault",
      message: "Unknown type: WorkflowType=[name=wf, version=9]",
    });
  });

  it("validates tags, input size and timeouts", async () => {
    const six = await faultOf(start(s, { tagList: ["1", "2", "3", "4", "5", "6"] }));
    expect(six.name).toBe("ValidationException");
    expect(six.message).toContain("tagList");
    const big = await faultOf(start(s, { input: "x".repeat(32_769) }));
    expect(big.message).toContain("'input'");
    expect(big.message).toContain("32768");
    await start(s, { input: "x".repeat(32_768) });
    const none = await faultOf(start(s, { executionStartToCloseTimeout: "NONE" }));
    expect(none.message).toContain("executionStartToCloseTimeout");
    const year = await faultOf(start(s, { executionStartToCloseTimeout: "31536001" }));
    expect(year.name).toBe("ValidationException");
  });

  it("LimitExceededFault past the open executions of a domain", async () => {
    const small = await startTestEngine({ maxOpenExecutions: 3 });
    try {
      const s2 = await setup(small.swf);
      const runs = [await start(s2), await start(s2), await start(s2)];
      expect((await faultOf(start(s2))).name).toBe("LimitExceededFault");
      await small.swf.send(
        new TerminateWorkflowExecutionCommand({
          domain: s2.domain,
          workflowId: runs[0].workflowId,
        }),
      );
      await start(s2);
    } finally {
      await small.close();
    }
  });

  it("counts the open executions again after a restart, and after faults inside transactions", async () => {
    const dir = mkdtempSync(join(tmpdir(), "swf-open-limit-"));
    const db = join(dir, "engine.sqlite");
    try {
      const first = await startTestEngine({ db, maxOpenExecutions: 3 });
      const s2 = await setup(first.swf);
      const runs = [await start(s2), await start(s2)];
      await first.close();
      const again = await startTestEngine({ db, maxOpenExecutions: 3 });
      const s3 = { ...s2, swf: again.swf };
      try {
        // A start refused inside its transaction changes nothing.
        const twice = await faultOf(start(s3, { workflowId: runs[0].workflowId }));
        expect(twice.name).toBe("WorkflowExecutionAlreadyStartedFault");
        await start(s3);
        expect((await faultOf(start(s3))).name).toBe("LimitExceededFault");
      } finally {
        await again.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("signal, cancel request, terminate", () => {
  let t: TestEngine;
  let s: Setup;
  beforeAll(async () => {
    t = await startTestEngine();
    s = await setup(t.swf);
  });
  afterAll(() => t.close());

  it("signals the open run by workflowId or runId; not deduplicated", async () => {
    const run = await start(s);
    await t.swf.send(
      new SignalWorkflowExecutionCommand({
        domain: s.domain,
        workflowId: run.workflowId,
        signalName: "a",
        input: "1",
      }),
    );
    await t.swf.send(
      new SignalWorkflowExecutionCommand({
        domain: s.domain,
        workflowId: run.workflowId,
        runId: run.runId,
        signalName: "a",
        input: "1",
      }),
    );
    await t.swf.send(
      new SignalWorkflowExecutionCommand({
        domain: s.domain,
        workflowId: run.workflowId,
        signalName: "b",
      }),
    );
    const events = await history(s, run);
    expect(typesOf(events)).toEqual([
      "WorkflowExecutionStarted",
      "DecisionTaskScheduled",
      "WorkflowExecutionSignaled",
      "WorkflowExecutionSignaled",
      "WorkflowExecutionSignaled",
    ]);
    expect(attrs(events[2])).toEqual({ signalName: "a", input: "1" });
    expect(attrs(events[4])).toEqual({ signalName: "b" });
  });

  it("refuses signals, cancel requests and terminations of unknown or closed runs", async () => {
    const run = await start(s);
    await t.swf.send(
      new TerminateWorkflowExecutionCommand({
        domain: s.domain,
        workflowId: run.workflowId,
        runId: run.runId,
      }),
    );
    const byId = {
      name: "UnknownResourceFault",
      message: `Unknown execution, workflowId = ${run.workflowId}`,
    };
    const byRun = {
      name: "UnknownResourceFault",
      message: `Unknown execution: WorkflowExecution=[workflowId=${run.workflowId}, runId=${run.runId}]`,
    };
    const sig = (runId?: string) =>
      t.swf.send(
        new SignalWorkflowExecutionCommand({
          domain: s.domain,
          workflowId: run.workflowId,
          runId,
          signalName: "x",
        }),
      );
    expect(await faultOf(sig())).toEqual(byId);
    expect(await faultOf(sig(run.runId))).toEqual(byRun);
    expect(
      await faultOf(
        t.swf.send(
          new RequestCancelWorkflowExecutionCommand({
            domain: s.domain,
            workflowId: run.workflowId,
          }),
        ),
      ),
    ).toEqual(byId);
    expect(
      await faultOf(
        t.swf.send(new RequestCancelWorkflowExecutionCommand({ domain: s.domain, ...run })),
      ),
    ).toEqual(byRun);
    expect(
      await faultOf(
        t.swf.send(
          new TerminateWorkflowExecutionCommand({ domain: s.domain, workflowId: run.workflowId }),
        ),
      ),
    ).toEqual(byId);
    expect(
      await faultOf(
        t.swf.send(new TerminateWorkflowExecutionCommand({ domain: s.domain, ...run })),
      ),
    ).toEqual(byRun);
    expect(
      (
        await faultOf(
          t.swf.send(
            new SignalWorkflowExecutionCommand({
              domain: "nope",
              workflowId: "w",
              signalName: "x",
            }),
          ),
        )
      ).message,
    ).toBe("Unknown domain: nope");
    // A runId of another (newer) run of the same workflowId does not reach the closed one.
    const next = await start(s, { workflowId: run.workflowId });
    expect(await faultOf(sig(run.runId))).toEqual(byRun);
    await sig(next.runId);
  });

  it("records each cancel request and sets cancelRequested", async () => {
    const s = await setup(t.swf);
    const run = await start(s);
    await t.swf.send(
      new RequestCancelWorkflowExecutionCommand({ domain: s.domain, workflowId: run.workflowId }),
    );
    await t.swf.send(new RequestCancelWorkflowExecutionCommand({ domain: s.domain, ...run }));
    const events = await history(s, run);
    expect(typesOf(events).filter((e) => e === "WorkflowExecutionCancelRequested")).toHaveLength(2);
    expect(attrs(events[2])).toEqual({});
    const d = await t.swf.send(
      new DescribeWorkflowExecutionCommand({ domain: s.domain, execution: run }),
    );
    expect(d.executionInfo!.cancelRequested).toBe(true);
    const task = await pollDecision(s);
    await decide(s, task.taskToken, [D.cancel("as asked")]);
    const closed = await t.swf.send(
      new DescribeWorkflowExecutionCommand({ domain: s.domain, execution: run }),
    );
    expect(closed.executionInfo!.closeStatus).toBe("CANCELED");
  });

  it("terminates at once, while a decision task and an activity are started; their tokens die", async () => {
    const s = await setup(t.swf);
    const run = await start(s);
    const first = await pollDecision(s);
    await decide(s, first.taskToken, [D.scheduleActivity(s, "a")]);
    const act = await pollActivity(s);
    await t.swf.send(
      new SignalWorkflowExecutionCommand({
        domain: s.domain,
        workflowId: run.workflowId,
        signalName: "go",
      }),
    );
    const started = await pollDecision(s);
    await t.swf.send(
      new TerminateWorkflowExecutionCommand({
        domain: s.domain,
        workflowId: run.workflowId,
        reason: "because",
        details: "d",
        childPolicy: "ABANDON",
      }),
    );
    const unknownDecision = await faultOf(decide(s, started.taskToken, [D.complete()]));
    expect(unknownDecision.name).toBe("UnknownResourceFault");
    expect(
      (
        await faultOf(
          t.swf.send(new RecordActivityTaskHeartbeatCommand({ taskToken: act.taskToken })),
        )
      ).name,
    ).toBe("UnknownResourceFault");
    expect(
      (
        await faultOf(
          t.swf.send(new RespondActivityTaskCompletedCommand({ taskToken: act.taskToken })),
        )
      ).name,
    ).toBe("UnknownResourceFault");
    const events = await history(s, run);
    expectWellFormed(events);
    expect(events.at(-1)!.eventType).toBe("WorkflowExecutionTerminated");
    expect(attrs(events.at(-1))).toEqual({
      reason: "because",
      details: "d",
      childPolicy: "ABANDON",
      cause: "OPERATOR_INITIATED",
    });
    const d = await t.swf.send(
      new DescribeWorkflowExecutionCommand({ domain: s.domain, execution: run }),
    );
    expect(d.executionInfo!.executionStatus).toBe("CLOSED");
    expect(d.executionInfo!.closeStatus).toBe("TERMINATED");
    expect(d.executionInfo!.closeTimestamp).toBeInstanceOf(Date);
    expect(d.openCounts).toEqual({
      openActivityTasks: 0,
      openDecisionTasks: 0,
      openTimers: 0,
      openChildWorkflowExecutions: 0,
      openLambdaFunctions: 0,
    });
    // A closed run takes no signal, and nothing is ever appended to its history.
    const refused = await faultOf(
      t.swf.send(
        new SignalWorkflowExecutionCommand({
          domain: s.domain,
          workflowId: run.workflowId,
          signalName: "x",
        }),
      ),
    );
    expect(refused.name).toBe("UnknownResourceFault");
    expect(await history(s, run)).toHaveLength(events.length);
  });

  it("terminate without a childPolicy records the run's own", async () => {
    const run = await start(s, { childPolicy: "REQUEST_CANCEL" });
    await t.swf.send(
      new TerminateWorkflowExecutionCommand({ domain: s.domain, workflowId: run.workflowId }),
    );
    expect(attrs(lastOf(await history(s, run), "WorkflowExecutionTerminated"))).toEqual({
      childPolicy: "REQUEST_CANCEL",
      cause: "OPERATOR_INITIATED",
    });
  });
});

describe("DescribeWorkflowExecution", () => {
  const clock = new FakeClock(Date.UTC(2026, 4, 1, 12));
  let t: TestEngine;
  let s: Setup;
  beforeAll(async () => {
    t = await startTestEngine({ clock });
    s = await setup(t.swf);
  });
  afterAll(() => t.close());

  it("reports info, configuration, open counts, latest activity time and execution context", async () => {
    const s = await setup(t.swf);
    const run = await start(s, { tagList: ["x"] });
    const t0 = clock.now();
    const fresh = await t.swf.send(
      new DescribeWorkflowExecutionCommand({ domain: s.domain, execution: run }),
    );
    expect(fresh.executionInfo).toEqual({
      execution: run,
      workflowType: s.workflowType,
      startTimestamp: new Date(t0),
      executionStatus: "OPEN",
      tagList: ["x"],
      cancelRequested: false,
    });
    expect(fresh.openCounts!.openDecisionTasks).toBe(1);
    expect(fresh.latestActivityTaskTimestamp).toBeUndefined();
    expect(fresh.latestExecutionContext).toBeUndefined();

    clock.advance(5000);
    const task = await pollDecision(s);
    await decide(
      s,
      task.taskToken,
      [
        D.scheduleActivity(s, "a1"),
        D.scheduleActivity(s, "a2"),
        D.startTimer("t1", 100),
        D.startTimer("t2", 100),
      ],
      { executionContext: "ctx-1" },
    );
    const d = await t.swf.send(
      new DescribeWorkflowExecutionCommand({ domain: s.domain, execution: run }),
    );
    expect(d.openCounts).toEqual({
      openActivityTasks: 2,
      openDecisionTasks: 0,
      openTimers: 2,
      openChildWorkflowExecutions: 0,
      openLambdaFunctions: 0,
    });
    expect(d.latestActivityTaskTimestamp).toEqual(new Date(t0 + 5000));
    expect(d.latestExecutionContext).toBe("ctx-1");
  });

  it("UnknownResourceFault for unknown runs and domains", async () => {
    const execution = { workflowId: "w", runId: "r" };
    expect(
      await faultOf(
        t.swf.send(new DescribeWorkflowExecutionCommand({ domain: s.domain, execution })),
      ),
    ).toEqual({
      name: "UnknownResourceFault",
      message: "Unknown execution: WorkflowExecution=[workflowId=w, runId=r]",
    });
    expect(
      (
        await faultOf(
          t.swf.send(new DescribeWorkflowExecutionCommand({ domain: "nope", execution })),
        )
      ).message,
    ).toBe("Unknown domain: nope");
    expect(
      (
        await faultOf(
          t.swf.send(new GetWorkflowExecutionHistoryCommand({ domain: s.domain, execution })),
        )
      ).name,
    ).toBe("UnknownResourceFault");
  });
});

describe("GetWorkflowExecutionHistory paging", () => {
  const clock = new FakeClock(Date.now());
  let t: TestEngine;
  let s: Setup;
  beforeAll(async () => {
    t = await startTestEngine({ clock });
    s = await setup(t.swf);
  });
  afterAll(() => t.close());

  const signal = (workflowId: string, n: number) =>
    t.swf.send(
      new SignalWorkflowExecutionCommand({ domain: s.domain, workflowId, signalName: `s${n}` }),
    );

  it("pages forwards and backwards, and a token stays stable while the run keeps appending", async () => {
    const run = await start(s);
    for (let i = 0; i < 8; i++) await signal(run.workflowId, i); // 10 events
    const get = (nextPageToken?: string, reverseOrder?: boolean) =>
      t.swf.send(
        new GetWorkflowExecutionHistoryCommand({
          domain: s.domain,
          execution: run,
          maximumPageSize: 4,
          nextPageToken,
          reverseOrder,
        }),
      );
    const p1 = await get();
    expect(p1.events!.map((e) => e.eventId)).toEqual([1, 2, 3, 4]);
    for (let i = 8; i < 12; i++) await signal(run.workflowId, i); // now 14 events
    const p2 = await get(p1.nextPageToken);
    expect(p2.events!.map((e) => e.eventId)).toEqual([5, 6, 7, 8]);
    const p3 = await get(p2.nextPageToken);
    const p4 = await get(p3.nextPageToken);
    expect(p3.events!.map((e) => e.eventId)).toEqual([9, 10, 11, 12]);
    expect(p4.events!.map((e) => e.eventId)).toEqual([13, 14]);
    expect(p4.nextPageToken).toBeUndefined();

    const r1 = await get(undefined, true);
    expect(r1.events!.map((e) => e.eventId)).toEqual([14, 13, 12, 11]);
    await signal(run.workflowId, 99); // event 15 is newer than the reverse cursor: not in later pages
    const r2 = await get(r1.nextPageToken, true);
    expect(r2.events!.map((e) => e.eventId)).toEqual([10, 9, 8, 7]);

    // Default page: everything at once; events in order with well-formed ids.
    const all = await history(s, run);
    expect(all).toHaveLength(15);
    expectWellFormed(all);
  });

  it("refuses forged, foreign and expired tokens with ValidationException", async () => {
    const run = await start(s, { executionStartToCloseTimeout: "31536000" });
    await signal(run.workflowId, 1);
    const p1 = await t.swf.send(
      new GetWorkflowExecutionHistoryCommand({
        domain: s.domain,
        execution: run,
        maximumPageSize: 1,
      }),
    );
    const token = p1.nextPageToken!;
    const other = await start(s);
    const bad = [
      t.swf.send(
        new GetWorkflowExecutionHistoryCommand({
          domain: s.domain,
          execution: run,
          nextPageToken: "forged",
        }),
      ),
      t.swf.send(
        new GetWorkflowExecutionHistoryCommand({
          domain: s.domain,
          execution: run,
          nextPageToken: token.replace(/.$/, (c) => (c === "A" ? "B" : "A")),
        }),
      ),
      t.swf.send(
        new GetWorkflowExecutionHistoryCommand({
          domain: s.domain,
          execution: other,
          nextPageToken: token,
        }),
      ),
      t.swf.send(
        new GetWorkflowExecutionHistoryCommand({
          domain: s.domain,
          execution: run,
          nextPageToken: token,
          reverseOrder: true,
        }),
      ),
    ];
    for (const call of bad) expect((await faultOf(call)).name).toBe("ValidationException");
    clock.advance(25 * 3600_000);
    expect(
      await faultOf(
        t.swf.send(
          new GetWorkflowExecutionHistoryCommand({
            domain: s.domain,
            execution: run,
            nextPageToken: token,
          }),
        ),
      ),
    ).toEqual({
      name: "ValidationException",
      message: "Specified token has exceeded its maximum lifetime",
    });
  });
});
