/**
 * The README's quick start (examples/hello): its workflow completes with the activity's result and
 * fails with the activity's reason, and the script the README tells people to run works as told.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { SWFClient } from "@aws-sdk/client-swf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  HELLO_DOMAIN,
  registerHello,
  startHello,
  startHelloWorkers,
} from "../../examples/hello/hello";
import { createSwfClient, WorkflowHistory } from "../../lib/worker";
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

  it("runs as the README says: npx tsx examples/hello/hello.ts [name]", async () => {
    // Asynchronously: the engine answering it runs in this process.
    const run = await promisify(execFile)(
      "node_modules/.bin/tsx",
      ["examples/hello/hello.ts", "Grace"],
      {
        env: { ...process.env, AWS_ENDPOINT_URL_SWF: engine.url },
        encoding: "utf8",
      },
    );
    expect(run.stderr).toBe("");
    // How it closed, with what a developer came to see: the workflow's result.
    expect(run.stdout).toMatch(
      /^started hello-\d+; .*\nhello-\d+ closed: COMPLETED, result "Hello, Grace!"\n$/,
    );
  });
});
