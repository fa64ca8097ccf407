/**
 * The task lists of a domain's open executions, for the task-lists panel. SWF has no "list task
 * lists": the panel lists the most recent open runs and describes each one for its task list.
 * Done by each tab, that cost up to 101 SWF calls per tab whenever a run started or closed. Here
 * one gathering serves every tab and user for a couple of seconds, or until the live hub sees a
 * run start or close, and a run's task list, fixed when the run starts, is described once for the
 * life of the process: a refresh costs one list call plus one describe per run not seen before.
 * Against the embedded engine (push mode) the gathering also asks the engine which task lists
 * hold pending tasks (`GET /_task-lists`, outside the SWF protocol): one local call, and lists
 * only scheduled work names show up too.
 */
import {
  DescribeWorkflowExecutionCommand,
  ListOpenWorkflowExecutionsCommand,
  type SWFClient,
} from "@aws-sdk/client-swf";
import { RunMemo } from "./run-memo";
import { SharedResults } from "./shared-results";

/** Open executions whose task lists are looked up, most recent first. */
const OPEN_EXECUTIONS_SAMPLED = 100;
const TTL_MS = 2_000;
const TASK_LIST_CACHE_SIZE = 20_000;
const DESCRIBE_CONCURRENCY = 8;

export interface OpenExecutionTaskList {
  workflowId: string;
  taskList: string;
}

/** A task list the embedded engine holds pending tasks on. */
export interface PendingTaskList {
  taskList: string;
  decision: number;
  activity: number;
}

export interface OpenTaskLists {
  lists: OpenExecutionTaskList[];
  /** From the embedded engine; empty when not asked (AWS, poll mode) or it did not answer. */
  pending: PendingTaskList[];
  /** Open runs looked at (≤ OPEN_EXECUTIONS_SAMPLED). */
  sampled: number;
  /** More runs are open than were looked at. */
  more: boolean;
}

const gatherings = new SharedResults<OpenTaskLists>(TTL_MS);
/** Run → its task list; null when SWF no longer knows the run (closed and purged). */
const taskLists = new RunMemo<string | null>(TASK_LIST_CACHE_SIZE);

/** `engine`: the embedded engine's endpoint, to ask for its pending task lists (push mode only). */
export function openTaskLists(
  swf: SWFClient,
  domain: string,
  now = Date.now(),
  engine?: string,
): Promise<OpenTaskLists> {
  return gatherings.get(domain, () => gather(swf, domain, engine), now);
}

/** The engine's task lists with pending tasks; none when it does not answer (it is optional). */
async function enginePending(engine: string, domain: string): Promise<PendingTaskList[]> {
  try {
    const res = await fetch(
      `${engine.replace(/\/$/, "")}/_task-lists?${new URLSearchParams({ domain })}`,
      { signal: AbortSignal.timeout(2000) },
    );
    if (!res.ok) return [];
    const body = (await res.json()) as { taskLists?: PendingTaskList[] };
    return Array.isArray(body.taskLists) ? body.taskLists : [];
  } catch {
    return [];
  }
}

/**
 * Forgets the domain's shared gathering: a run started or closed, or (push mode) a task was
 * scheduled or handed out, and the tabs that are told so refetch at once (the live hub calls this
 * before telling them).
 */
export function forgetOpenTaskLists(domain: string) {
  gatherings.forget((key) => key === domain);
}

async function gather(swf: SWFClient, domain: string, engine?: string): Promise<OpenTaskLists> {
  const pending = engine ? enginePending(engine, domain) : Promise.resolve([]);
  const list = await swf.send(
    new ListOpenWorkflowExecutionsCommand({
      domain,
      startTimeFilter: { oldestDate: new Date(0) },
      maximumPageSize: OPEN_EXECUTIONS_SAMPLED,
    }),
  );
  const runs = (list.executionInfos ?? []).flatMap((info) => {
    const { workflowId, runId } = info.execution ?? {};
    return workflowId && runId ? [{ workflowId, runId }] : [];
  });
  const unknown = runs.filter((r) => !taskLists.has(domain, r.workflowId, r.runId));
  let next = 0;
  const describe = async () => {
    while (next < unknown.length) {
      const run = unknown[next++];
      try {
        const detail = await swf.send(
          new DescribeWorkflowExecutionCommand({
            domain,
            execution: { workflowId: run.workflowId, runId: run.runId },
          }),
        );
        taskLists.set(
          domain,
          run.workflowId,
          run.runId,
          detail.executionConfiguration?.taskList?.name ?? null,
        );
      } catch (e) {
        // Closed and purged since the list: nothing to look up again. Anything else (throttled,
        // unreachable) is left out this time and asked again by the next gathering.
        if ((e as Error).name === "UnknownResourceFault")
          taskLists.set(domain, run.workflowId, run.runId, null);
      }
    }
  };
  await Promise.all(Array.from({ length: DESCRIBE_CONCURRENCY }, describe));
  const lists = runs.flatMap(({ workflowId, runId }) => {
    const taskList = taskLists.get(domain, workflowId, runId);
    return taskList ? [{ workflowId, taskList }] : [];
  });
  return {
    lists,
    pending: await pending,
    sampled: runs.length,
    more: Boolean(list.nextPageToken),
  };
}
