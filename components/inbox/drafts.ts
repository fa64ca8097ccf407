// What a person has typed into an undecided task (comment, form values, failure reason), kept
// while they look at other tasks: each task's detail is a fresh component, so without this, a
// glance at the next task (j, a click in the list) threw the half-written answer away. Kept for
// the life of the page, dropped once the task is decided from it.
import type { FormValues } from "@/lib/console/inbox-form";

export interface TaskDraft {
  comment?: string;
  values?: FormValues;
  reason?: string;
}

const drafts = new Map<number, TaskDraft>();

export function readDraft(taskId: number): TaskDraft {
  return drafts.get(taskId) ?? {};
}

export function saveDraft(taskId: number, part: TaskDraft): void {
  drafts.set(taskId, { ...drafts.get(taskId), ...part });
}

export function dropDraft(taskId: number): void {
  drafts.delete(taskId);
}
