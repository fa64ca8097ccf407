/**
 * A Lambda invocation in flight when the engine process is killed: after a restart the engine
 * does not invoke the function again; the function times out by its durable deadline.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PollForDecisionTaskCommand } from "@aws-sdk/client-swf";
import type { RunningFunctions } from "../../lib/functions/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attrs, decide, history, lastOf, pollDecision, setup, start, typesOf } from "./fixtures";
import { hangCalls, hangState, releaseHangs, startFunctions } from "./functions-harness";
import { sdkClient } from "./harness";
import { killGroup, spawnEngine, within } from "./process";

const dir = mkdtempSync(join(tmpdir(), "swf-lambda-crash-"));
let functions: RunningFunctions;
beforeAll(async () => {
  functions = await startFunctions();
});
afterAll(async () => {
  releaseHangs();
  await functions.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("crash during a Lambda invocation", () => {
  it("times the function out by its durable deadline after a restart, and never runs it twice", async () => {
    const args = [
      "--port",
      "0",
      "--db",
      join(dir, "engine.sqlite"),
      "--poll-timeout",
      "5",
      "--lambda-endpoint",
      functions.url,
    ];
    const first = await spawnEngine(args);
    let second: Awaited<ReturnType<typeof spawnEngine>> | undefined;
    try {
      const swf = sdkClient(first.url);
      const s = await setup(swf);
      const run = await start(s, { lambdaRole: "arn:aws:iam::123456789012:role/swf-lambda" });
      const calls = hangState().calls;
      await decide(s, (await pollDecision(s)).taskToken, [
        {
          decisionType: "ScheduleLambdaFunction",
          scheduleLambdaFunctionDecisionAttributes: {
            id: "in-flight",
            name: "hang",
            input: "{}",
            startToCloseTimeout: "3",
          },
        },
      ]);
      // The function is running when the engine dies.
      await hangCalls(calls + 1);
      killGroup(first.child, "SIGKILL");
      await within(first.exited, 20_000, "the killed engine to exit");
      swf.destroy();

      second = await spawnEngine(args);
      const again = { ...s, swf: sdkClient(second.url) };
      // Polls (5 s each) until the deadline, 3 s after the start, has fired.
      const poll = () =>
        again.swf.send(
          new PollForDecisionTaskCommand({ domain: s.domain, taskList: { name: s.taskList } }),
        );
      let task = await poll();
      while (!task.taskToken) task = await poll();
      const events = await history(again, run);
      expect(typesOf(events).filter((e) => e.startsWith("Lambda"))).toEqual([
        "LambdaFunctionScheduled",
        "LambdaFunctionStarted",
        "LambdaFunctionTimedOut",
      ]);
      expect(attrs(lastOf(events, "LambdaFunctionTimedOut"))).toMatchObject({
        timeoutType: "START_TO_CLOSE",
      });
      // Nothing invoked it a second time.
      expect(hangState().calls).toBe(calls + 1);
      await decide(again, task.taskToken, [
        {
          decisionType: "CompleteWorkflowExecution",
          completeWorkflowExecutionDecisionAttributes: {},
        },
      ]);
      expect((await history(again, run)).at(-1)!.eventType).toBe("WorkflowExecutionCompleted");
      again.swf.destroy();
    } finally {
      killGroup(first.child, "SIGKILL");
      if (second) killGroup(second.child, "SIGKILL");
    }
  });
});
