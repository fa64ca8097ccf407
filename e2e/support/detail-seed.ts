// Seeding for the execution-detail tests and the history bench: known histories made through
// the real SWF API (@aws-sdk/client-swf) against the engine, driven step by step (poll → respond)
// so that every run records the same events in the same order.
import {
  SWFClient,
  DescribeWorkflowExecutionCommand,
  GetWorkflowExecutionHistoryCommand,
  PollForActivityTaskCommand,
  PollForDecisionTaskCommand,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  RespondActivityTaskCompletedCommand,
  RespondActivityTaskFailedCommand,
  RespondDecisionTaskCompletedCommand,
  SignalWorkflowExecutionCommand,
  StartWorkflowExecutionCommand,
  TerminateWorkflowExecutionCommand,
  type Decision,
  type HistoryEvent,
  type PollForActivityTaskCommandOutput,
  type PollForDecisionTaskCommandOutput,
} from "@aws-sdk/client-swf";

export const ENGINE_URL = process.env.E2E_ENGINE_URL ?? "http://127.0.0.1:7301";
export const DETAIL_DOMAIN = "detail-e2e";

export function swfClient(endpoint = ENGINE_URL): SWFClient {
  return new SWFClient({
    endpoint,
    region: process.env.AWS_REGION ?? "us-east-1",
    credentials: {
      accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? "x",
      secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? "x",
    },
    maxAttempts: 1,
  });
}

export interface Execution {
  workflowId: string;
  runId: string;
}

const WORKFLOW_TYPES = [
  "DetailOrder",
  "DetailShip",
  "DetailLoop",
  "DetailParent",
  "DetailChild",
  "DetailOpen",
  "DetailMarkers",
];
const ACTIVITY_TYPES = ["ValidateOrder", "ChargeCard", "LongTask"];

function ignore(name: string) {
  return (error: unknown) => {
    if ((error as { name?: string }).name !== name) throw error;
  };
}

/** Registers the domain and every type the scenarios use (idempotent). */
export async function ensureDomain(client: SWFClient, domain = DETAIL_DOMAIN): Promise<void> {
  await client
    .send(
      new RegisterDomainCommand({
        name: domain,
        workflowExecutionRetentionPeriodInDays: "1",
        description: "execution detail e2e",
      }),
    )
    .catch(ignore("DomainAlreadyExistsFault"));
  for (const name of WORKFLOW_TYPES) {
    await client
      .send(
        new RegisterWorkflowTypeCommand({
          domain,
          name,
          version: "1",
          defaultChildPolicy: "TERMINATE",
          defaultExecutionStartToCloseTimeout: "86400",
          defaultTaskStartToCloseTimeout: "600",
        }),
      )
      .catch(ignore("TypeAlreadyExistsFault"));
  }
  for (const name of ACTIVITY_TYPES) {
    await client
      .send(
        new RegisterActivityTypeCommand({
          domain,
          name,
          version: "1",
          defaultTaskHeartbeatTimeout: "NONE",
          defaultTaskScheduleToCloseTimeout: "NONE",
          defaultTaskScheduleToStartTimeout: "NONE",
          defaultTaskStartToCloseTimeout: "3600",
        }),
      )
      .catch(ignore("TypeAlreadyExistsFault"));
  }
}

async function start(
  client: SWFClient,
  domain: string,
  workflowId: string,
  type: string,
  taskList: string,
  extra: {
    input?: string;
    tagList?: string[];
    childPolicy?: "TERMINATE" | "ABANDON" | "REQUEST_CANCEL";
  } = {},
): Promise<Execution> {
  const out = await client.send(
    new StartWorkflowExecutionCommand({
      domain,
      workflowId,
      workflowType: { name: type, version: "1" },
      taskList: { name: taskList },
      executionStartToCloseTimeout: "86400",
      taskStartToCloseTimeout: "600",
      childPolicy: extra.childPolicy ?? "TERMINATE",
      input: extra.input,
      tagList: extra.tagList,
    }),
  );
  return { workflowId, runId: out.runId! };
}

/** Polls until a decision task arrives (the engine's long poll may return empty). */
export async function pollDecision(
  client: SWFClient,
  domain: string,
  taskList: string,
  timeoutMs = 30_000,
): Promise<PollForDecisionTaskCommandOutput> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const task = await client.send(
      new PollForDecisionTaskCommand({
        domain,
        taskList: { name: taskList },
        identity: "e2e-decider",
        reverseOrder: true,
        maximumPageSize: 50,
      }),
    );
    if (task.taskToken) return task;
  }
  throw new Error(`no decision task on ${taskList} within ${timeoutMs} ms`);
}

export async function pollActivity(
  client: SWFClient,
  domain: string,
  taskList: string,
  timeoutMs = 30_000,
): Promise<PollForActivityTaskCommandOutput> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const task = await client.send(
      new PollForActivityTaskCommand({
        domain,
        taskList: { name: taskList },
        identity: "e2e-worker",
      }),
    );
    if (task.taskToken) return task;
  }
  throw new Error(`no activity task on ${taskList} within ${timeoutMs} ms`);
}

async function decide(
  client: SWFClient,
  domain: string,
  taskList: string,
  decisions: Decision[],
  context?: string,
): Promise<PollForDecisionTaskCommandOutput> {
  const task = await pollDecision(client, domain, taskList);
  await client.send(
    new RespondDecisionTaskCompletedCommand({
      taskToken: task.taskToken,
      decisions,
      executionContext: context,
    }),
  );
  return task;
}

const activity = (
  activityId: string,
  name: string,
  taskList: string,
  input?: string,
): Decision => ({
  decisionType: "ScheduleActivityTask",
  scheduleActivityTaskDecisionAttributes: {
    activityId,
    activityType: { name, version: "1" },
    taskList: { name: taskList },
    input,
    scheduleToCloseTimeout: "NONE",
    scheduleToStartTimeout: "NONE",
    startToCloseTimeout: "3600",
    heartbeatTimeout: "NONE",
  },
});

const child = (workflowId: string, name: string, taskList: string, input?: string): Decision => ({
  decisionType: "StartChildWorkflowExecution",
  startChildWorkflowExecutionDecisionAttributes: {
    workflowId,
    workflowType: { name, version: "1" },
    taskList: { name: taskList },
    input,
    childPolicy: "TERMINATE",
    executionStartToCloseTimeout: "86400",
    taskStartToCloseTimeout: "600",
  },
});

export async function fullHistory(
  client: SWFClient,
  domain: string,
  execution: Execution,
): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextPageToken: string | undefined;
  do {
    const page = await client.send(
      new GetWorkflowExecutionHistoryCommand({
        domain,
        execution,
        nextPageToken,
        maximumPageSize: 1000,
      }),
    );
    events.push(...(page.events ?? []));
    nextPageToken = page.nextPageToken;
  } while (nextPageToken);
  return events;
}

export interface DetailScenarios {
  domain: string;
  /** Completed: 2 activities (one retried after a failure), a timer, a marker, a signal, a child. */
  order: Execution;
  /** The child run of `order`. */
  orderChild: Execution;
  /** Failed: an activity fails, the decider fails the run. */
  failed: Execution;
  /** Continued as new: first run → second run (completed). */
  continuedFirst: Execution;
  continuedSecond: Execution;
  /** Terminated by an operator while its child (ABANDON) keeps running. */
  terminatedParent: Execution;
  abandonedChild: Execution;
  /** Open: an activity running, a timer counting, a child started, a decision task waiting. */
  open: Execution;
  openChild: Execution;
}

export const ORDER_INPUT = '{"orderId":"o-1","amount":99.5}';
export const ORDER_RESULT = '{"status":"shipped","tracking":"T-1"}';
export const FAIL_REASON = "PaymentFailed";
export const FAIL_DETAILS = "card declined after 1 attempt";
export const TERMINATE_REASON = "operator stop";

/** Seeds every scenario in `domain`; ids end in `suffix` so that runs never collide. */
export async function seedDetailScenarios(
  client: SWFClient,
  suffix: string,
  domain = DETAIL_DOMAIN,
): Promise<DetailScenarios> {
  await ensureDomain(client, domain);
  const [order, failed, continued, terminated, open] = await Promise.all([
    seedOrder(client, domain, suffix),
    seedFailed(client, domain, suffix),
    seedContinued(client, domain, suffix),
    seedTerminated(client, domain, suffix),
    seedOpen(client, domain, suffix),
  ]);
  return {
    domain,
    order: order.parent,
    orderChild: order.child,
    failed,
    continuedFirst: continued.first,
    continuedSecond: continued.second,
    terminatedParent: terminated.parent,
    abandonedChild: terminated.child,
    open: open.parent,
    openChild: open.child,
  };
}

async function seedOrder(client: SWFClient, domain: string, suffix: string) {
  const tl = `order-${suffix}`;
  const acts = `order-acts-${suffix}`;
  const shipTl = `ship-${suffix}`;
  const parent = await start(client, domain, `order-${suffix}`, "DetailOrder", tl, {
    input: ORDER_INPUT,
    tagList: ["e2e", "order"],
  });

  await decide(client, domain, tl, [
    activity("validate", "ValidateOrder", acts, '{"orderId":"o-1"}'),
  ]);
  let a = await pollActivity(client, domain, acts);
  await client.send(
    new RespondActivityTaskCompletedCommand({ taskToken: a.taskToken, result: '{"valid":true}' }),
  );

  await decide(client, domain, tl, [activity("charge", "ChargeCard", acts, '{"amount":99.5}')]);
  a = await pollActivity(client, domain, acts);
  await client.send(
    new RespondActivityTaskFailedCommand({
      taskToken: a.taskToken,
      reason: "CardDeclined",
      details: "insufficient funds",
    }),
  );

  await decide(client, domain, tl, [
    activity("charge", "ChargeCard", acts, '{"amount":99.5,"retry":true}'),
  ]);
  a = await pollActivity(client, domain, acts);
  await client.send(
    new RespondActivityTaskCompletedCommand({ taskToken: a.taskToken, result: '{"charged":99.5}' }),
  );

  await decide(client, domain, tl, [
    {
      decisionType: "StartTimer",
      startTimerDecisionAttributes: { timerId: "settle", startToFireTimeout: "1" },
    },
    {
      decisionType: "RecordMarker",
      recordMarkerDecisionAttributes: {
        markerName: "payment-captured",
        details: '{"amount":99.5}',
      },
    },
  ]);
  // The timer fires after 1 s and schedules the next decision.
  const childId = `order-${suffix}-ship`;
  await decide(client, domain, tl, [child(childId, "DetailShip", shipTl, '{"orderId":"o-1"}')]);
  // ChildWorkflowExecutionStarted triggers a decision: nothing to do.
  await decide(client, domain, tl, []);
  await client.send(
    new SignalWorkflowExecutionCommand({
      domain,
      workflowId: parent.workflowId,
      runId: parent.runId,
      signalName: "address-updated",
      input: '{"street":"Main St 1"}',
    }),
  );
  await decide(client, domain, tl, []);
  const childTask = await pollDecision(client, domain, shipTl);
  await client.send(
    new RespondDecisionTaskCompletedCommand({
      taskToken: childTask.taskToken,
      decisions: [
        {
          decisionType: "CompleteWorkflowExecution",
          completeWorkflowExecutionDecisionAttributes: { result: '{"tracking":"T-1"}' },
        },
      ],
    }),
  );
  await decide(client, domain, tl, [
    {
      decisionType: "CompleteWorkflowExecution",
      completeWorkflowExecutionDecisionAttributes: { result: ORDER_RESULT },
    },
  ]);
  return { parent, child: { workflowId: childId, runId: childTask.workflowExecution!.runId! } };
}

async function seedFailed(client: SWFClient, domain: string, suffix: string): Promise<Execution> {
  const tl = `fail-${suffix}`;
  const acts = `fail-acts-${suffix}`;
  const run = await start(client, domain, `fail-${suffix}`, "DetailOrder", tl, {
    input: '{"orderId":"o-2"}',
  });
  await decide(client, domain, tl, [activity("charge", "ChargeCard", acts)]);
  const a = await pollActivity(client, domain, acts);
  await client.send(
    new RespondActivityTaskFailedCommand({
      taskToken: a.taskToken,
      reason: "CardDeclined",
      details: "insufficient funds",
    }),
  );
  await decide(client, domain, tl, [
    {
      decisionType: "FailWorkflowExecution",
      failWorkflowExecutionDecisionAttributes: { reason: FAIL_REASON, details: FAIL_DETAILS },
    },
  ]);
  return run;
}

async function seedContinued(
  client: SWFClient,
  domain: string,
  suffix: string,
): Promise<{ first: Execution; second: Execution }> {
  const tl = `loop-${suffix}`;
  const first = await start(client, domain, `loop-${suffix}`, "DetailLoop", tl, {
    input: "iteration 1",
  });
  await decide(client, domain, tl, [
    {
      decisionType: "ContinueAsNewWorkflowExecution",
      continueAsNewWorkflowExecutionDecisionAttributes: {
        input: "iteration 2",
        taskList: { name: tl },
        childPolicy: "TERMINATE",
        executionStartToCloseTimeout: "86400",
        taskStartToCloseTimeout: "600",
        workflowTypeVersion: "1",
      },
    },
  ]);
  const task = await decide(client, domain, tl, [
    {
      decisionType: "CompleteWorkflowExecution",
      completeWorkflowExecutionDecisionAttributes: { result: "done after 2 iterations" },
    },
  ]);
  const second = { workflowId: first.workflowId, runId: task.workflowExecution!.runId! };
  const last = (await fullHistory(client, domain, first)).at(-1);
  if (last?.eventType !== "WorkflowExecutionContinuedAsNew" || second.runId === first.runId) {
    throw new Error(
      `seedContinued: the first run did not continue as new (${JSON.stringify(last)})`,
    );
  }
  return { first, second };
}

async function seedTerminated(
  client: SWFClient,
  domain: string,
  suffix: string,
): Promise<{ parent: Execution; child: Execution }> {
  const tl = `parent-${suffix}`;
  const childTl = `parent-child-${suffix}`;
  const parent = await start(client, domain, `parent-${suffix}`, "DetailParent", tl, {
    childPolicy: "ABANDON",
  });
  const childId = `parent-${suffix}-child`;
  await decide(client, domain, tl, [child(childId, "DetailChild", childTl, '{"part":1}')]);
  const described = await waitFor(async () => {
    const history = await fullHistory(client, domain, parent);
    return history.find((e) => e.eventType === "ChildWorkflowExecutionStarted")
      ?.childWorkflowExecutionStartedEventAttributes?.workflowExecution?.runId;
  });
  await client.send(
    new TerminateWorkflowExecutionCommand({
      domain,
      workflowId: parent.workflowId,
      runId: parent.runId,
      reason: TERMINATE_REASON,
      details: "stopped by the e2e test",
      childPolicy: "ABANDON",
    }),
  );
  return { parent, child: { workflowId: childId, runId: described } };
}

async function seedOpen(
  client: SWFClient,
  domain: string,
  suffix: string,
): Promise<{ parent: Execution; child: Execution }> {
  const tl = `open-${suffix}`;
  const acts = `open-acts-${suffix}`;
  const childTl = `open-child-${suffix}`;
  const parent = await start(client, domain, `open-${suffix}`, "DetailOpen", tl, {
    input: '{"wait":"forever"}',
  });
  const childId = `open-${suffix}-child`;
  await decide(client, domain, tl, [
    activity("long-task", "LongTask", acts, '{"steps":100}'),
    {
      decisionType: "StartTimer",
      startTimerDecisionAttributes: { timerId: "reminder", startToFireTimeout: "3600" },
    },
    child(childId, "DetailChild", childTl),
  ]);
  await pollActivity(client, domain, acts); // started, never answered
  const childRunId = await waitFor(async () => {
    const history = await fullHistory(client, domain, parent);
    return history.find((e) => e.eventType === "ChildWorkflowExecutionStarted")
      ?.childWorkflowExecutionStartedEventAttributes?.workflowExecution?.runId;
  });
  return { parent, child: { workflowId: childId, runId: childRunId } };
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("waitFor: timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * One execution with about `events` events: each decision records `batch` markers, then the seeder
 * signals the run to get the next decision task; the last decision completes the run.
 * Returns the execution and its exact event count.
 */
export async function seedLargeHistory(
  client: SWFClient,
  options: {
    domain?: string;
    workflowId: string;
    events: number;
    batch?: number;
    onProgress?(events: number): void;
  },
): Promise<Execution & { events: number }> {
  const domain = options.domain ?? DETAIL_DOMAIN;
  const batch = options.batch ?? 100;
  await ensureDomain(client, domain);
  const tl = `markers-${options.workflowId}`;
  const run = await start(client, domain, options.workflowId, "DetailMarkers", tl, {
    input: JSON.stringify({ events: options.events, batch }),
  });
  let recorded = 1; // WorkflowExecutionStarted
  for (let round = 0; ; round++) {
    // Per round: DecisionTaskScheduled/Started/Completed + markers + (signal | completion).
    const left = options.events - recorded - 3;
    const last = left <= batch + 1;
    const count = Math.max(0, Math.min(batch, left - 1));
    const decisions: Decision[] = [];
    for (let i = 0; i < count; i++) {
      decisions.push({
        decisionType: "RecordMarker",
        recordMarkerDecisionAttributes: {
          markerName: "progress",
          details: `{"round":${round},"i":${i}}`,
        },
      });
    }
    if (last)
      decisions.push({
        decisionType: "CompleteWorkflowExecution",
        completeWorkflowExecutionDecisionAttributes: {
          result: `recorded ${recorded + 4 + count} events`,
        },
      });
    await decide(client, domain, tl, decisions);
    recorded += 3 + count;
    if (last) {
      recorded += 1;
      break;
    }
    await client.send(
      new SignalWorkflowExecutionCommand({
        domain,
        workflowId: run.workflowId,
        runId: run.runId,
        signalName: "next",
        input: String(round),
      }),
    );
    recorded += 1;
    options.onProgress?.(recorded);
  }
  return { ...run, events: recorded };
}

export async function terminateQuietly(
  client: SWFClient,
  domain: string,
  execution: Execution,
): Promise<void> {
  await client
    .send(
      new TerminateWorkflowExecutionCommand({
        domain,
        workflowId: execution.workflowId,
        runId: execution.runId,
        reason: "e2e cleanup",
      }),
    )
    .catch(() => undefined);
}

export async function isOpen(
  client: SWFClient,
  domain: string,
  execution: Execution,
): Promise<boolean> {
  const out = await client.send(new DescribeWorkflowExecutionCommand({ domain, execution }));
  return out.executionInfo?.executionStatus === "OPEN";
}

export async function signal(
  client: SWFClient,
  domain: string,
  execution: Execution,
  signalName: string,
  input?: string,
): Promise<void> {
  await client.send(
    new SignalWorkflowExecutionCommand({
      domain,
      workflowId: execution.workflowId,
      runId: execution.runId,
      signalName,
      input,
    }),
  );
}
