/**
 * The order-fulfillment example's Lambda task: with `shippingQuoteFunction`, the decider runs
 * examples/order-fulfillment/functions/shipping-quote.ts through the engine's Lambda endpoint
 * (the local function runner) and puts its quote into the order's result.
 */
import type { SWFClient } from "@aws-sdk/client-swf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DOMAIN,
  registerOrderTypes,
  sampleOrder,
  startOrder,
  startOrderWorkers,
  type RunningWorkers,
} from "../../examples/order-fulfillment";
import { startFunctionsServer, type RunningFunctions } from "../../lib/functions/server";
import { createLogger } from "../../lib/log";
import { createSwfClient } from "../../lib/worker";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { collectErrors, waitForClose } from "../worker/helpers";

let functions: RunningFunctions;
let engine: TestEngine;
let swf: SWFClient;
let running: RunningWorkers;
const problems = collectErrors();

beforeAll(async () => {
  functions = await startFunctionsServer({
    dir: "examples/order-fulfillment/functions",
    logger: createLogger("functions", { level: "silent" }),
  });
  engine = await startTestEngine({ pollTimeoutSeconds: 1, lambdaEndpoint: functions.url });
  swf = createSwfClient({ endpoint: engine.url, region: "us-east-1", config: { maxAttempts: 1 } });
  await registerOrderTypes(swf);
  running = startOrderWorkers({
    swf,
    workMs: 5,
    // No person in this test: every order is approved automatically.
    decider: { autoApproveBelow: Number.MAX_SAFE_INTEGER, shippingQuoteFunction: "shipping-quote" },
    onError: problems.onError,
  });
});

afterAll(async () => {
  await running?.stop();
  swf?.destroy();
  await engine?.close();
  await functions?.close();
});

describe("order fulfillment with a shipping quote from Lambda", () => {
  it("quotes shipping by Lambda beside verification and reports the quote in the result", async () => {
    const order = sampleOrder(1, "Q-1"); // Grace Hopper, US: shipped abroad
    const execution = await startOrder(swf, order);
    const { info, events } = await waitForClose(swf, DOMAIN, execution);
    expect(info.closeStatus).toBe("COMPLETED");
    const types = events.map((e) => e.eventType);
    expect(types).toContain("LambdaFunctionCompleted");
    const scheduled = events.find((e) => e.eventType === "LambdaFunctionScheduled")!;
    // Scheduled in the first decision, together with the verification activity.
    expect(scheduled.lambdaFunctionScheduledEventAttributes!.decisionTaskCompletedEventId).toBe(
      events.find((e) => e.eventType === "ActivityTaskScheduled")!
        .activityTaskScheduledEventAttributes!.decisionTaskCompletedEventId,
    );
    const result = JSON.parse(
      events.at(-1)!.workflowExecutionCompletedEventAttributes!.result!,
    ) as { shippingQuote?: { carrier: string; currency: string; items: number } };
    const items = order.items.reduce((n, i) => n + i.quantity, 0);
    expect(result.shippingQuote).toMatchObject({ carrier: "DHL Express", currency: "EUR", items });
    expect(problems.errors).toEqual([]);
  });
});

describe("order fulfillment asking for a quote where Lambda is unavailable", () => {
  it("goes on without a quote", async () => {
    const bare = await startTestEngine({ pollTimeoutSeconds: 1 });
    const client = createSwfClient({
      endpoint: bare.url,
      region: "us-east-1",
      config: { maxAttempts: 1 },
    });
    const workers = startOrderWorkers({
      swf: client,
      workMs: 5,
      decider: {
        autoApproveBelow: Number.MAX_SAFE_INTEGER,
        shippingQuoteFunction: "shipping-quote",
      },
      onError: problems.onError,
    });
    try {
      await registerOrderTypes(client);
      const execution = await startOrder(client, sampleOrder(1, "Q-2"));
      const { info, events } = await waitForClose(client, DOMAIN, execution);
      expect(info.closeStatus).toBe("COMPLETED");
      expect(
        events.find((e) => e.eventType === "ScheduleLambdaFunctionFailed")!
          .scheduleLambdaFunctionFailedEventAttributes!.cause,
      ).toBe("LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION");
      const result = JSON.parse(events.at(-1)!.workflowExecutionCompletedEventAttributes!.result!);
      expect(result.shippingQuote).toBeUndefined();
      expect(result.status).toBe("fulfilled");
    } finally {
      await workers.stop();
      client.destroy();
      await bare.close();
    }
  });
});
