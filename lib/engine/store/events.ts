import type { Db } from "./db";

export interface EventRow {
  execution_id: number;
  event_id: number;
  type: string;
  ts: number;
  attrs: string;
}

export function eventStatements(db: Db) {
  const insert = db.prepare(
    "INSERT INTO events (execution_id, event_id, type, ts, attrs) VALUES (?, ?, ?, ?, ?)",
  );
  const pageAsc = db.prepare<[number, number, number, number], EventRow>(
    "SELECT * FROM events WHERE execution_id = ? AND event_id > ? AND event_id <= ? ORDER BY event_id ASC LIMIT ?",
  );
  const pageDesc = db.prepare<[number, number, number, number], EventRow>(
    "SELECT * FROM events WHERE execution_id = ? AND event_id >= ? AND event_id < ? ORDER BY event_id DESC LIMIT ?",
  );
  const one = db.prepare<[number, number], EventRow>(
    "SELECT * FROM events WHERE execution_id = ? AND event_id = ?",
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
