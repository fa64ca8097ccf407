import type { Db } from "./db";
import { columnsOf, rowQuery } from "./rows";

export interface EventRow {
  execution_id: number;
  event_id: number;
  type: string;
  ts: number;
  attrs: string;
}

const EVENT_COLUMNS = columnsOf<EventRow>({
  execution_id: true,
  event_id: true,
  type: true,
  ts: true,
  attrs: true,
});

export function eventStatements(db: Db) {
  const insert = db.prepare(
    "INSERT INTO events (execution_id, event_id, type, ts, attrs) VALUES (?, ?, ?, ?, ?)",
  );
  const pageAsc = rowQuery<EventRow, [number, number, number, number]>(
    db,
    EVENT_COLUMNS,
    "FROM events WHERE execution_id = ? AND event_id > ? AND event_id <= ? ORDER BY event_id ASC LIMIT ?",
  );
  const pageDesc = rowQuery<EventRow, [number, number, number, number]>(
    db,
    EVENT_COLUMNS,
    "FROM events WHERE execution_id = ? AND event_id >= ? AND event_id < ? ORDER BY event_id DESC LIMIT ?",
  );
  const one = rowQuery<EventRow, [number, number]>(
    db,
    EVENT_COLUMNS,
    "FROM events WHERE execution_id = ? AND event_id = ?",
  );
  const remove = db.prepare("DELETE FROM events WHERE execution_id = ?");
  return {
    insert: (executionId: number, eventId: number, type: string, ts: number, attrs: object) =>
      insert.run(executionId, eventId, type, ts, JSON.stringify(attrs)),
    /** Ascending: ids in (after, upTo]. */
    pageAsc: (executionId: number, after: number, upTo: number, limit: number) =>
      pageAsc.all(executionId, after, upTo, limit),
    /** Descending: ids in [from, before). */
    pageDesc: (executionId: number, from: number, before: number, limit: number) =>
      pageDesc.all(executionId, from, before, limit),
    one: (executionId: number, eventId: number) => one.get(executionId, eventId),
    removeAll: (executionId: number) => remove.run(executionId),
  };
}
