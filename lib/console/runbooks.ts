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
export async function runbooksOf(db: Db, domain: string): Promise<Map<string, Runbook>> {
  const rows = await db.all<Row>("SELECT * FROM runbooks WHERE domain = ?", [domain]);
  return new Map(rows.map((r) => [r.group_key, toRunbook(r)]));
}

/** Saves (or, with an empty body, deletes) a note. */
export async function saveRunbook(
  db: Db,
  note: { domain: string; groupKey: string; body: string; username: string; at?: number },
): Promise<Runbook | undefined> {
  if (!note.body.trim()) {
    await db.run("DELETE FROM runbooks WHERE domain = ? AND group_key = ?", [
      note.domain,
      note.groupKey,
    ]);
    return undefined;
  }
  const at = note.at ?? Date.now();
  await db.run(
    `INSERT INTO runbooks (domain, group_key, body, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (domain, group_key) DO UPDATE SET body = excluded.body,
       updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    [note.domain, note.groupKey, note.body, note.username, at],
  );
  return {
    domain: note.domain,
    groupKey: note.groupKey,
    body: note.body,
    updatedBy: note.username,
    updatedAt: at,
  };
}
