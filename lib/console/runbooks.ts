/**
 * Runbook notes of the failures view: one Markdown note per (domain, failure group), written by
 * operators, shown to everyone. The console stores them; the browser renders them without HTML.
 */
import type { Db } from "./db";

export const MAX_RUNBOOK_CHARS = 20_000;

export interface Runbook {
  domain: string;
  groupKey: string;
  body: string;
  updatedBy: string;
  updatedAt: number;
}

interface Row {
  domain: string;
  group_key: string;
  body: string;
  updated_by: string;
  updated_at: number;
}

const toRunbook = (r: Row): Runbook => ({
  domain: r.domain,
  groupKey: r.group_key,
  body: r.body,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at,
});

/** The domain's notes by group key. */
export function runbooksOf(db: Db, domain: string): Map<string, Runbook> {
  const rows = db.prepare<[string], Row>("SELECT * FROM runbooks WHERE domain = ?").all(domain);
  return new Map(rows.map((r) => [r.group_key, toRunbook(r)]));
}

/** Saves (or, with an empty body, deletes) a note. */
export function saveRunbook(
  db: Db,
  note: { domain: string; groupKey: string; body: string; username: string; at?: number },
): Runbook | undefined {
  if (!note.body.trim()) {
    db.prepare("DELETE FROM runbooks WHERE domain = ? AND group_key = ?").run(
      note.domain,
      note.groupKey,
    );
    return undefined;
  }
  const at = note.at ?? Date.now();
  db.prepare(
    `INSERT INTO runbooks (domain, group_key, body, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (domain, group_key) DO UPDATE SET body = excluded.body,
       updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
  ).run(note.domain, note.groupKey, note.body, note.username, at);
  return {
    domain: note.domain,
    groupKey: note.groupKey,
    body: note.body,
    updatedBy: note.username,
    updatedAt: at,
  };
}
