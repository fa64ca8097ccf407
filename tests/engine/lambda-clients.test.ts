/**
 * Lambda tasks driven by the clients people use: Debian's AWS CLI and boto3 schedule a Lambda
 * function through the engine, whose Lambda endpoint is the local function runner.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_TEST_TIMEOUT_MS, clientHome, hasBoto3, hasCli } from "./clients";
import { startLambdaEngine } from "./functions-harness";
import type { TestEngine } from "./harness";

const ROLE = "arn:aws:iam::123456789012:role/swf-lambda";
const clients = clientHome();

let t: TestEngine;
beforeAll(async () => {
  // Real time: the function answers on its own and the (10 s) long poll wakes for it.
  t = await startLambdaEngine({ pollTimeoutSeconds: 10 });
});
afterAll(async () => {
  await t.close();
  clients.dispose();
});

describe.skipIf(!hasCli)("AWS CLI with Lambda tasks", { timeout: CLIENT_TEST_TIMEOUT_MS }, () => {
  const aws = async (...args: string[]) => {
    const r = await clients.aws(t.url, args);
    expect(r.code, r.stderr).toBe(0);
    return r.stdout ? JSON.parse(r.stdout) : {};
  };

  it("schedules a function and reads its result in the next decision task", async () => {
    const domain = "cli-lambda";
    await aws(
      "register-domain",
      "--name",
      domain,
      "--workflow-execution-retention-period-in-days",
      "1",
    );
    await aws(
      "register-workflow-type",
      "--domain",
      domain,
      "--name",
      "quote",
      "--workflow-version",
      "1",
      "--default-task-list",
      "name=quotes",
      "--default-execution-start-to-close-timeout",
      "600",
      "--default-task-start-to-close-timeout",
      "60",
      "--default-child-policy",
      "TERMINATE",
      "--default-lambda-role",
      ROLE,
    );
    const { runId } = await aws(
      "start-workflow-execution",
      "--domain",
      domain,
      "--workflow-id",
      "q1",
      "--workflow-type",
      "name=quote,version=1",
    );
    const poll = () =>
      aws("poll-for-decision-task", "--domain", domain, "--task-list", "name=quotes");
    const first = await poll();
    await aws(
      "respond-decision-task-completed",
      "--task-token",
      first.taskToken,
      "--decisions",
      JSON.stringify([
        {
          decisionType: "ScheduleLambdaFunction",
          scheduleLambdaFunctionDecisionAttributes: {
            id: "tax",
            name: "tax",
            input: JSON.stringify({ amount: 25 }),
            startToCloseTimeout: "30",
          },
        },
      ]),
    );
    let task = await poll();
    while (!task.taskToken) task = await poll();
    const completed = task.events.find(
      (e: { eventType: string }) => e.eventType === "LambdaFunctionCompleted",
    );
    expect(JSON.parse(completed.lambdaFunctionCompletedEventAttributes.result)).toEqual({
      tax: 5,
      functionName: "tax",
    });
    const described = await aws(
      "describe-workflow-execution",
      "--domain",
      domain,
      "--execution",
      `workflowId=q1,runId=${runId}`,
    );
    expect(described.openCounts.openLambdaFunctions).toBe(0);
    expect(described.executionConfiguration.lambdaRole).toBe(ROLE);
  });
});

const BOTO3 = `
import json, os, sys
import boto3
from botocore.config import Config

swf = boto3.client("swf", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1",
                   config=Config(read_timeout=70, retries={"max_attempts": 0}))
domain = "boto3-lambda"
swf.register_domain(name=domain, workflowExecutionRetentionPeriodInDays="1")
swf.register_workflow_type(domain=domain, name="wf", version="1",
    defaultTaskList={"name": "d"}, defaultExecutionStartToCloseTimeout="600",
    defaultTaskStartToCloseTimeout="60", defaultChildPolicy="TERMINATE")
swf.start_workflow_execution(domain=domain, workflowId="w", workflowType={"name": "wf", "version": "1"},
    lambdaRole=os.environ["ROLE"])
task = swf.poll_for_decision_task(domain=domain, taskList={"name": "d"})
swf.respond_decision_task_completed(taskToken=task["taskToken"], decisions=[
    {"decisionType": "ScheduleLambdaFunction", "scheduleLambdaFunctionDecisionAttributes":
        {"id": "boom", "name": "explode", "input": json.dumps({"message": "out of stock"})}}])
task = swf.poll_for_decision_task(domain=domain, taskList={"name": "d"})
while not task.get("taskToken"):
    task = swf.poll_for_decision_task(domain=domain, taskList={"name": "d"})
failed = [e for e in task["events"] if e["eventType"] == "LambdaFunctionFailed"]
print(json.dumps(failed[0]["lambdaFunctionFailedEventAttributes"]))
`;

describe.skipIf(!hasBoto3)("boto3 with Lambda tasks", { timeout: CLIENT_TEST_TIMEOUT_MS }, () => {
  it("sees a thrown error as LambdaFunctionFailed", async () => {
    const r = await clients.run("python3", ["-c", BOTO3], { ENDPOINT: t.url, ROLE });
    expect(r.code, r.stderr).toBe(0);
    const failed = JSON.parse(r.stdout);
    expect(failed.reason).toBe("TypeError");
    expect(JSON.parse(failed.details)).toMatchObject({
      errorType: "TypeError",
      errorMessage: "out of stock",
    });
  });
});
