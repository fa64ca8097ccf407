export {
  createSwfClient,
  LONG_POLL_REQUEST_TIMEOUT_MS,
  type CreateSwfClientOptions,
} from "./client";
export {
  ActivityWorker,
  ActivityCanceled,
  ActivityFailure,
  type ActivityContext,
  type ActivityHandler,
  type ActivityTaskInfo,
  type ActivityWorkerOptions,
  type HeartbeatResult,
} from "./activity-worker";
export {
  Decider,
  DecisionContext,
  type DecideErrorPolicy,
  type DecideFunction,
  type DeciderOptions,
  type DecisionResult,
} from "./decider";
export {
  WorkflowHistory,
  attributesOf,
  type ActivityState,
  type ActivityStatus,
  type AttributesKey,
  type AttributesOf,
  type ChildState,
  type ChildStatus,
  type CloseInfo,
  type DecisionFailure,
  type HistoryMeta,
  type LambdaState,
  type LambdaStatus,
  type MarkerInfo,
  type SignalInfo,
  type TimerState,
  type TimerStatus,
} from "./history";
export * from "./decisions";
export { registerAll, type TypeRegistrations } from "./registration";
export { toPayload, parseJson, truncate, LIMITS } from "./payload";
export {
  PollLoop,
  backoffDelay,
  type BackoffOptions,
  type ErrorHandler,
  type PollLoopOptions,
  type PollPhase,
} from "./poll-loop";
