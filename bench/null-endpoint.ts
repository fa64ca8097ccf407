/**
 * The client-bound ceiling for the engine bench: an HTTP server that answers each SWF action of
 * the one-decision loop with a fixed JSON answer of the engine's shape (a decision task with its
 * three events), doing no work at all. What a client loop reaches against it is the most it
 * could reach against any engine on this machine.
 */
import { createServer } from "node:http";

const now = Date.now() / 1000;
const execution = { workflowId: "w", runId: "0123456789abcdef0123456789abcdef" };
const type = { name: "OneDecision", version: "1" };
const ANSWERS: Record<string, string> = {
  StartWorkflowExecution: JSON.stringify({ runId: execution.runId }),
  PollForDecisionTask: JSON.stringify({
    taskToken: "ZDoxOjI6QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB",
    startedEventId: 3,
    previousStartedEventId: 0,
    workflowExecution: execution,
    workflowType: type,
    events: [
      {
        eventId: 1,
        eventTimestamp: now,
        eventType: "WorkflowExecutionStarted",
        workflowExecutionStartedEventAttributes: {
          workflowType: type,
          taskList: { name: "OneDecision" },
          executionStartToCloseTimeout: "3600",
          taskStartToCloseTimeout: "60",
          childPolicy: "TERMINATE",
          parentInitiatedEventId: 0,
        },
      },
      {
        eventId: 2,
        eventTimestamp: now,
        eventType: "DecisionTaskScheduled",
        decisionTaskScheduledEventAttributes: {
          taskList: { name: "OneDecision" },
          startToCloseTimeout: "60",
        },
      },
      {
        eventId: 3,
        eventTimestamp: now,
        eventType: "DecisionTaskStarted",
        decisionTaskStartedEventAttributes: { scheduledEventId: 2 },
      },
    ],
  }),
};

const server = createServer((req, res) => {
  const target = String(req.headers["x-amz-target"] ?? "").replace(/^SimpleWorkflowService\./, "");
  req.resume();
  req.on("end", () => {
    const body = ANSWERS[target] ?? "{}";
    res.writeHead(200, {
      "Content-Type": "application/x-amz-json-1.0",
      "Content-Length": Buffer.byteLength(body),
      "x-amzn-RequestId": "00000000-0000-0000-0000-000000000000",
    });
    res.end(body);
  });
});
server.keepAliveTimeout = 120_000;
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as { port: number };
  console.log(`listening on http://127.0.0.1:${port}`);
});
process.on("SIGTERM", () => process.exit(0));
process.on("SIGINT", () => process.exit(0));
