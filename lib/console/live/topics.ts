/**
 * What a browser tab can watch, as strings (they travel in the live stream's URL):
 *   execution:<domain>:<workflowId>:<runId>   one run's history (new events are pushed)
 *   executions:<domain>                       the domain's execution lists and counts
 *   tasklists:<domain>[:<taskList>…]          the domain's task-list backlogs; the task lists a tab
 *                                             shows, so that the console can count them for all tabs
 *   inbox                                     the human-task inbox
 * Parts are percent-encoded so that ids containing ":" stay unambiguous.
 */
export type Topic =
  | { kind: "execution"; domain: string; workflowId: string; runId: string }
  | { kind: "executions"; domain: string }
  | { kind: "tasklists"; domain: string; taskLists?: readonly string[] }
  | { kind: "inbox" };

const enc = encodeURIComponent;

export function topicString(t: Topic): string {
  switch (t.kind) {
    case "execution":
      return `execution:${enc(t.domain)}:${enc(t.workflowId)}:${enc(t.runId)}`;
    case "executions":
      return `${t.kind}:${enc(t.domain)}`;
    case "tasklists":
      // Sorted and deduplicated: tabs showing the same lists share one topic (one watcher).
      return [t.kind, t.domain, ...new Set([...(t.taskLists ?? [])].sort())].map(enc).join(":");
    case "inbox":
      return "inbox";
  }
}

/** The longest topic accepted (a tab names fewer task lists than would exceed it). */
export const MAX_TOPIC_LENGTH = 1200;

export function parseTopic(s: string): Topic | undefined {
  if (s.length > MAX_TOPIC_LENGTH) return undefined;
  const parts = s.split(":");
  try {
    const dec = (i: number) => {
      const v = decodeURIComponent(parts[i] ?? "");
      if (!v) throw new Error("empty");
      return v;
    };
    if (parts[0] === "inbox" && parts.length === 1) return { kind: "inbox" };
    if (parts[0] === "executions" && parts.length === 2) return { kind: parts[0], domain: dec(1) };
    if (parts[0] === "tasklists" && parts.length >= 2)
      return {
        kind: parts[0],
        domain: dec(1),
        taskLists: parts.slice(2).map((_, i) => dec(i + 2)),
      };
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

/**
 * The topics an engine change touches (for task lists the domain's bare topic: a change does not
 * name its task list, so every task-list topic of the domain is touched).
 */
export function topicsOfChange(c: EngineChange): string[] {
  const out = [topicString({ kind: "execution", ...c })];
  if (LIST_EVENTS.test(c.eventType))
    out.push(topicString({ kind: "executions", domain: c.domain }));
  if (TASK_EVENTS.test(c.eventType)) out.push(topicString({ kind: "tasklists", domain: c.domain }));
  return out;
}

/**
 * The task-lists topic of `domain` naming as many of `taskLists` as fit in one topic, and the
 * names it carries (the others are left to the tab's own polling).
 */
export function taskListsTopic(
  domain: string,
  taskLists: readonly string[],
): { topic: string; named: Set<string> } {
  const named = new Set<string>();
  let length = topicString({ kind: "tasklists", domain }).length;
  for (const name of [...new Set(taskLists)].sort()) {
    const more = enc(name).length + 1;
    if (length + more > MAX_TOPIC_LENGTH) break;
    length += more;
    named.add(name);
  }
  return { topic: topicString({ kind: "tasklists", domain, taskLists: [...named] }), named };
}
