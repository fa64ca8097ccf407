"use client";

import { useRows } from "@/components/ui/use-rows";
import { useEffect, useRef } from "react";
import { formatRelative } from "@/components/ui/format";
import { dueInfo, stateLabel, type TaskSummary } from "./types";
import { DataText } from "@/components/ui/data-text";

/**
 * A one-line question's row (px): the first guess for a row not yet measured. Rows are measured,
 * as a question wraps on a narrow screen (two near-identical questions must be told apart).
 */
const ROW_ESTIMATE = 50;

/**
 * The inbox's rows, virtualized (only the visible ones are in the DOM): question or activity type,
 * workflow id, domain/task list, age, due time and who holds it. A checkbox selects a row for a
 * bulk decision; clicking the row opens it in the detail pane.
 */
export function TaskList({
  fresh,
  tasks,
  current,
  selected,
  now,
  onOpen,
  onToggle,
}: {
  /** False while the rows shown are not yet the server's answer for the current view. */
  fresh: boolean;
  tasks: TaskSummary[];
  current: number | null;
  selected: Set<number>;
  now: number;
  onOpen: (id: number) => void;
  onToggle: (id: number) => void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useRows({
    count: tasks.length,
    scrollRef,
    rowHeight: ROW_ESTIMATE,
    overscan: 10,
    key: (i) => tasks[i]?.id ?? i,
    // The rows of a tall screen in the server's HTML (it has no layout to measure); the browser
    // renders the same ones while hydrating, then measures.
    initialRect: { width: 600, height: 1000 },
  });
  const index = current === null ? -1 : tasks.findIndex((t) => t.id === current);
  useEffect(() => {
    if (index >= 0) virtualizer.scrollToIndex(index, { align: "auto" });
  }, [index, virtualizer]);

  return (
    <div
      ref={scrollRef}
      className="min-h-0 flex-1 overflow-auto rounded border border-slate-200 dark:border-slate-800"
      data-testid="inbox-list"
      data-fresh={fresh}
    >
      <ul aria-label="Tasks" className="relative" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const t = tasks[item.index];
          const due = dueInfo(t, now);
          const active = t.id === current;
          const label = t.question ?? `${t.activityType.name} ${t.activityId}`;
          return (
            <li
              key={t.id}
              ref={virtualizer.measureElement}
              data-index={item.index}
              data-testid="inbox-row"
              data-task-id={t.id}
              data-workflow-id={t.workflowId}
              data-task-list={t.taskList}
              data-state={t.state}
              aria-current={active ? "true" : undefined}
              className={`absolute inset-x-0 flex items-stretch border-b border-slate-100 dark:border-slate-800/70 ${active ? "bg-sky-50 dark:bg-sky-950/60" : "hover:bg-slate-50 dark:hover:bg-slate-900"} ${due?.overdue ? "border-l-4 border-l-red-600 dark:border-l-red-400" : "border-l-4 border-l-transparent"}`}
              style={{ top: item.start, minHeight: ROW_ESTIMATE }}
            >
              <label className="flex items-center px-2">
                <input
                  type="checkbox"
                  className="size-4"
                  checked={selected.has(t.id)}
                  onChange={() => onToggle(t.id)}
                  aria-label={`Select ${label}`}
                  data-testid="inbox-row-select"
                />
              </label>
              <button
                type="button"
                className="grid min-w-0 flex-1 content-center gap-0.5 px-1 py-1 text-left focus:outline-2 focus:outline-sky-600"
                onClick={() => onOpen(t.id)}
                data-testid="inbox-row-open"
              >
                <span className="flex min-w-0 items-baseline gap-2">
                  {/* In full on a narrow screen (the list is all there is there); one line
                      beside the open task, which shows it in full. */}
                  <span
                    className="min-w-0 text-sm font-medium wrap-anywhere lg:truncate"
                    data-testid="inbox-row-question"
                  >
                    <DataText text={label} />
                  </span>
                  <span className="ml-auto shrink-0 text-xs tabular-nums">
                    {due ? (
                      <span
                        className={
                          due.overdue
                            ? "font-semibold text-red-700 dark:text-red-400"
                            : "text-slate-600 dark:text-slate-300"
                        }
                        data-testid="inbox-row-due"
                      >
                        {due.text}
                      </span>
                    ) : t.state !== "pending" ? (
                      <span
                        className="text-slate-600 dark:text-slate-300"
                        data-testid="inbox-row-state"
                      >
                        {stateLabel(t)}
                        {t.decidedBy ? ` by ${t.decidedBy}` : ""}
                      </span>
                    ) : null}
                  </span>
                </span>
                <span className="flex min-w-0 items-baseline gap-2 text-xs text-slate-600 dark:text-slate-400">
                  <span className="truncate font-mono">{t.workflowId}</span>
                  <span className="truncate">
                    {t.domain}/{t.taskList}
                  </span>
                  <span className="ml-auto shrink-0 tabular-nums">
                    {formatRelative(t.receivedAt, now)}
                  </span>
                  {t.assignee ? (
                    <span
                      className="shrink-0 rounded bg-slate-200 px-1 text-slate-800 dark:bg-slate-700 dark:text-slate-100"
                      data-testid="inbox-row-holder"
                    >
                      {t.assignee}
                    </span>
                  ) : null}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
