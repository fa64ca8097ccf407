import {
  CountOpenWorkflowExecutionsCommand,
  ListOpenWorkflowExecutionsCommand,
  type SWFClient,
} from "@aws-sdk/client-swf";
import { spawn } from "node:child_process";
import { DescribeWorkflowExecutionCommand } from "@aws-sdk/client-swf";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startDemo } from "../../examples/demo";
import { createSwfClient } from "../../lib/worker";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { eventually, fullHistory } from "../worker/helpers";

let engine: TestEngine;
let swf: SWFClient;

beforeAll(async () => {
  engine = await startTestEngine({ pollTimeoutSeconds: 1 });
  swf = createSwfClient({ endpoint: engine.url, config: { maxAttempts: 1 } });
});

afterAll(async () => {
  swf?.destroy();
  await engine?.close();
});

const open = async (domain: string) =>
  (
    await swf.send(
      new CountOpenWorkflowExecutionsCommand({
        domain,
        startTimeFilter: { oldestDate: new Date(0) },
      }),
    )
  ).count;

it("startDemo registers both examples, starts executions once, and stops cleanly", async () => {
  const lines: string[] = [];
  const demo = await startDemo({
    swf,
    log: (l) => lines.push(l),
    orders: 3,
    media: 1,
    stopTimeoutMs: 100,
  });
  expect(await open("orders")).toBe(3);
  expect(await open("media")).toBe(1);
  await demo.stop();

  // A restart finds open executions and starts no more.
  const again = await startDemo({
    swf,
    log: (l) => lines.push(l),
    orders: 3,
    media: 1,
    stopTimeoutMs: 100,
  });
  await again.stop();
  expect(await open("orders")).toBeLessThanOrEqual(3);
  expect(lines.filter((l) => l.startsWith("started"))).toHaveLength(2);
  expect(lines.filter((l) => l.includes("failed"))).toEqual([]);
});

/** The event types of every open order's history, once each has had a decision. */
async function decidedOrderEvents(client: SWFClient): Promise<string[]> {
  return eventually(
    async () => {
      const { executionInfos = [] } = await client.send(
        new ListOpenWorkflowExecutionsCommand({
          domain: "orders",
          startTimeFilter: { oldestDate: new Date(0) },
        }),
      );
      const histories = await Promise.all(
        executionInfos.map((info) => fullHistory(client, "orders", info.execution!)),
      );
      const decided = histories.every((events) =>
        events.some((e) => e.eventType === "DecisionTaskCompleted"),
      );
      return histories.length > 0 && decided
        ? histories.flat().map((e) => e.eventType!)
        : undefined;
    },
    { what: "every demo order to have had a decision" },
  );
}

it.each([
  [undefined, true],
  [false, false],
])(
  "with a Lambda endpoint, shippingQuotes %s decides whether orders run the quote function",
  async (shippingQuotes, quoted) => {
    // A fresh engine: the demo starts orders only where none are open.
    const own = await startTestEngine({ pollTimeoutSeconds: 1 });
    const client = createSwfClient({ endpoint: own.url, config: { maxAttempts: 1 } });
    const before = process.env.AWS_ENDPOINT_URL_LAMBDA;
    // npm start sets it for its function runner; FUNCTIONS_DIR (another folder) turns quotes off.
    process.env.AWS_ENDPOINT_URL_LAMBDA = "http://127.0.0.1:9";
    try {
      const demo = await startDemo({
        swf: client,
        log: () => {},
        orders: 2,
        media: 0,
        trickleEveryMs: 0,
        stopTimeoutMs: 100,
        shippingQuotes,
      });
      const events = await decidedOrderEvents(client);
      await demo.stop();
      // This engine has no Lambda endpoint: a scheduled quote fails to schedule.
      expect(events.includes("ScheduleLambdaFunctionFailed")).toBe(quoted);
    } finally {
      if (before === undefined) delete process.env.AWS_ENDPOINT_URL_LAMBDA;
      else process.env.AWS_ENDPOINT_URL_LAMBDA = before;
      client.destroy();
      await own.close();
    }
  },
);

it("npx tsx examples/demo.ts stops on Ctrl-C, leaving a long transcode to its timeout", async () => {
  const own = await startTestEngine({ pollTimeoutSeconds: 1 });
  const client = createSwfClient({ endpoint: own.url, config: { maxAttempts: 1 } });
  const demo = spawn("node_modules/.bin/tsx", ["examples/demo.ts"], {
    env: { ...process.env, AWS_ENDPOINT_URL_SWF: own.url },
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    let out = "";
    demo.stdout.setEncoding("utf8");
    demo.stdout.on("data", (chunk: string) => (out += chunk));
    const exited = new Promise<number | null>((resolve) => demo.once("exit", resolve));
    await eventually(() => out.includes("TranscodeMedia executions"), {
      what: "the demo to start",
    });
    const { executionInfos = [] } = await client.send(
      new ListOpenWorkflowExecutionsCommand({
        domain: "media",
        startTimeFilter: { oldestDate: new Date(0) },
      }),
    );
    // Each sample job has a slow rendition: 40 steps of 500 ms.
    await eventually(
      async () => {
        const { openCounts } = await client.send(
          new DescribeWorkflowExecutionCommand({
            domain: "media",
            execution: executionInfos[0].execution!,
          }),
        );
        return (openCounts?.openActivityTasks ?? 0) > 0;
      },
      { what: "a transcode to run" },
    );
    demo.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(out).toContain("stopping (tasks in hand have 5 s");
    // It did not wait for the slow transcode to finish: that one is still open, left to SWF.
    const { openCounts } = await client.send(
      new DescribeWorkflowExecutionCommand({
        domain: "media",
        execution: executionInfos[0].execution!,
      }),
    );
    expect(openCounts?.openActivityTasks).toBeGreaterThan(0);
  } finally {
    demo.kill("SIGKILL");
    client.destroy();
    await own.close();
  }
}, 120_000);
