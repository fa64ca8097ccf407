/**
 * TranscodeMedia: fan-out one Transcode per rendition, fan-in when all completed, optional human
 * review, then Publish. A Transcode that times out (no heartbeat: its worker died) is tried again,
 * up to 3 attempts; if a rendition fails, the others are cancelled before the execution fails. On a cancellation request it asks every running Transcode to stop (they
 * learn of it through their heartbeats), waits for them to report, then cancels the execution.
 */
import type { Decision } from "@aws-sdk/client-swf";
import {
  cancelWorkflow,
  completeWorkflow,
  failWorkflow,
  requestCancelActivity,
  scheduleActivity,
  type ActivityState,
  tryParseJson,
  type DecisionContext,
} from "../../lib/worker";
import {
  ACTIVITIES,
  MAX_TRANSCODE_ATTEMPTS,
  PUBLISH_ID,
  REVIEW_ID,
  TASK_LISTS,
  transcodeId,
  type MediaJob,
  type PublishResult,
  type TranscodeInput,
  type TranscodeResult,
} from "./constants";

const outcome = (a: ActivityState) => ({
  status: a.status,
  reason: a.reason,
  details: a.details,
  timeoutType: a.timeoutType,
  cause: a.cause,
});

function cancel(ctx: DecisionContext): Decision[] {
  const open = ctx.openActivities();
  const requests = open
    .filter((a) => !a.cancelRequested)
    .map((a) => requestCancelActivity(a.activityId));
  // Transcodes heartbeat, so they will report; wait for them. Others (Publish, a person's review)
  // never learn of the request: do not wait for those.
  const waitFor = open.filter(
    (a) => a.activityType.name === ACTIVITIES.transcode.name && a.status === "started",
  );
  if (waitFor.length > 0) return requests;
  const stopped = ctx
    .activities()
    .filter((a) => a.status === "canceled")
    .map((a) => ({ activityId: a.activityId, progress: tryParseJson(a.details) ?? a.details }));
  return [...requests, cancelWorkflow({ reason: "cancellation requested", stopped })];
}

export function decideTranscode(ctx: DecisionContext): Decision[] {
  const job = tryParseJson<MediaJob>(ctx.input);
  const renditions = job?.renditions;
  if (
    !job ||
    !Array.isArray(renditions) ||
    renditions.length === 0 ||
    new Set(renditions).size !== renditions.length
  ) {
    return [
      failWorkflow("Invalid input", "TranscodeMedia expects a MediaJob with distinct renditions"),
    ];
  }
  if (ctx.cancelRequested) return cancel(ctx);

  // Fan out: one Transcode per rendition, all scheduled in the first decision.
  const unscheduled = renditions.filter((r) => !ctx.activity(transcodeId(r)));
  if (unscheduled.length > 0) {
    return unscheduled.map((rendition) => {
      const input: TranscodeInput = {
        mediaId: job.mediaId,
        source: job.source,
        rendition,
        simulate: job.simulate,
      };
      return scheduleActivity(transcodeId(rendition), ACTIVITIES.transcode, { input });
    });
  }

  // Fan in.
  const transcodes = renditions.map((r) => ctx.activity(transcodeId(r))!);
  const retryable = (a: ActivityState) =>
    a.status === "timedOut" && a.attempt < MAX_TRANSCODE_ATTEMPTS;
  const broken =
    transcodes.find(
      (a) =>
        a.status === "failed" ||
        a.status === "scheduleFailed" ||
        (a.status === "timedOut" && !retryable(a)),
    ) ?? transcodes.find((a) => a.status === "canceled");
  if (broken) {
    // Stop the other renditions first (they report through their heartbeats), then fail.
    const running = transcodes.filter((a) => a.open);
    if (running.length > 0) {
      return running
        .filter((a) => !a.cancelRequested)
        .map((a) => requestCancelActivity(a.activityId));
    }
    const rendition = broken.activityId.slice("transcode-".length);
    return [failWorkflow(`Transcode ${rendition} ${broken.status}`, outcome(broken))];
  }
  // A timed-out transcode (its worker died or stalled) is tried again, with the same activity id.
  const retries = transcodes.filter(retryable);
  if (retries.length > 0) {
    return retries.map((a) =>
      scheduleActivity(a.activityId, ACTIVITIES.transcode, { input: a.input }),
    );
  }
  if (transcodes.some((a) => a.open)) return [];
  const results = transcodes.map((a) => tryParseJson<TranscodeResult>(a.result)!);

  if (job.review) {
    const review = ctx.activity(REVIEW_ID);
    if (!review) {
      return [
        scheduleActivity(REVIEW_ID, ACTIVITIES.review, {
          taskList: TASK_LISTS.review,
          input: {
            mediaId: job.mediaId,
            title: job.title,
            renditions: results,
            question: `Publish "${job.title}" in ${renditions.join(", ")}?`,
          },
        }),
      ];
    }
    if (review.open) return [];
    const answer = tryParseJson<{ decision?: string }>(review.result);
    if (review.status !== "completed" || answer?.decision !== "approve") {
      return [failWorkflow("Renditions rejected", review.result ?? outcome(review))];
    }
  }

  const publish = ctx.activity(PUBLISH_ID);
  if (!publish) {
    return [
      scheduleActivity(PUBLISH_ID, ACTIVITIES.publish, {
        input: { mediaId: job.mediaId, renditions: results },
      }),
    ];
  }
  if (publish.open) return [];
  if (publish.status !== "completed") return [failWorkflow("Publish failed", outcome(publish))];
  return [completeWorkflow(tryParseJson<PublishResult>(publish.result) ?? publish.result)];
}
