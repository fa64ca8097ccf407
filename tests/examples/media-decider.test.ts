import type { EventType, HistoryEvent } from "@aws-sdk/client-swf";
import { describe, expect, it } from "vitest";
import { TRANSCODE_WORKFLOW, decideTranscode, type MediaJob } from "../../examples/media-transcode";
import { DecisionContext } from "../../lib/worker";

function ev(eventId: number, eventType: EventType, attributes: object = {}): HistoryEvent {
  const key = `${eventType.charAt(0).toLowerCase()}${eventType.slice(1)}EventAttributes`;
  return {
    eventId,
    eventType,
    eventTimestamp: new Date(eventId * 1000),
    [key]: attributes,
  } as HistoryEvent;
}

const job: MediaJob = {
  mediaId: "m",
  title: "T",
  source: "s3://in/m.mov",
  renditions: ["1080p", "720p"],
};
const Transcode = { name: "Transcode", version: "1.0" };
const decide = (events: HistoryEvent[]) =>
  decideTranscode(
    new DecisionContext(
      events,
      "t",
      { workflowId: "w", runId: "r" },
      TRANSCODE_WORKFLOW,
      events.length,
      0,
    ),
  );
const startedEvent = ev(1, "WorkflowExecutionStarted", {
  input: JSON.stringify(job),
  workflowType: TRANSCODE_WORKFLOW,
  taskList: { name: "d" },
  childPolicy: "TERMINATE",
});
const scheduled = (id: number, rendition: string) =>
  ev(id, "ActivityTaskScheduled", {
    activityId: `transcode-${rendition}`,
    activityType: Transcode,
    input: `{"rendition":"${rendition}"}`,
  });

describe("TranscodeMedia decider (hand-built histories)", () => {
  it("fans out every rendition in the first decision", () => {
    const decisions = decide([startedEvent]);
    expect(decisions.map((d) => d.scheduleActivityTaskDecisionAttributes?.activityId)).toEqual([
      "transcode-1080p",
      "transcode-720p",
    ]);
  });

  it("retries a transcode that timed out (its worker died), with the same input", () => {
    const decisions = decide([
      startedEvent,
      scheduled(2, "1080p"),
      scheduled(3, "720p"),
      ev(4, "ActivityTaskStarted", { scheduledEventId: 2 }),
      ev(5, "ActivityTaskTimedOut", {
        scheduledEventId: 2,
        startedEventId: 4,
        timeoutType: "HEARTBEAT",
        details: '{"percent":40}',
      }),
    ]);
    expect(decisions).toHaveLength(1);
    expect(decisions[0].scheduleActivityTaskDecisionAttributes).toMatchObject({
      activityId: "transcode-1080p",
      input: '{"rendition":"1080p"}',
    });
  });

  it("gives up after three timed-out attempts", () => {
    const events = [startedEvent, scheduled(2, "720p")];
    let id = 3;
    for (let attempt = 1; attempt <= 3; attempt++) {
      const s = id++;
      events.push(scheduled(s, "1080p"));
      events.push(
        ev(id++, "ActivityTaskTimedOut", {
          scheduledEventId: s,
          startedEventId: 0,
          timeoutType: "SCHEDULE_TO_START",
        }),
      );
    }
    events.push(ev(id++, "ActivityTaskCompleted", { scheduledEventId: 2, result: "{}" }));
    const [fail] = decide(events);
    expect(fail.failWorkflowExecutionDecisionAttributes?.reason).toBe("Transcode 1080p timedOut");
  });

  it("on cancellation waits for started transcodes to report, then cancels", () => {
    const base = [
      startedEvent,
      scheduled(2, "1080p"),
      scheduled(3, "720p"),
      ev(4, "ActivityTaskStarted", { scheduledEventId: 2 }),
      ev(5, "WorkflowExecutionCancelRequested", {}),
    ];
    expect(
      decide(base).map((d) => [
        d.decisionType,
        d.requestCancelActivityTaskDecisionAttributes?.activityId,
      ]),
    ).toEqual([
      ["RequestCancelActivityTask", "transcode-1080p"],
      ["RequestCancelActivityTask", "transcode-720p"],
    ]);
    const requested = [
      ...base,
      ev(6, "ActivityTaskCancelRequested", { activityId: "transcode-1080p" }),
      ev(7, "ActivityTaskCancelRequested", { activityId: "transcode-720p" }),
      ev(8, "ActivityTaskCanceled", { scheduledEventId: 3, startedEventId: 0 }),
    ];
    expect(decide(requested)).toEqual([]);
    const reported = [
      ...requested,
      ev(9, "ActivityTaskCanceled", {
        scheduledEventId: 2,
        startedEventId: 4,
        details: '{"rendition":"1080p","percent":30}',
      }),
    ];
    const [cancel] = decide(reported);
    expect(cancel.decisionType).toBe("CancelWorkflowExecution");
    expect(
      JSON.parse(cancel.cancelWorkflowExecutionDecisionAttributes!.details!).stopped,
    ).toContainEqual({
      activityId: "transcode-1080p",
      progress: { rendition: "1080p", percent: 30 },
    });
  });

  it("rejects a job without renditions", () => {
    const events = [
      ev(1, "WorkflowExecutionStarted", {
        input: '{"mediaId":"x","renditions":[]}',
        workflowType: TRANSCODE_WORKFLOW,
        taskList: { name: "d" },
        childPolicy: "TERMINATE",
      }),
    ];
    expect(decide(events)[0].failWorkflowExecutionDecisionAttributes?.reason).toBe("Invalid input");
  });
});
