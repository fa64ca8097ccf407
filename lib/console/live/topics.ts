/**
 * What a browser tab can watch, as strings (they travel in the live stream's URL):
 *   execution:<domain>:<workflowId>:<runId>   one run's history (new events are pushed)
 *   executions:<domain>                       the domain's execution lists and counts
 *   tasklists:<domain>                        the domain's task-list backlogs
 *   inbox                                     the human-task inbox
 * Parts are percent-encoded so that ids containing ":" stay unambiguous.
 */
export type Topic =
  | { kind: "execution"; domain: string; workflowId: string; runId: string }
  | { kind: "executions"; domain: string }
  | { kind: "tasklists"; domain: string }
  | { kind: "inbox" };

const enc = encodeURIComponent;

export function topicString(t: Topic): string {
  switch (t.kind) {
    case "execution":
      return `execution:${enc(t.domain)}:${enc(t.workflowId)}:${enc(t.runId)}`;
    case "executions":
    case "tasklists":
      return `${t.kind}:${enc(t.domain)}`;
    case "inbox":
      return "inbox";
  }
}

export function parseTopic(s: string): Topic | undefined {
  if (s.length > 1200) return undefined;
  const parts = s.split(":");
  try {
    const dec = (i: number) => {
      const v = decodeURIComponent(parts[i] ?? "");
      if (!v) throw new Error("empty");
      return v;
    };
    if (parts[0] === "inbox" && parts.length === 1) return { kind: "inbox" };
    if ((parts[0] === "executions" || parts[0] === "tasklists") && parts.length === 2)
      return { kind: parts[0], domain: dec(1) };
    if (parts[0] === "execution" && parts.length === 4)
      return { kind: "execution", domain: dec(1), workflowId: dec(2), runId: dec(3) };
  } catch {
    return undefined;
  }
  return undefined;
}

/** A change the engine's feed reports: one appended history event. */
export interface EngineChange {
  domain: string;
  workflowId: string;
  runId: string;
  eventId: number;
  eventType: string;
}

const LIST_EVENTS =
  /^WorkflowExecution(Started|Completed|Failed|TimedOut|Canceled|Terminated|ContinuedAsNew)$/;
const TASK_EVENTS =
  /^(ActivityTask|DecisionTask)(Scheduled|Started|Completed|Failed|TimedOut|Canceled)$/;

/** The topics an engine change touches. */
export function topicsOfChange(c: EngineChange): string[] {
  const out = [topicString({ kind: "execution", ...c })];
  if (LIST_EVENTS.test(c.eventType))
    out.push(topicString({ kind: "executions", domain: c.domain }));
  if (TASK_EVENTS.test(c.eventType)) out.push(topicString({ kind: "tasklists", domain: c.domain }));
  return out;
}
