/**
 * Lambda tasks driven by the clients people use: Debian's AWS CLI and boto3 schedule a Lambda
 * function through the engine, whose Lambda endpoint is the local function runner.
 */
import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLambdaEngine } from "./functions-harness";
import type { TestEngine } from "./harness";

const AWS = "/usr/bin/aws";
const ROLE = "arn:aws:iam::123456789012:role/swf-lambda";
const home = mkdtempSync(join(tmpdir(), "swf-lambda-cli-"));

const env = {
  PATH: process.env.PATH,
  HOME: home,
  AWS_ACCESS_KEY_ID: "x",
  AWS_SECRET_ACCESS_KEY: "x",
  AWS_DEFAULT_REGION: "us-east-1",
  AWS_CONFIG_FILE: join(home, "config"),
  AWS_SHARED_CREDENTIALS_FILE: join(home, "credentials"),
  AWS_PAGER: "",
} as unknown as NodeJS.ProcessEnv;

function run(command: string, args: string[], extraEnv: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      command,
      args,
      { env: { ...env, ...extraEnv }, timeout: 120_000 },
      (error: (Error & { code?: unknown }) | null, stdout: string, stderr: string) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

let t: TestEngine;
beforeAll(async () => {
  // Real time: the function answers on its own and the (10 s) long poll wakes for it.
  t = await startLambdaEngine({ pollTimeoutSeconds: 10 });
});
afterAll(async () => {
  await t.close();
  rmSync(home, { recursive: true, force: true });
});

describe.skipIf(!existsSync(AWS))("AWS CLI with Lambda tasks", () => {
  const aws = async (...args: string[]) => {
    const r = await run(AWS, [
      "swf",
      ...args,
      "--endpoint-url",
      t.url,
      "--output",
      "json",
      "--cli-read-timeout",
      "70",
    ]);
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

const hasBoto3 = spawnSync("python3", ["-c", "import boto3"]).status === 0;

describe.skipIf(!hasBoto3)("boto3 with Lambda tasks", () => {
  it("sees a thrown error as LambdaFunctionFailed", async () => {
    const r = await run("python3", ["-c", BOTO3], { ENDPOINT: t.url, ROLE });
    expect(r.code, r.stderr).toBe(0);
    const failed = JSON.parse(r.stdout);
    expect(failed.reason).toBe("TypeError");
    expect(JSON.parse(failed.details)).toMatchObject({
      errorType: "TypeError",
      errorMessage: "out of stock",
    });
  });
});
