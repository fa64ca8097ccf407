import { randomBytes } from "node:crypto";
import type { SWFClient, WorkflowExecution } from "@aws-sdk/client-swf";
import { startWorkflow } from "../../lib/worker";
import { describeFailure, exampleSwfClient, isMain } from "../common";
import { DOMAIN, TASK_LISTS, TRANSCODE_WORKFLOW, type MediaJob } from "./constants";

/** A sample job; `index` varies the renditions, the slow rendition and the review step. */
export function sampleJob(index: number, mediaId = `clip-${100 + index}`): MediaJob {
  const renditions =
    index % 2 === 0 ? ["1080p", "720p", "480p"] : ["2160p", "1080p", "720p", "480p", "360p"];
  return {
    mediaId,
    title: ["Launch keynote", "Product demo", "Team offsite", "Tutorial 1"][index % 4],
    source: `s3://media-in/${mediaId}.mov`,
    renditions,
    review: index % 3 === 1,
    simulate: { steps: 4, slow: { rendition: renditions[0], steps: 40 } },
  };
}

/** Starts one TranscodeMedia execution (workflowId `media-<mediaId>` unless given). */
export async function startTranscode(
  swf: SWFClient,
  job: MediaJob,
  options: { workflowId?: string } = {},
): Promise<WorkflowExecution> {
  return startWorkflow(
    swf,
    DOMAIN,
    options.workflowId ?? `media-${job.mediaId}`,
    TRANSCODE_WORKFLOW,
    {
      taskList: TASK_LISTS.decisions,
      input: job,
      tagList: ["example", `renditions:${job.renditions.length}`],
    },
  );
}

/** Starts `count` sample jobs with a random batch suffix. */
export async function startTranscodes(swf: SWFClient, count = 2): Promise<WorkflowExecution[]> {
  const batch = randomBytes(3).toString("hex");
  const started: WorkflowExecution[] = [];
  for (let i = 0; i < count; i++)
    started.push(await startTranscode(swf, sampleJob(i, `clip-${100 + i}-${batch}`)));
  return started;
}

if (isMain(typeof module !== "undefined" ? module : undefined)) {
  const swf = exampleSwfClient();
  startTranscodes(swf, Number(process.argv[2] ?? 2))
    .then((runs) => runs.forEach((r) => console.log(`started ${r.workflowId} ${r.runId}`)))
    .catch((error) => {
      console.error(describeFailure(error));
      process.exitCode = 1;
    })
    .finally(() => swf.destroy());
}
