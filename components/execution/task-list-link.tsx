import Link from "next/link";
import { taskListsHref } from "@/components/links";
import { LINK_CLASS } from "@/components/history/run-link";

/**
 * A task list named by a run, linked to the domain's task-lists tab checking that list (its
 * backlog, and when a worker last picked a task up from it). The name is workflow data: shown as
 * text, wrapped.
 */
export function TaskListLink({ domain, name }: { domain: string; name: string }) {
  return (
    <Link
      href={taskListsHref(domain, name)}
      className={`font-mono text-xs wrap-anywhere ${LINK_CLASS}`}
      title={`Task list ${name}: see the domain's task lists`}
      data-testid="task-list-link"
    >
      {name}
    </Link>
  );
}
