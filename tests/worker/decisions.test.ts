import { describe, expect, it } from "vitest";
import {
  LIMITS,
  cancelTimer,
  cancelWorkflow,
  completeWorkflow,
  continueAsNew,
  createSwfClient,
  failWorkflow,
  recordMarker,
  requestCancelActivity,
  requestCancelExternalWorkflow,
  scheduleActivity,
  scheduleLambda,
  signalExternalWorkflow,
  startChildWorkflow,
  startTimer,
  toPayload,
  tryParseJson,
} from "../../lib/worker";

describe("decision builders", () => {
  it("scheduleActivity: JSON input, durations as strings, unset options left out", () => {
    expect(
      scheduleActivity(
        "a",
        { name: "A", version: "1" },
        {
          input: { x: 1 },
          taskList: "work",
          taskPriority: 5,
          scheduleToStartTimeout: 60,
          startToCloseTimeout: "NONE",
          heartbeatTimeout: 1.2,
        },
      ),
    ).toEqual({
      decisionType: "ScheduleActivityTask",
      scheduleActivityTaskDecisionAttributes: {
        activityId: "a",
        activityType: { name: "A", version: "1" },
        input: '{"x":1}',
        taskList: { name: "work" },
        taskPriority: "5",
        scheduleToStartTimeout: "60",
        startToCloseTimeout: "NONE",
        heartbeatTimeout: "2",
      },
    });
    expect(
      scheduleActivity("b", { name: "B", version: "2" }, { input: "raw" })
        .scheduleActivityTaskDecisionAttributes,
    ).toEqual({
      activityId: "b",
      activityType: { name: "B", version: "2" },
      input: "raw",
    });
  });

  it("close decisions", () => {
    expect(completeWorkflow()).toEqual({
      decisionType: "CompleteWorkflowExecution",
      completeWorkflowExecutionDecisionAttributes: {},
    });
    expect(completeWorkflow({ ok: true }).completeWorkflowExecutionDecisionAttributes).toEqual({
      result: '{"ok":true}',
    });
    const failed = failWorkflow("r".repeat(300), {
      why: "x",
    }).failWorkflowExecutionDecisionAttributes!;
    expect(failed.reason).toHaveLength(LIMITS.reason);
    expect(failed.details).toBe('{"why":"x"}');
    expect(cancelWorkflow("bye").cancelWorkflowExecutionDecisionAttributes).toEqual({
      details: "bye",
    });
    expect(
      continueAsNew({
        input: [1],
        workflowTypeVersion: "2",
        childPolicy: "ABANDON",
        executionStartToCloseTimeout: 3600,
      }),
    ).toEqual({
      decisionType: "ContinueAsNewWorkflowExecution",
      continueAsNewWorkflowExecutionDecisionAttributes: {
        input: "[1]",
        workflowTypeVersion: "2",
        childPolicy: "ABANDON",
        executionStartToCloseTimeout: "3600",
      },
    });
  });

  it("timers, markers, children, external signals and cancellations", () => {
    expect(startTimer("t", 0)).toEqual({
      decisionType: "StartTimer",
      startTimerDecisionAttributes: { timerId: "t", startToFireTimeout: "0" },
    });
    expect(cancelTimer("t").cancelTimerDecisionAttributes).toEqual({ timerId: "t" });
    expect(recordMarker("m", { a: 1 }).recordMarkerDecisionAttributes).toEqual({
      markerName: "m",
      details: '{"a":1}',
    });
    expect(requestCancelActivity("a").requestCancelActivityTaskDecisionAttributes).toEqual({
      activityId: "a",
    });
    expect(
      startChildWorkflow(
        "c",
        { name: "C", version: "1" },
        { input: "x", taskList: "l", tagList: ["t"], control: "k" },
      ),
    ).toEqual({
      decisionType: "StartChildWorkflowExecution",
      startChildWorkflowExecutionDecisionAttributes: {
        workflowId: "c",
        workflowType: { name: "C", version: "1" },
        input: "x",
        control: "k",
        taskList: { name: "l" },
        tagList: ["t"],
      },
    });
    expect(
      signalExternalWorkflow("w", "s", { input: { a: 1 }, runId: "r" })
        .signalExternalWorkflowExecutionDecisionAttributes,
    ).toEqual({
      workflowId: "w",
      signalName: "s",
      runId: "r",
      input: '{"a":1}',
    });
    expect(
      requestCancelExternalWorkflow("w").requestCancelExternalWorkflowExecutionDecisionAttributes,
    ).toEqual({ workflowId: "w" });
    expect(() => startTimer("t", -1)).toThrow(RangeError);
  });

  it("scheduleLambda: JSON input, the timeout as a string, unset options left out", () => {
    expect(
      scheduleLambda("quote", "shipping-quote", { input: { n: 1 }, startToCloseTimeout: 30 }),
    ).toEqual({
      decisionType: "ScheduleLambdaFunction",
      scheduleLambdaFunctionDecisionAttributes: {
        id: "quote",
        name: "shipping-quote",
        input: '{"n":1}',
        startToCloseTimeout: "30",
      },
    });
    expect(scheduleLambda("q", "f", { control: "c" })).toEqual({
      decisionType: "ScheduleLambdaFunction",
      scheduleLambdaFunctionDecisionAttributes: { id: "q", name: "f", control: "c" },
    });
  });

  it("toPayload", () => {
    expect(toPayload(undefined)).toBeUndefined();
    expect(toPayload(null)).toBeUndefined();
    expect(toPayload("s")).toBe("s");
    expect(toPayload(3)).toBe("3");
    expect(toPayload({ a: [1] })).toBe('{"a":[1]}');
  });

  it("tryParseJson: a payload that may not be JSON gives undefined rather than a throw", () => {
    expect(tryParseJson<{ decision: string }>('{"decision":"approve"}')).toEqual({
      decision: "approve",
    });
    expect(tryParseJson("approve")).toBeUndefined();
    expect(tryParseJson("")).toBeUndefined();
    expect(tryParseJson(undefined)).toBeUndefined();
  });
});

describe("createSwfClient", () => {
  it("reads AWS_ENDPOINT_URL_SWF and AWS_REGION, and uses dummy keys for a local endpoint", async () => {
    const swf = createSwfClient({
      env: { AWS_ENDPOINT_URL_SWF: "http://127.0.0.1:7999", AWS_REGION: "eu-west-1" },
    });
    try {
      expect(await swf.config.region()).toBe("eu-west-1");
      const endpoint = await swf.config.endpoint!();
      expect(`${endpoint.protocol}//${endpoint.hostname}:${endpoint.port}`).toBe(
        "http://127.0.0.1:7999",
      );
      expect((await swf.config.credentials()).accessKeyId).toBe("local");
    } finally {
      swf.destroy();
    }
  });

  it("falls back to AWS_ENDPOINT_URL, and an explicit endpoint wins", async () => {
    const a = createSwfClient({ env: { AWS_ENDPOINT_URL: "http://localhost:7001" } });
    const b = createSwfClient({
      env: { AWS_ENDPOINT_URL_SWF: "http://localhost:7001" },
      endpoint: "http://localhost:7002",
    });
    try {
      expect(String((await a.config.endpoint!()).port)).toBe("7001");
      expect(await a.config.region()).toBe("us-east-1");
      expect(String((await b.config.endpoint!()).port)).toBe("7002");
    } finally {
      a.destroy();
      b.destroy();
    }
  });
});
