// Which task lists a domain uses, gathered from what SWF can tell: the types' default task
// lists and the task lists of open executions. SWF has no "list task lists" action. Pure.
import type { OpenExecutionTaskList, PendingTaskList } from "@/lib/console/open-task-lists";
import type { TypeRow } from "./queries";

export type TaskListRole = "decision" | "activity";

export interface KnownTaskList {
  name: string;
  /** The one checked by name (the `taskList` URL param). */
  checked?: boolean;
  /** What the list is used for, as far as the sources tell. */
  roles: TaskListRole[];
  /** Human-readable reasons, e.g. "default of workflow type Order:1", "3 open executions". */
  sources: string[];
}

export function collectTaskLists(
  workflowTypes: readonly TypeRow[],
  activityTypes: readonly TypeRow[],
  openExecutions: readonly OpenExecutionTaskList[],
  /** Lists the embedded engine holds pending tasks on (none against AWS). */
  pending: readonly PendingTaskList[] = [],
): KnownTaskList[] {
  const byName = new Map<string, { roles: Set<TaskListRole>; sources: string[]; open: number }>();
  const entry = (name: string) => {
    let e = byName.get(name);
    if (!e) byName.set(name, (e = { roles: new Set(), sources: [], open: 0 }));
    return e;
  };
  // A workflow type's default list is polled by deciders, an activity type's by workers.
  const defaults = [
    { types: workflowTypes, role: "decision", kind: "workflow" },
    { types: activityTypes, role: "activity", kind: "activity" },
  ] as const;
  for (const { types, role, kind } of defaults) {
    for (const t of types) {
      const name = t.configuration?.defaultTaskList?.name;
      if (!name) continue;
      const e = entry(name);
      e.roles.add(role);
      e.sources.push(`default of ${kind} type ${t.name}:${t.version}`);
    }
  }
  for (const x of openExecutions) {
    if (!x.taskList) continue;
    const e = entry(x.taskList);
    e.roles.add("decision");
    e.open += 1;
  }
  const tasks = (n: number, kind: string) => `${n} pending ${kind} task${n === 1 ? "" : "s"}`;
  for (const p of pending) {
    const e = entry(p.taskList);
    if (p.decision > 0) e.roles.add("decision");
    if (p.activity > 0) e.roles.add("activity");
    const counts = [
      ...(p.decision > 0 ? [tasks(p.decision, "decision")] : []),
      ...(p.activity > 0 ? [tasks(p.activity, "activity")] : []),
    ];
    if (counts.length > 0) e.sources.push(`${counts.join(", ")} (engine)`);
  }
  return [...byName.entries()]
    .map(([name, e]) => ({
      name,
      roles: (["decision", "activity"] as const).filter((r) => e.roles.has(r)),
      sources:
        e.open > 0
          ? [...e.sources, `${e.open} open ${e.open === 1 ? "execution" : "executions"}`]
          : e.sources,
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** SWF's limit on a task list's name. */
export const TASK_LIST_NAME_MAX = 256;

/** A name typed to check, trimmed; a problem when SWF would refuse it. */
export function checkedTaskListName(raw: string): { name?: string; problem?: string } {
  const name = raw.trim();
  if (!name) return { problem: "Type a task list's name." };
  if (name.length > TASK_LIST_NAME_MAX)
    return { problem: `A task list's name has at most ${TASK_LIST_NAME_MAX} characters.` };
  return { name };
}

/**
 * The known lists with the one checked by name first (added when nothing else names it): SWF
 * cannot list task lists, so work scheduled on a list no type or open run names shows only
 * when someone asks for it.
 */
export function withCheckedTaskList(
  lists: readonly KnownTaskList[],
  checked: string | undefined,
): KnownTaskList[] {
  if (!checked) return [...lists];
  const known = lists.find((l) => l.name === checked);
  const first: KnownTaskList = known
    ? { ...known, checked: true }
    : { name: checked, roles: [], sources: ["checked by name"], checked: true };
  return [first, ...lists.filter((l) => l.name !== checked)];
}
