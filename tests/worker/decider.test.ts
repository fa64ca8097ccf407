import {
  DescribeWorkflowExecutionCommand,
  SignalWorkflowExecutionCommand,
  StartWorkflowExecutionCommand,
  type SWFClient,
  type WorkflowExecution,
} from "@aws-sdk/client-swf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "../../lib/engine/clock";
import {
  Decider,
  continueAsNew,
  failWorkflow,
  signalExternalWorkflow,
  startChildWorkflow,
  completeWorkflow,
  createSwfClient,
  recordMarker,
  startTimer,
  type DecideFunction,
  type DeciderOptions,
  type DecisionContext,
} from "../../lib/worker";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { collectErrors, eventually, registerTestDomain, waitForClose } from "./helpers";

let engine: TestEngine;
let clock: FakeClock;
let swf: SWFClient;
/** PollForDecisionTask requests for a further page (with nextPageToken), by domain. */
const pageRequests = new Map<string, number>();
const running: Decider[] = [];

beforeAll(async () => {
  clock = new FakeClock();
  engine = await startTestEngine({ clock, pollTimeoutSeconds: 1 });
  swf = createSwfClient({ endpoint: engine.url, config: { maxAttempts: 1 } });
  swf.middlewareStack.add(
    (next, context) => (args) => {
      const input = args.input as { domain?: string; nextPageToken?: string };
      if (context.commandName === "PollForDecisionTaskCommand" && input.nextPageToken) {
        pageRequests.set(input.domain!, (pageRequests.get(input.domain!) ?? 0) + 1);
      }
      return next(args);
    },
    { step: "initialize", name: "countDecisionPolls" },
  );
});

afterAll(async () => {
  await Promise.all(running.map((d) => d.stop()));
  swf?.destroy();
  await engine?.close();
});

let domains = 0;
async function setup(decide: DecideFunction, options: Partial<DeciderOptions> = {}) {
  const domain = `decider-test-${++domains}`;
  await registerTestDomain(swf, domain);
  const problems = collectErrors();
  const decider = new Decider({
    swf,
    domain,
    taskList: "decisions",
    decide,
    onError: problems.onError,
    ...options,
  }).start();
  running.push(decider);
  const start = async (input?: string): Promise<WorkflowExecution> => {
    const workflowId = `wf-${domains}`;
    const { runId } = await swf.send(
      new StartWorkflowExecutionCommand({
        domain,
        workflowId,
        workflowType: { name: "Flow", version: "1" },
        input,
      }),
    );
    return { workflowId, runId };
  };
  const signal = (execution: WorkflowExecution, signalName: string, input?: string) =>
    swf.send(
      new SignalWorkflowExecutionCommand({
        domain,
        workflowId: execution.workflowId,
        signalName,
        input,
      }),
    );
  return { domain, decider, problems, start, signal };
}

/** What decide saw on each call. */
interface Seen {
  events: number;
  startedEventId: number;
  previousStartedEventId: number;
  contiguous: boolean;
}
const snapshot = (ctx: DecisionContext): Seen => ({
  events: ctx.events.length,
  startedEventId: ctx.startedEventId,
  previousStartedEventId: ctx.previousStartedEventId,
  contiguous: ctx.events.every((e, i) => e.eventId === i + 1),
});

describe("Decider", () => {
  it("pages the full history (> 1,000 events) before deciding", async () => {
    const seen: Seen[] = [];
    const { domain, start } = await setup((ctx) => {
      seen.push(snapshot(ctx));
      if (ctx.markers("filler").length === 0) {
        // 1,100 markers, then a zero-second timer to get the next decision task.
        return [
          ...Array.from({ length: 1100 }, (_, i) => recordMarker("filler", String(i))),
          startTimer("go", 0),
        ];
      }
      return [completeWorkflow(String(ctx.markers("filler").length))];
    });
    const execution = await start();
    const { info, events } = await waitForClose(swf, domain, execution);
    expect(info.closeStatus).toBe("COMPLETED");
    expect(events.at(-1)!.workflowExecutionCompletedEventAttributes!.result).toBe("1100");
    expect(seen).toHaveLength(2);
    expect(seen[1].events).toBeGreaterThan(1100);
    expect(seen[1].events).toBe(seen[1].startedEventId);
    expect(seen[1].contiguous).toBe(true);
    expect(pageRequests.get(domain)).toBeGreaterThanOrEqual(1);
  });

  it("follows nextPageToken with a small page size", async () => {
    const seen: Seen[] = [];
    const { domain, start, signal } = await setup(
      (ctx) => {
        seen.push(snapshot(ctx));
        return ctx.signals("done").length > 0 ? [completeWorkflow()] : [];
      },
      { pageSize: 3 },
    );
    const execution = await start();
    await eventually(() => seen.length === 1);
    for (const name of ["a", "b", "c", "d"]) await signal(execution, name);
    await signal(execution, "done");
    await waitForClose(swf, domain, execution);
    const last = seen.at(-1)!;
    expect(last.events).toBe(last.startedEventId);
    expect(last.events).toBeGreaterThan(9);
    expect(last.contiguous).toBe(true);
  });

  it("requests one further page per nextPageToken", async () => {
    const seen: Seen[] = [];
    const { domain, start } = await setup(
      (ctx) => {
        seen.push(snapshot(ctx));
        return [completeWorkflow()];
      },
      { pageSize: 1 },
    );
    const execution = await start();
    await waitForClose(swf, domain, execution);
    // The first task has 3 events (started, scheduled, started): the poll and 2 further pages.
    expect(seen).toEqual([
      { events: 3, startedEventId: 3, previousStartedEventId: 0, contiguous: true },
    ]);
    expect(pageRequests.get(domain)).toBe(2);
  });

  it("gives each decision the signals that are new since the previous one", async () => {
    const calls: { all: string[]; fresh: string[]; newEventTypes: string[] }[] = [];
    const { domain, start, signal } = await setup((ctx) => {
      calls.push({
        all: ctx.signals().map((s) => `${s.name}:${s.input}`),
        fresh: ctx.newSignals().map((s) => s.name),
        newEventTypes: ctx.newEvents.map((e) => e.eventType!),
      });
      return ctx.signals("stop").length ? [completeWorkflow()] : [];
    });
    const execution = await start();
    await eventually(() => calls.length === 1);
    await signal(execution, "a", "1");
    await eventually(() => calls.length === 2);
    await signal(execution, "b", "2");
    await eventually(() => calls.length === 3);
    await signal(execution, "stop");
    await waitForClose(swf, domain, execution);
    expect(calls.map((c) => c.fresh)).toEqual([[], ["a"], ["b"], ["stop"]]);
    expect(calls[2].all).toEqual(["a:1", "b:2"]);
    expect(calls[0].newEventTypes).toEqual([
      "WorkflowExecutionStarted",
      "DecisionTaskScheduled",
      "DecisionTaskStarted",
    ]);
    expect(calls[1].newEventTypes).toEqual([
      "DecisionTaskCompleted",
      "WorkflowExecutionSignaled",
      "DecisionTaskScheduled",
      "DecisionTaskStarted",
    ]);
  });

  it("stores the executionContext decide returns", async () => {
    const contexts: (string | undefined)[] = [];
    const { domain, start, signal } = await setup((ctx) => {
      contexts.push(ctx.latestExecutionContext);
      if (ctx.signals().length === 0) return { decisions: [], executionContext: "step-1" };
      return { decisions: [completeWorkflow()], executionContext: "step-2" };
    });
    const execution = await start();
    await eventually(() => contexts.length === 1);
    const described = await swf.send(new DescribeWorkflowExecutionCommand({ domain, execution }));
    expect(described.latestExecutionContext).toBe("step-1");
    await signal(execution, "go");
    await waitForClose(swf, domain, execution);
    expect(contexts).toEqual([undefined, "step-1"]);
  });

  it("re-decides after UNHANDLED_DECISION when a signal lands while it works", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const failures: string[][] = [];
    let calls = 0;
    const { domain, start, signal } = await setup(async (ctx) => {
      calls++;
      failures.push(ctx.decisionFailures().map((f) => `${f.eventType}:${f.cause}:${f.isNew}`));
      if (calls === 1) await gate;
      return [
        completeWorkflow(
          ctx
            .signals()
            .map((s) => s.name)
            .join(","),
        ),
      ];
    });
    const execution = await start();
    await eventually(() => calls === 1);
    await signal(execution, "late");
    release();
    const { info, events } = await waitForClose(swf, domain, execution);
    expect(info.closeStatus).toBe("COMPLETED");
    expect(failures).toEqual([[], ["CompleteWorkflowExecutionFailed:UNHANDLED_DECISION:true"]]);
    expect(events.at(-1)!.workflowExecutionCompletedEventAttributes!.result).toBe("late");
  });

  it("fails the workflow when decide throws (default policy)", async () => {
    const { domain, start, problems } = await setup(() => {
      throw new RangeError("no such step");
    });
    const execution = await start();
    const { info, events } = await waitForClose(swf, domain, execution);
    expect(info.closeStatus).toBe("FAILED");
    const failed = events.at(-1)!.workflowExecutionFailedEventAttributes!;
    expect(failed.reason).toBe("DeciderError: no such step");
    expect(failed.details).toMatch(/^RangeError: no such step\n\s+at /);
    expect(problems.errors.map((e) => (e.error as Error).message)).toEqual(["no such step"]);
    // The report names the run and says what the decider did about it.
    expect(problems.errors[0].context).toEqual({
      workflowExecution: execution,
      workflowType: { name: "Flow", version: "1" },
      consequence: 'decide threw; failing the run with reason DeciderError (onDecideError "fail")',
    });
  });

  it("fails the workflow with a message saying what decide must return when it returns undefined", async () => {
    // Plain JavaScript: a decide that forgot its `return`.
    const { domain, start, problems } = await setup((() => {
      completeWorkflow("done");
    }) as unknown as DecideFunction);
    const execution = await start();
    const { info, events } = await waitForClose(swf, domain, execution);
    expect(info.closeStatus).toBe("FAILED");
    const failed = events.at(-1)!.workflowExecutionFailedEventAttributes!;
    const message =
      "decide returned undefined (a missing return?): decide must return an array of decisions, or { decisions, executionContext? }";
    expect(failed.reason).toBe(`DeciderError: ${message}`);
    expect(failed.details).toMatch(/^TypeError: decide returned undefined/);
    expect(problems.errors.map((e) => (e.error as Error).message)).toEqual([message]);
  });

  it("fails the workflow when decide's list holds something that is not a decision, rather than answering with nothing", async () => {
    // A helper that forgot its `return`: the SDK would drop the hole and the run would wait forever.
    const { domain, start } = await setup(
      () => [undefined] as unknown as ReturnType<typeof completeWorkflow>[],
    );
    const execution = await start();
    const { info, events } = await waitForClose(swf, domain, execution);
    expect(info.closeStatus).toBe("FAILED");
    expect(events.at(-1)!.workflowExecutionFailedEventAttributes!.reason).toMatch(
      /^DeciderError: decide returned a list whose item 0 is undefined \(a missing return\?\), not a decision/,
    );
  });

  it("fails the workflow when SWF refuses the decisions as malformed, instead of retrying them forever", async () => {
    let calls = 0;
    const { domain, start, problems } = await setup(() => {
      calls += 1;
      // SWF takes a result of at most 32,768 characters: the whole answer is refused.
      return [completeWorkflow("x".repeat(40_000))];
    });
    const execution = await start();
    const { info, events } = await waitForClose(swf, domain, execution);
    expect(info.closeStatus).toBe("FAILED");
    const failed = events.at(-1)!.workflowExecutionFailedEventAttributes!;
    expect(failed.reason).toBe("DeciderError: SWF refused the decisions");
    expect(failed.details).toMatch(/completeWorkflowExecutionDecisionAttributes\.result/);
    expect(failed.details).toMatch(/Decisions: CompleteWorkflowExecution$/);
    expect(calls).toBe(1);
    expect(problems.errors.map((e) => (e.error as Error).name)).toEqual(["ValidationException"]);
  });

  it("with onDecideError 'leave' the task times out and the next attempt decides", async () => {
    const seen: { previous: number; fresh: string[] }[] = [];
    const { domain, start, signal, problems } = await setup(
      async (ctx) => {
        seen.push({
          previous: ctx.previousStartedEventId,
          fresh: ctx.newSignals().map((s) => s.name),
        });
        if (seen.length === 1) throw new Error("transient");
        return [completeWorkflow("second try")];
      },
      { onDecideError: "leave" },
    );
    const execution = await start();
    await eventually(() => seen.length === 1);
    await signal(execution, "hello");
    // The task was left started: move the engine's clock past taskStartToCloseTimeout (60 s).
    clock.advance(61_000);
    const { info, events } = await waitForClose(swf, domain, execution);
    expect(info.closeStatus).toBe("COMPLETED");
    expect(events.map((e) => e.eventType)).toContain("DecisionTaskTimedOut");
    // The timed-out task was never processed, so everything is still new to the next one:
    // previousStartedEventId names the last *completed* decision task (none here).
    expect(seen).toEqual([
      { previous: 0, fresh: [] },
      { previous: 0, fresh: ["hello"] },
    ]);
    expect(problems.errors.map((e) => e.context?.consequence)).toEqual([
      'decide threw; the task is left to time out and be decided again (onDecideError "leave")',
    ]);
  });

  it("drives continue-as-new, a failing child and a signal to itself end to end", async () => {
    const runs: string[] = [];
    const { domain, start } = await setup((ctx) => {
      const input = ctx.inputJson<{ generation?: number; child?: boolean }>() ?? {};
      if (input.child) return [failWorkflow("child gave up", "details")];
      if (ctx.isNew(1)) runs.push(ctx.workflowExecution.runId!);
      const generation = input.generation ?? 0;
      if (generation < 2) return [continueAsNew({ input: { generation: generation + 1 } })];
      const child = ctx.child(`${ctx.workflowExecution.workflowId}-child`);
      if (!child) {
        return [
          startChildWorkflow(
            `${ctx.workflowExecution.workflowId}-child`,
            { name: "Flow", version: "1" },
            {
              input: { child: true },
            },
          ),
        ];
      }
      if (child.open) return [];
      const ping = ctx.lastSignal("ping");
      if (!ping) {
        return [
          signalExternalWorkflow(ctx.workflowExecution.workflowId!, "ping", {
            input: child.reason,
          }),
        ];
      }
      return [
        completeWorkflow({
          child: child.status,
          reason: ping.input,
          from: ping.externalWorkflowExecution,
        }),
      ];
    });
    const first = await start();
    await eventually(() => runs.length === 3, { what: "three runs" });
    const last = { workflowId: first.workflowId, runId: runs[2] };
    const { info, events } = await waitForClose(swf, domain, last);
    expect(info.closeStatus).toBe("COMPLETED");
    expect(events[0].workflowExecutionStartedEventAttributes!.continuedExecutionRunId).toBe(
      runs[1],
    );
    expect(JSON.parse(events.at(-1)!.workflowExecutionCompletedEventAttributes!.result!)).toEqual({
      child: "failed",
      reason: "child gave up",
      from: last,
    });
    const firstRun = await waitForClose(swf, domain, first);
    expect(firstRun.info.closeStatus).toBe("CONTINUED_AS_NEW");
  });
});
