// Which task lists a domain uses, gathered from what SWF can tell: the types' default task
// lists and the task lists of open executions. SWF has no "list task lists" action. Pure.
import type { OpenExecutionTaskList } from "@/lib/console/open-task-lists";
import type { TypeRow } from "./queries";

export type TaskListRole = "decision" | "activity";

export interface KnownTaskList {
  name: string;
  /** What the list is used for, as far as the sources tell. */
  roles: TaskListRole[];
  /** Human-readable reasons, e.g. "default of workflow type Order:1", "3 open executions". */
  sources: string[];
}

export function collectTaskLists(
  workflowTypes: readonly TypeRow[],
  activityTypes: readonly TypeRow[],
  openExecutions: readonly OpenExecutionTaskList[],
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
