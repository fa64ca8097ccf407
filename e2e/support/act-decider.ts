/**
 * A small scripted decider for the console's action and inbox specs, running in the test process
 * against the e2e engine:
 *
 *  - `OrderE2E` executions schedule one `ApproveOrder` activity on `approvals` (the human task list
 *    the console serves) with the workflow's input; an approval completes the workflow, a
 *    rejection fails it with reason "rejected", a failed or timed-out task fails it too.
 *  - `Plain` executions just wait (signals change nothing).
 *  - Any execution whose cancellation was requested is canceled.
 */
import {
  PollForDecisionTaskCommand,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  RespondDecisionTaskCompletedCommand,
  type Decision,
  type HistoryEvent,
  type SWFClient,
} from "@aws-sdk/client-swf";

export const ORDERS_DOMAIN = "orders-e2e";
export const APPROVALS = "approvals";
export const ORDER_TYPE = { name: "OrderE2E", version: "1" };
export const PLAIN_TYPE = { name: "Plain", version: "1" };
export const APPROVE_TYPE = { name: "ApproveOrder", version: "1" };

const alreadyExists = (e: unknown) => /AlreadyExists/.test((e as Error).name);

/** Registers the domain (unless it exists) and the order, plain and approval types in it. */
export async function ensureOrderTypes(
  swf: SWFClient,
  domain: string,
  decisionTaskList: string,
): Promise<void> {
  await swf
    .send(new RegisterDomainCommand({ name: domain, workflowExecutionRetentionPeriodInDays: "1" }))
    .catch((e) => {
      if (!alreadyExists(e)) throw e;
    });
  for (const t of [ORDER_TYPE, PLAIN_TYPE]) {
    await swf
      .send(
        new RegisterWorkflowTypeCommand({
          domain,
          ...t,
          defaultTaskList: { name: decisionTaskList },
          defaultExecutionStartToCloseTimeout: "3600",
          defaultTaskStartToCloseTimeout: "30",
          defaultChildPolicy: "TERMINATE",
          description: `${t.name} (e2e)`,
        }),
      )
      .catch((e) => {
        if (!alreadyExists(e)) throw e;
      });
  }
  await swf
    .send(
      new RegisterActivityTypeCommand({
        domain,
        ...APPROVE_TYPE,
        defaultTaskList: { name: APPROVALS },
        defaultTaskScheduleToStartTimeout: "3600",
        defaultTaskScheduleToCloseTimeout: "7200",
        defaultTaskStartToCloseTimeout: "3600",
        defaultTaskHeartbeatTimeout: "NONE",
      }),
    )
    .catch((e) => {
      if (!alreadyExists(e)) throw e;
    });
}

function approvalList(input: string | undefined): string {
  try {
    const list = (JSON.parse(input ?? "") as { approvalList?: unknown }).approvalList;
    return typeof list === "string" ? list : APPROVALS;
  } catch {
    return APPROVALS;
  }
}

export function orderDecisions(events: HistoryEvent[]): Decision[] {
  const started = events.find(
    (e) => e.eventType === "WorkflowExecutionStarted",
  )?.workflowExecutionStartedEventAttributes;
  if (events.some((e) => e.eventType === "WorkflowExecutionCancelRequested")) {
    return [
      {
        decisionType: "CancelWorkflowExecution",
        cancelWorkflowExecutionDecisionAttributes: { details: "canceled on request" },
      },
    ];
  }
  if (started?.workflowType?.name !== ORDER_TYPE.name) return [];
  const completed = events.find((e) => e.eventType === "ActivityTaskCompleted");
  if (completed) {
    const result = completed.activityTaskCompletedEventAttributes?.result ?? "";
    let decision: { decision?: string } = {};
    try {
      decision = JSON.parse(result);
    } catch {
      // not JSON: treated as a rejection
    }
    return decision.decision === "approve"
      ? [
          {
            decisionType: "CompleteWorkflowExecution",
            completeWorkflowExecutionDecisionAttributes: { result },
          },
        ]
      : [
          {
            decisionType: "FailWorkflowExecution",
            failWorkflowExecutionDecisionAttributes: { reason: "rejected", details: result },
          },
        ];
  }
  const failed = events.find((e) => e.eventType === "ActivityTaskFailed");
  if (failed) {
    return [
      {
        decisionType: "FailWorkflowExecution",
        failWorkflowExecutionDecisionAttributes: {
          reason: "approval failed",
          details: failed.activityTaskFailedEventAttributes?.reason ?? "",
        },
      },
    ];
  }
  if (
    events.some(
      (e) => e.eventType === "ActivityTaskTimedOut" || e.eventType === "ActivityTaskCanceled",
    )
  ) {
    return [
      {
        decisionType: "FailWorkflowExecution",
        failWorkflowExecutionDecisionAttributes: { reason: "approval timed out" },
      },
    ];
  }
  if (!events.some((e) => e.eventType === "ActivityTaskScheduled")) {
    return [
      // The approval goes to `approvals`, or to the human task list the input names.
      {
        decisionType: "ScheduleActivityTask",
        scheduleActivityTaskDecisionAttributes: {
          activityType: APPROVE_TYPE,
          activityId: "approve",
          taskList: { name: approvalList(started.input) },
          input: started.input ?? "",
        },
      },
    ];
  }
  return [];
}

/** Runs the decider until `stop()`; decision tasks of `domain`/`taskList` only. */
export function startDecider(
  swf: SWFClient,
  domain: string,
  taskList: string,
): { stop(): Promise<void> } {
  const abort = new AbortController();
  const done = (async () => {
    while (!abort.signal.aborted) {
      try {
        const first = await swf.send(
          new PollForDecisionTaskCommand({
            domain,
            taskList: { name: taskList },
            identity: "e2e-decider",
          }),
          {
            abortSignal: abort.signal,
          },
        );
        if (!first.taskToken) continue;
        const events = [...(first.events ?? [])];
        let next = first.nextPageToken;
        while (next) {
          const page = await swf.send(
            new PollForDecisionTaskCommand({
              domain,
              taskList: { name: taskList },
              nextPageToken: next,
            }),
          );
          events.push(...(page.events ?? []));
          next = page.nextPageToken;
        }
        await swf.send(
          new RespondDecisionTaskCompletedCommand({
            taskToken: first.taskToken,
            decisions: orderDecisions(events),
          }),
        );
      } catch (e) {
        if (abort.signal.aborted) break;
        await new Promise((r) => setTimeout(r, 200));
        void e;
      }
    }
  })();
  return {
    stop: async () => {
      abort.abort();
      await done;
    },
  };
}
