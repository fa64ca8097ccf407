export * from "./constants";
export { registerMediaTypes } from "./register";
export { decideTranscode } from "./decider";
export { mediaActivities, TranscodeError, type MediaActivityOptions } from "./activities";
export { startMediaWorkers, type MediaWorkersOptions, type RunningMediaWorkers } from "./workers";
export { sampleJob, startTranscode, startTranscodes } from "./start-media";
