/** Names of the media-transcode example (fan-out/fan-in with heartbeats and cancellation). */

export const DOMAIN = "media";

export const TRANSCODE_WORKFLOW = { name: "TranscodeMedia", version: "1.0" } as const;

export const TASK_LISTS = {
  decisions: "media-decisions",
  /** Transcode and Publish. */
  activities: "media-activities",
  /** ReviewRenditions: answered by a person through the console inbox. */
  review: "review",
} as const;

export const ACTIVITIES = {
  transcode: { name: "Transcode", version: "1.0" },
  publish: { name: "Publish", version: "1.0" },
  review: { name: "ReviewRenditions", version: "1.0" },
} as const;

/** Transcode tasks that stop heartbeating for this long are timed out by SWF. */
export const TRANSCODE_HEARTBEAT_TIMEOUT_SECONDS = 30;

/** Attempts per rendition when Transcode tasks time out. */
export const MAX_TRANSCODE_ATTEMPTS = 3;

export const transcodeId = (rendition: string) => `transcode-${rendition}`;
export const PUBLISH_ID = "publish";
export const REVIEW_ID = "review";

/** Deterministic behaviour of the simulated transcoder. */
export interface MediaSimulation {
  /** Progress steps per rendition (default 4); each step heartbeats. */
  steps?: number;
  /** Work per step in ms (default: the worker's `stepMs`). */
  stepMs?: number;
  /** One rendition that takes much longer (a long transcode you can watch and cancel). */
  slow?: { rendition: string; steps: number };
  /** This rendition fails. */
  failRendition?: string;
  /** This rendition stops heartbeating once it reaches `percent` (and stays silent for `forMs`). */
  stall?: { rendition: string; percent: number; forMs?: number };
}

export interface MediaJob {
  mediaId: string;
  title: string;
  source: string;
  renditions: string[];
  /** Ask a person to review the renditions before publishing (task list `review`). */
  review?: boolean;
  simulate?: MediaSimulation;
}

export interface TranscodeInput {
  mediaId: string;
  source: string;
  rendition: string;
  simulate?: MediaSimulation;
}

export interface TranscodeResult {
  rendition: string;
  output: string;
  sizeBytes: number;
}

/** The heartbeat details a Transcode task records. */
export interface TranscodeProgress {
  rendition: string;
  percent: number;
}

export interface PublishResult {
  mediaId: string;
  url: string;
  renditions: TranscodeResult[];
}
