import type { SWFClient } from "@aws-sdk/client-swf";
import { ActivityWorker, Decider, type ErrorHandler } from "../../lib/worker";
import { describeFailure, exampleSwfClient, isMain } from "../common";
import { orderActivities, shippingActivities, type SimulatedWork } from "./activities";
import { DOMAIN, TASK_LISTS } from "./constants";
import { decideOrder, decideShipment, type OrderDeciderConfig } from "./deciders";
import { registerOrderTypes } from "./register";

export interface OrderWorkersOptions extends SimulatedWork {
  swf: SWFClient;
  decider?: OrderDeciderConfig;
  identity?: string;
  onError?: ErrorHandler;
  /** Activity tasks each worker runs at once (default 4). */
  concurrency?: number;
}

export interface RunningWorkers {
  deciders: { orders: Decider; shipping: Decider };
  /** Pollers of `order-activities` and `ship-activities`. */
  workers: { orders: ActivityWorker; shipping: ActivityWorker };
  /** Stops polling and waits for the tasks in hand (at most `timeoutMs`, if given). */
  stop(options?: { timeoutMs?: number }): Promise<void>;
}

/**
 * Starts the example's pollers: the OrderFulfillment and ShipOrder deciders and the activity
 * workers of `order-activities` and `ship-activities`. The `approvals` list is left to people
 * (the console inbox) — or to a test.
 */
export function startOrderWorkers(options: OrderWorkersOptions): RunningWorkers {
  const { swf, identity, onError } = options;
  const common = { swf, domain: DOMAIN, identity, onError };
  const deciders = {
    orders: new Decider({
      ...common,
      taskList: TASK_LISTS.orderDecisions,
      decide: (ctx) => decideOrder(ctx, options.decider),
    }),
    shipping: new Decider({
      ...common,
      taskList: TASK_LISTS.shipDecisions,
      decide: decideShipment,
    }),
  };
  const workers = {
    orders: new ActivityWorker({
      ...common,
      taskList: TASK_LISTS.orderActivities,
      concurrency: options.concurrency,
      activities: orderActivities(options),
    }),
    shipping: new ActivityWorker({
      ...common,
      taskList: TASK_LISTS.shipActivities,
      concurrency: options.concurrency,
      activities: shippingActivities(options),
    }),
  };
  const all = [...Object.values(deciders), ...Object.values(workers)];
  for (const poller of all) poller.start();
  return {
    deciders,
    workers,
    stop: async (stopOptions) => {
      await Promise.all(all.map((p) => p.stop(stopOptions)));
    },
  };
}

if (isMain(typeof module !== "undefined" ? module : undefined)) {
  const swf = exampleSwfClient();
  void (async () => {
    await registerOrderTypes(swf);
    const running = startOrderWorkers({ swf });
    console.log(`order-fulfillment deciders and workers polling domain ${DOMAIN}; Ctrl-C stops`);
    const stop = () => {
      console.log("stopping (finishing tasks in hand)…");
      void running.stop().then(() => swf.destroy());
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  })().catch((error) => {
    console.error(describeFailure(error));
    process.exitCode = 1;
    swf.destroy();
  });
}
