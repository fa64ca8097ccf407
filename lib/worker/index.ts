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
// Named one by one: an ES module (a developer's .mts file) importing this CommonJS package sees
// only the names Node can find in it, and `export *` compiles to a call it cannot follow.
export {
  scheduleActivity,
  requestCancelActivity,
  startTimer,
  cancelTimer,
  recordMarker,
  completeWorkflow,
  failWorkflow,
  cancelWorkflow,
  continueAsNew,
  startChildWorkflow,
  signalExternalWorkflow,
  requestCancelExternalWorkflow,
  scheduleLambda,
  type Duration,
  type TypeRef,
  type ScheduleActivityOptions,
  type ExecutionOptions,
  type ScheduleLambdaOptions,
} from "./decisions";
export { registerAll, type TypeRegistrations } from "./registration";
export {
  fetchHistory,
  signalWorkflow,
  startWorkflow,
  waitForClose,
  type WaitForCloseOptions,
} from "./runs";
export { sleep } from "./sleep";
export { toPayload, parseJson, tryParseJson, truncate, LIMITS } from "./payload";
export {
  PollLoop,
  backoffDelay,
  errorLine,
  refusedConnection,
  type BackoffOptions,
  type ErrorContext,
  type ErrorHandler,
  type PollLoopOptions,
  type PollPhase,
} from "./poll-loop";
