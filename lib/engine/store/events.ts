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
  // A page is a range of ids, not a LIMIT: a run's event ids are consecutive from 1, so the
  // range holds exactly the rows a LIMIT would keep. SQLite plans with a bound LIMIT's value, so
  // a statement with `LIMIT ?` is compiled again each time it is run, which a poll would pay.
  const pageAsc = rowQuery<EventRow, [number, number, number]>(
    db,
    EVENT_COLUMNS,
    "FROM events WHERE execution_id = ? AND event_id > ? AND event_id <= ? ORDER BY event_id ASC",
  );
  const pageDesc = rowQuery<EventRow, [number, number, number]>(
    db,
    EVENT_COLUMNS,
    "FROM events WHERE execution_id = ? AND event_id >= ? AND event_id < ? ORDER BY event_id DESC",
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
    /** Ascending: the first `limit` of the ids in (after, upTo], every one of which exists. */
    pageAsc(executionId: number, after: number, upTo: number, limit: number) {
      const last = Math.min(upTo, after + limit);
      return whole(executionId, pageAsc.all(executionId, after, last), last - after);
    },
    /** Descending: the last `limit` of the ids in [from, before), every one of which exists. */
    pageDesc(executionId: number, from: number, before: number, limit: number) {
      const first = Math.max(from, before - limit);
      return whole(executionId, pageDesc.all(executionId, first, before), before - first);
    },
    one: (executionId: number, eventId: number) => one.get(executionId, eventId),
    removeAll: (executionId: number) => remove.run(executionId),
  };
}

/** A page short of its range would end a history early without a word: fail loudly instead. */
function whole(executionId: number, rows: EventRow[], expected: number): EventRow[] {
  if (rows.length !== Math.max(0, expected))
    throw new Error(
      `engine bug: execution ${executionId} lacks events (${rows.length} of ${expected} in a page)`,
    );
  return rows;
}
