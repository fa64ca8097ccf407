import {
  DescribeActivityTypeCommand,
  DescribeDomainCommand,
  DescribeWorkflowTypeCommand,
  type SWFClient,
} from "@aws-sdk/client-swf";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createSwfClient, registerAll, type TypeRegistrations } from "../../lib/worker";
import { startTestEngine, type TestEngine } from "../engine/harness";

let engine: TestEngine;
let swf: SWFClient;

beforeAll(async () => {
  engine = await startTestEngine();
  swf = createSwfClient({ endpoint: engine.url, config: { maxAttempts: 1 } });
});

afterAll(async () => {
  swf?.destroy();
  await engine?.close();
});

const shop = (taskStartToCloseTimeout: string): TypeRegistrations => ({
  domain: { name: "shop", retentionDays: 1 },
  workflowTypes: [
    {
      name: "Checkout",
      version: "1",
      defaultTaskList: { name: "shop-decisions" },
      defaultExecutionStartToCloseTimeout: "300",
      defaultTaskStartToCloseTimeout: taskStartToCloseTimeout,
      defaultChildPolicy: "TERMINATE",
    },
  ],
  activityTypes: [{ name: "ChargePayment", version: "1", defaultTaskList: { name: "shop-work" } }],
});

it("registers a domain and its types, and again is a no-op that leaves them as they were", async () => {
  await registerAll(swf, shop("30"));
  await registerAll(swf, shop("60"));
  const domain = await swf.send(new DescribeDomainCommand({ name: "shop" }));
  expect(domain.configuration?.workflowExecutionRetentionPeriodInDays).toBe("1");
  const workflow = await swf.send(
    new DescribeWorkflowTypeCommand({
      domain: "shop",
      workflowType: { name: "Checkout", version: "1" },
    }),
  );
  expect(workflow.configuration?.defaultTaskStartToCloseTimeout).toBe("30");
  const activity = await swf.send(
    new DescribeActivityTypeCommand({
      domain: "shop",
      activityType: { name: "ChargePayment", version: "1" },
    }),
  );
  expect(activity.configuration?.defaultTaskList?.name).toBe("shop-work");
});

it("passes on any other fault", async () => {
  await expect(
    registerAll(swf, { domain: { name: "too-long-kept", retentionDays: 91 } }),
  ).rejects.toMatchObject({ name: "ValidationException" });
});
