import type { SWFClient } from "@aws-sdk/client-swf";
import { ActivityWorker, Decider, type ErrorHandler } from "../../lib/worker";
import { describeFailure, exampleSwfClient, isMain } from "../common";
import { mediaActivities, type MediaActivityOptions } from "./activities";
import { DOMAIN, TASK_LISTS } from "./constants";
import { decideTranscode } from "./decider";
import { registerMediaTypes } from "./register";

export interface MediaWorkersOptions extends MediaActivityOptions {
  swf: SWFClient;
  identity?: string;
  onError?: ErrorHandler;
  /** Transcodes run at once (default 4). */
  concurrency?: number;
}

export interface RunningMediaWorkers {
  decider: Decider;
  worker: ActivityWorker;
  /** Stops polling and waits for the tasks in hand (at most `timeoutMs`, if given). */
  stop(options?: { timeoutMs?: number }): Promise<void>;
}

/** Starts the TranscodeMedia decider and the `media-activities` worker (not the `review` list). */
export function startMediaWorkers(options: MediaWorkersOptions): RunningMediaWorkers {
  const { swf, identity, onError } = options;
  const decider = new Decider({
    swf,
    domain: DOMAIN,
    taskList: TASK_LISTS.decisions,
    identity,
    onError,
    decide: decideTranscode,
  });
  const worker = new ActivityWorker({
    swf,
    domain: DOMAIN,
    taskList: TASK_LISTS.activities,
    identity,
    onError,
    concurrency: options.concurrency ?? 4,
    activities: mediaActivities(options),
  });
  decider.start();
  worker.start();
  return {
    decider,
    worker,
    stop: async (stopOptions) => {
      await Promise.all([decider.stop(stopOptions), worker.stop(stopOptions)]);
    },
  };
}

if (isMain(typeof module !== "undefined" ? module : undefined)) {
  const swf = exampleSwfClient();
  void (async () => {
    await registerMediaTypes(swf);
    const running = startMediaWorkers({
      swf,
      onProgress: (p) => console.log(`${p.mediaId} ${p.rendition} ${p.percent}%`),
    });
    console.log(`media-transcode decider and worker polling domain ${DOMAIN}; Ctrl-C stops`);
    const stop = () => void running.stop().then(() => swf.destroy());
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  })().catch((error) => {
    console.error(describeFailure(error));
    process.exitCode = 1;
    swf.destroy();
  });
}
