import { CountOpenWorkflowExecutionsCommand, type SWFClient } from "@aws-sdk/client-swf";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startDemo } from "../../examples/demo";
import { createSwfClient } from "../../lib/worker";
import { startTestEngine, type TestEngine } from "../engine/harness";

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
