/**
 * Saved views of the executions list: a name and the list's URL query (filters, time range, sort),
 * per domain, shared by every user. Saving a name again replaces its query, if the view is the
 * saver's own (or the saver is an admin): deleting is for its author or an admin, and replacing
 * someone else's view would make it the saver's to delete.
 */
import type { Db } from "./db";

export interface SavedView {
  id: number;
  domain: string;
  name: string;
  query: string;
  createdBy: string;
  createdAt: number;
}

interface Row {
  id: number;
  domain: string;
  name: string;
  query: string;
  created_by: string;
  created_at: number;
}

const toView = (r: Row): SavedView => ({
  id: r.id,
  domain: r.domain,
  name: r.name,
  query: r.query,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

export async function savedViews(db: Db, domain: string): Promise<SavedView[]> {
  const rows = await db.all<Row>("SELECT * FROM saved_views WHERE domain = ? ORDER BY name", [
    domain,
  ]);
  return rows.map(toView);
}

export async function savedView(db: Db, id: number): Promise<SavedView | undefined> {
  const row = await db.get<Row>("SELECT * FROM saved_views WHERE id = ?", [id]);
  return row ? toView(row) : undefined;
}

/**
 * Saves a view, or replaces the view of that name if it is the saver's own or `anyone` (an admin);
 * undefined when the name belongs to someone else. One statement, so that two savers cannot both
 * see the name free.
 */
export async function saveView(
  db: Db,
  v: {
    domain: string;
    name: string;
    query: string;
    username: string;
    anyone?: boolean;
    at?: number;
  },
): Promise<SavedView | undefined> {
  const row = await db.get<Row>(
    `INSERT INTO saved_views (domain, name, query, created_by, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (domain, name) DO UPDATE SET query = excluded.query,
       created_by = excluded.created_by, created_at = excluded.created_at
     WHERE saved_views.created_by = excluded.created_by OR ? = 1
     RETURNING *`,
    [v.domain, v.name, v.query, v.username, v.at ?? Date.now(), v.anyone ? 1 : 0],
  );
  return row ? toView(row) : undefined;
}

export async function deleteView(db: Db, id: number): Promise<SavedView | undefined> {
  const row = await db.get<Row>("DELETE FROM saved_views WHERE id = ? RETURNING *", [id]);
  return row ? toView(row) : undefined;
}
