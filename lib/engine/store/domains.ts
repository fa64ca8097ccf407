import type { Db } from "./db";
import { columnsOf, rowQuery } from "./rows";

export interface DomainRow {
  name: string;
  status: "REGISTERED" | "DEPRECATED";
  description: string | null;
  retention: string;
  created_at: number;
}

const DOMAIN_COLUMNS = columnsOf<DomainRow>({
  name: true,
  status: true,
  description: true,
  retention: true,
  created_at: true,
});

export function domainStatements(db: Db) {
  const get = rowQuery<DomainRow, [string]>(db, DOMAIN_COLUMNS, "FROM domains WHERE name = ?");
  const count = db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM domains");
  const insert = db.prepare(
    "INSERT INTO domains (name, status, description, retention, created_at) VALUES (?, 'REGISTERED', ?, ?, ?)",
  );
  const setStatus = db.prepare("UPDATE domains SET status = ? WHERE name = ?");
  const pageAsc = db.prepare<[string, string], DomainRow>(
    "SELECT * FROM domains WHERE status = ? AND name > ? ORDER BY name ASC LIMIT 1001",
  );
  const pageDesc = db.prepare<[string, string], DomainRow>(
    "SELECT * FROM domains WHERE status = ? AND name < ? ORDER BY name DESC LIMIT 1001",
  );
  const tags = db.prepare<[string], { key: string; value: string }>(
    "SELECT key, value FROM domain_tags WHERE domain = ? ORDER BY key",
  );
  const putTag = db.prepare(
    "INSERT INTO domain_tags (domain, key, value) VALUES (?, ?, ?) ON CONFLICT (domain, key) DO UPDATE SET value = excluded.value",
  );
  const deleteTag = db.prepare("DELETE FROM domain_tags WHERE domain = ? AND key = ?");

  return {
    get: (name: string) => get.get(name),
    count: () => count.get()!.n,
    insert: (name: string, description: string | undefined, retention: string, now: number) =>
      insert.run(name, description ?? null, retention, now),
    setStatus: (name: string, status: DomainRow["status"]) => setStatus.run(status, name),
    /** Names strictly after `after` in the requested order; `after` is "" (asc) or "\uffff" (desc) at the start. */
    page: (status: string, after: string, reverse: boolean) =>
      (reverse ? pageDesc : pageAsc).all(status, after),
    tags: (domain: string) => tags.all(domain),
    putTag: (domain: string, key: string, value: string) => putTag.run(domain, key, value),
    deleteTag: (domain: string, key: string) => deleteTag.run(domain, key),
  };
}
