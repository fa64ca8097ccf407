import { RequestCancelWorkflowExecutionCommand, type SWFClient } from "@aws-sdk/client-swf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DOMAIN,
  PUBLISH_ID,
  registerMediaTypes,
  startMediaWorkers,
  startTranscode,
  transcodeId,
  type MediaJob,
  type PublishResult,
  type RunningMediaWorkers,
  type TranscodeProgress,
} from "../../examples/media-transcode";
import { WorkflowHistory, createSwfClient } from "../../lib/worker";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { collectErrors, eventually, waitForClose } from "../worker/helpers";

let engine: TestEngine;
let swf: SWFClient;
let running: RunningMediaWorkers;
const problems = collectErrors();
const progress: (TranscodeProgress & { mediaId: string })[] = [];

beforeAll(async () => {
  engine = await startTestEngine({ pollTimeoutSeconds: 1 });
  swf = createSwfClient({ endpoint: engine.url, config: { maxAttempts: 1 } });
  await registerMediaTypes(swf);
  running = startMediaWorkers({
    swf,
    stepMs: 5,
    concurrency: 4,
    onError: problems.onError,
    onProgress: (p) => progress.push(p),
  });
});

afterAll(async () => {
  await running?.stop();
  swf?.destroy();
  await engine?.close();
});

const job = (mediaId: string, renditions: string[], simulate: MediaJob["simulate"]): MediaJob => ({
  mediaId,
  title: "Test clip",
  source: `s3://in/${mediaId}.mov`,
  renditions,
  simulate,
});

describe("media transcode example", () => {
  it("fans out one Transcode per rendition, fans in, then publishes", async () => {
    const renditions = ["1080p", "720p", "480p", "360p"];
    const execution = await startTranscode(swf, job("fan", renditions, { steps: 3, stepMs: 5 }));
    const { info, events } = await waitForClose(swf, DOMAIN, execution);
    expect(info.closeStatus).toBe("COMPLETED");

    const h = new WorkflowHistory(events);
    const transcodes = renditions.map((r) => h.activity(transcodeId(r))!);
    expect(transcodes.map((a) => a.status)).toEqual([
      "completed",
      "completed",
      "completed",
      "completed",
    ]);
    // Fan-out: all four scheduled by the same decision, before any of them finished.
    const scheduledBy = new Set(
      transcodes.map(
        (a) =>
          h.event(a.scheduledEventId)!.activityTaskScheduledEventAttributes!
            .decisionTaskCompletedEventId,
      ),
    );
    expect(scheduledBy.size).toBe(1);
    const lastScheduled = Math.max(...transcodes.map((a) => a.scheduledEventId));
    expect(Math.min(...transcodes.map((a) => a.closedEventId!))).toBeGreaterThan(lastScheduled);
    // Fan-in: Publish only after every Transcode completed.
    const publish = h.activity(PUBLISH_ID)!;
    expect(publish.scheduledEventId).toBeGreaterThan(
      Math.max(...transcodes.map((a) => a.closedEventId!)),
    );
    const result = JSON.parse(h.closed!.result!) as PublishResult;
    expect(result.renditions.map((r) => r.rendition)).toEqual(renditions);
    expect(result.url).toBe("https://cdn.example.com/fan/");

    // Every rendition heartbeated its progress.
    for (const r of renditions) {
      expect(
        progress.filter((p) => p.mediaId === "fan" && p.rendition === r).map((p) => p.percent),
      ).toEqual([33, 67, 100]);
    }
  });

  it("cancellation: the long Transcode learns of it by heartbeat and ends canceled with its progress", async () => {
    const execution = await startTranscode(
      swf,
      job("long", ["2160p", "720p"], {
        steps: 2,
        stepMs: 5,
        slow: { rendition: "2160p", steps: 1_000_000 },
      }),
    );
    await eventually(
      () => progress.filter((p) => p.mediaId === "long" && p.rendition === "2160p").length >= 3,
      {
        what: "the long transcode to report progress",
      },
    );
    await swf.send(
      new RequestCancelWorkflowExecutionCommand({
        domain: DOMAIN,
        workflowId: execution.workflowId,
      }),
    );
    const { info, events } = await waitForClose(swf, DOMAIN, execution);
    expect(info.closeStatus).toBe("CANCELED");

    const h = new WorkflowHistory(events);
    const long = h.activity(transcodeId("2160p"))!;
    expect(long.cancelRequested).toBe(true);
    expect(long.status).toBe("canceled");
    const details = JSON.parse(long.details!) as TranscodeProgress;
    expect(details.rendition).toBe("2160p");
    expect(details.percent).toBeLessThan(100);
    // The details are the progress last recorded by heartbeat.
    const reported = progress
      .filter((p) => p.mediaId === "long" && p.rendition === "2160p")
      .at(-1)!;
    expect(details.percent).toBe(reported.percent);
    // Canceled only after the activity reported, and nothing was published.
    const canceledEvent = events.find((e) => e.eventType === "ActivityTaskCanceled")!;
    expect(canceledEvent.eventId!).toBeLessThan(h.closed!.eventId);
    expect(h.activity(PUBLISH_ID)).toBeUndefined();
    expect(JSON.parse(h.closed!.details!).stopped).toContainEqual({
      activityId: "transcode-2160p",
      progress: details,
    });
  });

  it("a failing rendition fails the workflow", async () => {
    const execution = await startTranscode(
      swf,
      job("broken", ["1080p", "720p"], {
        steps: 2,
        stepMs: 5,
        failRendition: "720p",
        slow: { rendition: "1080p", steps: 1_000_000 },
      }),
    );
    const { info, events } = await waitForClose(swf, DOMAIN, execution);
    expect(info.closeStatus).toBe("FAILED");
    const h = new WorkflowHistory(events);
    expect(h.closed?.reason).toBe("Transcode 720p failed");
    expect(h.activity(transcodeId("720p"))?.reason).toMatch(/^TranscodeError: encoder crashed/);
    // The other rendition was stopped (through its heartbeat) before the execution failed.
    const other = h.activity(transcodeId("1080p"))!;
    expect(other).toMatchObject({ status: "canceled", cancelRequested: true });
    expect(other.closedEventId!).toBeLessThan(h.closed!.eventId);
    expect(h.activity(PUBLISH_ID)).toBeUndefined();
  });

  it("no poller errors along the way", () => {
    expect(problems.errors).toEqual([]);
  });
});
