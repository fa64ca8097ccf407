import type { EventRow } from "../store/events";
import type { ExecutionRow } from "../store";
import { attributesKey } from "./event-types";

/** SWF timestamps on the wire: epoch seconds as a JSON number. */
export const toEpochSeconds = (ms: number) => ms / 1000;

export function wireEvent(row: EventRow) {
  return {
    eventId: row.event_id,
    eventType: row.type,
    eventTimestamp: toEpochSeconds(row.ts),
    [attributesKey(row.type)]: JSON.parse(row.attrs),
  };
}

export function executionInfo(row: ExecutionRow) {
  const tags = JSON.parse(row.tags) as string[];
  return {
    execution: { workflowId: row.workflow_id, runId: row.run_id },
    workflowType: { name: row.type_name, version: row.type_version },
    startTimestamp: toEpochSeconds(row.started_at),
    ...(row.closed_at !== null ? { closeTimestamp: toEpochSeconds(row.closed_at) } : {}),
    executionStatus: row.open ? "OPEN" : "CLOSED",
    ...(row.close_status ? { closeStatus: row.close_status } : {}),
    ...(row.parent_workflow_id
      ? { parent: { workflowId: row.parent_workflow_id, runId: row.parent_run_id } }
      : {}),
    ...(tags.length ? { tagList: tags } : {}),
    cancelRequested: row.cancel_requested === 1,
  };
}

/** Drops undefined members so that optional values are omitted, never sent as null. */
export function compact<T extends Record<string, unknown>>(obj: T): T {
  for (const key of Object.keys(obj)) if (obj[key] === undefined) delete obj[key];
  return obj;
}
