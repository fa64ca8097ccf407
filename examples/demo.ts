/**
 * The demo `npm start` runs next to the engine: registers both example domains, runs their
 * deciders and workers, and starts a handful of executions (only when none is open yet, so that
 * restarts do not pile them up). Approvals (`orders:approvals`) and reviews (`media:review`) are
 * left for people to answer in the console inbox.
 */
import { CountOpenWorkflowExecutionsCommand, type SWFClient } from "@aws-sdk/client-swf";
import { createSwfClient, errorLine, type ErrorHandler } from "../lib/worker";
import * as media from "./media-transcode";
import * as orders from "./order-fulfillment";
import { describeFailure, exampleSwfClient, isMain } from "./common";

export interface DemoOptions {
  /** Where to print what happens (default: console.log). */
  log?: (line: string) => void;
  /** Default: `createSwfClient()` (AWS_ENDPOINT_URL_SWF / AWS_REGION). */
  swf?: SWFClient;
  /** Executions to start when the domain has none open (defaults 6 and 2). */
  orders?: number;
  media?: number;
  /** Milliseconds between the trickle's orders (default 15 s); 0: no trickle. */
  trickleEveryMs?: number;
  /**
   * Orders get a shipping quote from the `shipping-quote` Lambda function (examples/order-fulfillment/
   * functions). Default: when the engine has a Lambda endpoint to run it (AWS_ENDPOINT_URL_LAMBDA).
   */
  shippingQuotes?: boolean;
  /** How long stop() waits for tasks in hand before leaving them to SWF's timeouts (default 5 s). */
  stopTimeoutMs?: number;
}

export interface Demo {
  stop(): Promise<void>;
}

async function openCount(swf: SWFClient, domain: string): Promise<number> {
  const out = await swf.send(
    new CountOpenWorkflowExecutionsCommand({
      domain,
      startTimeFilter: { oldestDate: new Date(0) },
    }),
  );
  return out.count ?? 0;
}

export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const log = options.log ?? ((line: string) => console.log(line));
  const swf = options.swf ?? createSwfClient();
  const onError =
    (label: string): ErrorHandler =>
    (error, phase, context) =>
      log(`${label}: ${errorLine(error, phase, context)}`);

  await orders.registerOrderTypes(swf);
  await media.registerMediaTypes(swf);
  const orderWorkers = orders.startOrderWorkers({
    swf,
    workMs: 800,
    decider: {
      paymentRetryDelaySeconds: 3,
      autoApproveBelow: 100,
      shippingQuoteFunction:
        (options.shippingQuotes ?? Boolean(process.env.AWS_ENDPOINT_URL_LAMBDA))
          ? "shipping-quote"
          : undefined,
    },
    onError: onError(orders.DOMAIN),
  });
  const mediaWorkers = media.startMediaWorkers({
    swf,
    stepMs: 500,
    onError: onError(media.DOMAIN),
  });
  log(`deciders and workers polling domains ${orders.DOMAIN} and ${media.DOMAIN}`);

  if ((await openCount(swf, orders.DOMAIN)) === 0) {
    const runs = await orders.startOrders(swf, options.orders ?? 6);
    log(
      `started ${runs.length} ${orders.ORDER_WORKFLOW.name} executions (approve them in the inbox)`,
    );
  }
  if ((await openCount(swf, media.DOMAIN)) === 0) {
    const runs = await media.startTranscodes(swf, options.media ?? 2);
    log(`started ${runs.length} ${media.TRANSCODE_WORKFLOW.name} executions`);
  }

  // A steady trickle of orders, some of them in trouble, so that the console has live data.
  const trickle =
    options.trickleEveryMs === 0
      ? undefined
      : orders.startOrderTrickle(swf, { everyMs: options.trickleEveryMs, log });

  return {
    stop: async () => {
      trickle?.stop();
      // Short activities finish; a long transcode is left to its heartbeat timeout and retried.
      const stopOptions = { timeoutMs: options.stopTimeoutMs ?? 5_000 };
      await Promise.all([orderWorkers.stop(stopOptions), mediaWorkers.stop(stopOptions)]);
      if (!options.swf) swf.destroy();
    },
  };
}

if (isMain(typeof module !== "undefined" ? module : undefined)) {
  const swf = exampleSwfClient();
  startDemo({ swf }).then(
    (demo) => {
      // demo.stop() leaves tasks that outlast its grace to their SWF timeouts, as npm start does;
      // their handlers would keep this process running until they finished, answering nobody.
      const stop = () => {
        console.log("stopping (tasks in hand have 5 s; longer ones are left to their timeouts)…");
        void demo.stop().then(() => {
          swf.destroy();
          process.exit(0);
        });
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    },
    (error: unknown) => {
      console.error(describeFailure(error));
      process.exitCode = 1;
      swf.destroy();
    },
  );
}
