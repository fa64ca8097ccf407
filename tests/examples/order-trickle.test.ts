// The demo's order trickle (examples/order-fulfillment/start-orders.ts): each kind of order ends
// the way the failures view and dashboard expect, with the real deciders and workers on a real
// engine; the mix picks every kind.
import type { SWFClient } from "@aws-sdk/client-swf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DOMAIN,
  registerOrderTypes,
  startOrder,
  startOrderTrickle,
  startOrderWorkers,
  TRICKLE_MIX,
  trickleKind,
  trickleOrder,
  type RunningWorkers,
  type TrickleKind,
} from "../../examples/order-fulfillment";
import { closeReason } from "../../lib/history/close-reason";
import { createSwfClient } from "../../lib/worker";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { collectErrors, eventually, waitForClose } from "../worker/helpers";
import { CountOpenWorkflowExecutionsCommand } from "@aws-sdk/client-swf";

let engine: TestEngine;
let swf: SWFClient;
let running: RunningWorkers;
const problems = collectErrors();

beforeAll(async () => {
  engine = await startTestEngine({ pollTimeoutSeconds: 1 });
  swf = createSwfClient({ endpoint: engine.url, region: "us-east-1", config: { maxAttempts: 1 } });
  await registerOrderTypes(swf);
  running = startOrderWorkers({
    swf,
    workMs: 5,
    decider: { paymentRetryDelaySeconds: 0, autoApproveBelow: 100 },
    onError: problems.onError,
  });
});

afterAll(async () => {
  await running?.stop();
  swf?.destroy();
  await engine?.close();
});

describe("order trickle", () => {
  it("the mix covers every kind", () => {
    expect(TRICKLE_MIX.reduce((n, m) => n + m.share, 0)).toBe(100);
    const kinds = new Set<TrickleKind>();
    for (let r = 0; r < 1; r += 0.005) kinds.add(trickleKind(r));
    expect([...kinds].sort()).toEqual(TRICKLE_MIX.map((m) => m.kind).sort());
  });

  it.each([
    ["smooth", "COMPLETED", undefined],
    ["declinedThenPaid", "COMPLETED", undefined],
    ["declined", "FAILED", "FAILED: Payment failed · after ChargePayment failed: PaymentDeclined"],
    ["outOfStock", "FAILED", "FAILED: Shipping failed · after ShipOrder failed"],
    ["unverifiable", "FAILED", "FAILED: Order verification failed · after VerifyOrder failed"],
  ] as const)("%s ends %s", async (kind, status, reason) => {
    const order = trickleOrder(kind, 1, `trickle-${kind}`);
    const run = await startOrder(swf, order, { tags: ["demo-trickle", kind] });
    const { info, events } = await waitForClose(swf, DOMAIN, run);
    expect(info.closeStatus).toBe(status);
    if (reason) expect(closeReason(events)!.summary).toContain(reason);
  });

  it("big orders wait for a person", async () => {
    const run = await startOrder(swf, trickleOrder("awaitsApproval", 2, "trickle-big"));
    await eventually(
      async () => {
        const { count } = await swf.send(
          new CountOpenWorkflowExecutionsCommand({
            domain: DOMAIN,
            startTimeFilter: { oldestDate: new Date(0) },
            executionFilter: { workflowId: run.workflowId },
          }),
        );
        return count === 1;
      },
      { what: "the big order is open" },
    );
  });

  it("starts orders on its own and stops", async () => {
    const trickle = startOrderTrickle(swf, { everyMs: 20, random: () => 0 });
    await eventually(
      async () => {
        const { count } = await swf.send(
          new CountOpenWorkflowExecutionsCommand({
            domain: DOMAIN,
            startTimeFilter: { oldestDate: new Date(0) },
            tagFilter: { tag: "demo-trickle" },
          }),
        );
        return (count ?? 0) >= 1;
      },
      { what: "a trickled order" },
    );
    trickle.stop();
  });
});
