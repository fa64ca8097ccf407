/** Events that make a decision task necessary. */
export const TRIGGERS_DECISION = new Set([
  "WorkflowExecutionStarted",
  "WorkflowExecutionSignaled",
  "WorkflowExecutionCancelRequested",
  "DecisionTaskTimedOut",
  "ScheduleActivityTaskFailed",
  "RequestCancelActivityTaskFailed",
  "StartTimerFailed",
  "CancelTimerFailed",
  "RecordMarkerFailed",
  "StartChildWorkflowExecutionFailed",
  "SignalExternalWorkflowExecutionFailed",
  "RequestCancelExternalWorkflowExecutionFailed",
  "ScheduleLambdaFunctionFailed",
  "CompleteWorkflowExecutionFailed",
  "FailWorkflowExecutionFailed",
  "CancelWorkflowExecutionFailed",
  "ContinueAsNewWorkflowExecutionFailed",
  "ActivityTaskCompleted",
  "ActivityTaskFailed",
  "ActivityTaskTimedOut",
  "ActivityTaskCanceled",
  "TimerFired",
  "ChildWorkflowExecutionStarted",
  "ChildWorkflowExecutionCompleted",
  "ChildWorkflowExecutionFailed",
  "ChildWorkflowExecutionTimedOut",
  "ChildWorkflowExecutionCanceled",
  "ChildWorkflowExecutionTerminated",
  "ExternalWorkflowExecutionSignaled",
  "ExternalWorkflowExecutionCancelRequested",
  "LambdaFunctionCompleted",
  "LambdaFunctionFailed",
  "LambdaFunctionTimedOut",
  "StartLambdaFunctionFailed",
]);

/** The events that close a run. */
export const CLOSE_EVENTS = new Set([
  "WorkflowExecutionCompleted",
  "WorkflowExecutionFailed",
  "WorkflowExecutionCanceled",
  "WorkflowExecutionContinuedAsNew",
  "WorkflowExecutionTerminated",
  "WorkflowExecutionTimedOut",
]);

/** `ActivityTaskCompleted` → `activityTaskCompletedEventAttributes`. */
export function attributesKey(eventType: string): string {
  return eventType[0].toLowerCase() + eventType.slice(1) + "EventAttributes";
}
