/**
 * The README's quick start (examples/hello): its workflow completes with the activity's result and
 * fails with the activity's reason, and the script the README tells people to run works as told.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { ListClosedWorkflowExecutionsCommand, type SWFClient } from "@aws-sdk/client-swf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  HELLO_DOMAIN,
  registerHello,
  startHello,
  startHelloWorkers,
} from "../../examples/hello/hello";
import { createSwfClient, registerAll, WorkflowHistory } from "../../lib/worker";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { waitForClose } from "../worker/helpers";

let engine: TestEngine;
let swf: SWFClient;

beforeAll(async () => {
  engine = await startTestEngine({ pollTimeoutSeconds: 1 });
  swf = createSwfClient({ endpoint: engine.url, config: { maxAttempts: 1 } });
  await registerHello(swf);
});

afterAll(async () => {
  swf?.destroy();
  await engine?.close();
});

describe("examples/hello", () => {
  it("completes with the greeting, and fails with the activity's reason instead of hanging", async () => {
    const workers = startHelloWorkers(swf);
    try {
      const greeted = await startHello(swf, "Ada", "hello-ada");
      const nameless = await startHello(swf, "", "hello-nameless");
      const done = await waitForClose(swf, HELLO_DOMAIN, greeted);
      expect(done.info.closeStatus).toBe("COMPLETED");
      expect(new WorkflowHistory(done.events).closed?.result).toBe("Hello, Ada!");
      const failed = await waitForClose(swf, HELLO_DOMAIN, nameless);
      expect(failed.info.closeStatus).toBe("FAILED");
      expect(new WorkflowHistory(failed.events).closed).toMatchObject({
        reason: "Greet failed",
        details: "NoName",
      });
    } finally {
      await workers.stop();
    }
  });

  it("fails with SWF's cause when the activity could not even be scheduled", async () => {
    // An engine where the domain and the workflow type exist but Greet does not.
    const bare = await startTestEngine({ pollTimeoutSeconds: 1 });
    const client = createSwfClient({ endpoint: bare.url, config: { maxAttempts: 1 } });
    await registerAll(client, {
      domain: { name: HELLO_DOMAIN, retentionDays: 1 },
      workflowTypes: [
        {
          name: "Hello",
          version: "1.0",
          defaultTaskList: { name: "hello-decisions" },
          defaultExecutionStartToCloseTimeout: "300",
          defaultTaskStartToCloseTimeout: "30",
          defaultChildPolicy: "TERMINATE",
        },
      ],
    });
    const workers = startHelloWorkers(client);
    try {
      const run = await startHello(client, "Ada", "hello-unregistered");
      const failed = await waitForClose(client, HELLO_DOMAIN, run);
      expect(failed.info.closeStatus).toBe("FAILED");
      expect(new WorkflowHistory(failed.events).closed).toMatchObject({
        reason: "Greet scheduleFailed",
        details: "ACTIVITY_TYPE_DOES_NOT_EXIST",
      });
    } finally {
      await workers.stop();
      client.destroy();
      await bare.close();
    }
  });

  it("runs as the README says: npx tsx examples/hello/hello.ts [name]", async () => {
    // Asynchronously: the engine answering it runs in this process.
    const run = await promisify(execFile)(
      "node_modules/.bin/tsx",
      ["examples/hello/hello.ts", "Grace"],
      {
        env: { ...process.env, AWS_ENDPOINT_URL_SWF: engine.url, PORT: "3999" },
        encoding: "utf8",
      },
    );
    expect(run.stderr).toBe("");
    // Where to see it, and how it closed, with what a developer came to see: the workflow's result.
    const [, workflowId, page] =
      /^started (hello-\d+); the console shows it at (\S+)\nhello-\d+ closed: COMPLETED, result "Hello, Grace!"\n$/.exec(
        run.stdout,
      ) ?? [];
    expect(page, run.stdout).toBeDefined();
    // The console's page of that very run (npm start's console on PORT), its run id as the engine has it.
    const { executionInfos } = await swf.send(
      new ListClosedWorkflowExecutionsCommand({
        domain: HELLO_DOMAIN,
        startTimeFilter: { oldestDate: new Date(0) },
        executionFilter: { workflowId },
      }),
    );
    const runId = executionInfos![0].execution!.runId!;
    expect(page).toBe(
      `http://localhost:3999/domains/hello/executions/${workflowId}/${encodeURIComponent(runId)}`,
    );
  });
});
