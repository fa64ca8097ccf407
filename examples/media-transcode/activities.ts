/**
 * Simulated Transcode and Publish. Transcode works in steps and heartbeats its progress after
 * each (`{"rendition": "1080p", "percent": 50}`); when the decider requests cancellation the
 * heartbeat reports it, `ctx.signal` aborts the step in progress and the task ends canceled with
 * its last progress as details.
 */
import { ActivityCanceled, sleep, type ActivityHandler } from "../../lib/worker";
import {
  ACTIVITIES,
  type PublishResult,
  type TranscodeInput,
  type TranscodeProgress,
  type TranscodeResult,
} from "./constants";

export interface MediaActivityOptions {
  /** Work per progress step in ms (default 250), unless the job sets `simulate.stepMs`. */
  stepMs?: number;
  /** Called after each heartbeat SWF accepted (for logs and tests). */
  onProgress?: (progress: TranscodeProgress & { mediaId: string }) => void;
}

export class TranscodeError extends Error {
  override name = "TranscodeError";
}

export function mediaActivities(
  options: MediaActivityOptions = {},
): Record<string, ActivityHandler> {
  return {
    [ACTIVITIES.transcode.name]: async (input, ctx) => {
      const job = JSON.parse(input ?? "{}") as TranscodeInput;
      const sim = job.simulate ?? {};
      const steps = sim.slow?.rendition === job.rendition ? sim.slow.steps : (sim.steps ?? 4);
      const stepMs = sim.stepMs ?? options.stepMs ?? 250;
      let progress: TranscodeProgress = { rendition: job.rendition, percent: 0 };
      try {
        for (let step = 1; step <= steps; step++) {
          await sleep(stepMs, ctx.signal);
          if (sim.failRendition === job.rendition && step * 2 > steps) {
            throw new TranscodeError(`encoder crashed at ${progress.percent}% of ${job.rendition}`);
          }
          progress = { rendition: job.rendition, percent: Math.round((step * 100) / steps) };
          const { cancelRequested } = await ctx.heartbeat(progress);
          options.onProgress?.({ ...progress, mediaId: job.mediaId });
          if (cancelRequested) throw new ActivityCanceled(progress);
        }
      } catch (error) {
        // Aborted mid-step by a cancellation request: report how far we got.
        if (ctx.cancelRequested && !(error instanceof ActivityCanceled))
          throw new ActivityCanceled(progress);
        throw error;
      }
      const result: TranscodeResult = {
        rendition: job.rendition,
        output: `s3://media-out/${job.mediaId}/${job.rendition}.mp4`,
        sizeBytes: 1_000_000 * (parseInt(job.rendition, 10) || 1),
      };
      return result;
    },

    [ACTIVITIES.publish.name]: async (input, ctx) => {
      const { mediaId, renditions } = JSON.parse(input ?? "{}") as {
        mediaId: string;
        renditions: TranscodeResult[];
      };
      await sleep(options.stepMs ?? 250, ctx.signal);
      const result: PublishResult = {
        mediaId,
        url: `https://cdn.example.com/${mediaId}/`,
        renditions,
      };
      return result;
    },
  };
}
