import type { Db } from "./db";
import { columnsOf, rowQuery } from "./rows";

export type TypeKind = "workflow" | "activity";

export interface TypeRow {
  domain: string;
  kind: TypeKind;
  name: string;
  version: string;
  status: "REGISTERED" | "DEPRECATED";
  description: string | null;
  created_at: number;
  deprecated_at: number | null;
  /** JSON object of the defaults supplied at registration, by their wire names. */
  config: string;
}

const TYPE_COLUMNS = columnsOf<TypeRow>({
  domain: true,
  kind: true,
  name: true,
  version: true,
  status: true,
  description: true,
  created_at: true,
  deprecated_at: true,
  config: true,
});

export function typeStatements(db: Db) {
  const get = rowQuery<TypeRow, [string, string, string, string]>(
    db,
    TYPE_COLUMNS,
    "FROM types WHERE domain = ? AND kind = ? AND name = ? AND version = ?",
  );
  const count = db.prepare<[string, string], { n: number }>(
    "SELECT COUNT(*) AS n FROM types WHERE domain = ? AND kind = ?",
  );
  const insert = db.prepare(
    "INSERT INTO types (domain, kind, name, version, status, description, created_at, config) VALUES (?, ?, ?, ?, 'REGISTERED', ?, ?, ?)",
  );
  const setStatus = db.prepare(
    "UPDATE types SET status = ?, deprecated_at = ? WHERE domain = ? AND kind = ? AND name = ? AND version = ?",
  );
  const deprecateAll = db.prepare(
    "UPDATE types SET status = 'DEPRECATED', deprecated_at = ? WHERE domain = ? AND status = 'REGISTERED'",
  );
  const remove = db.prepare(
    "DELETE FROM types WHERE domain = ? AND kind = ? AND name = ? AND version = ?",
  );
  // Paging key is (name, version); a NULL name filter matches every name.
  const pageAsc = db.prepare<
    [string, string, string, string | null, string | null, string, string, string],
    TypeRow
  >(
    `SELECT * FROM types WHERE domain = ? AND kind = ? AND status = ? AND (? IS NULL OR name = ?)
       AND (name > ? OR (name = ? AND version > ?)) ORDER BY name ASC, version ASC LIMIT 1001`,
  );
  const pageDesc = db.prepare<
    [string, string, string, string | null, string | null, string, string, string],
    TypeRow
  >(
    `SELECT * FROM types WHERE domain = ? AND kind = ? AND status = ? AND (? IS NULL OR name = ?)
       AND (name < ? OR (name = ? AND version < ?)) ORDER BY name DESC, version DESC LIMIT 1001`,
  );

  return {
    get: (domain: string, kind: TypeKind, name: string, version: string) =>
      get.get(domain, kind, name, version),
    count: (domain: string, kind: TypeKind) => count.get(domain, kind)!.n,
    insert: (
      domain: string,
      kind: TypeKind,
      name: string,
      version: string,
      description: string | undefined,
      now: number,
      config: object,
    ) => insert.run(domain, kind, name, version, description ?? null, now, JSON.stringify(config)),
    setStatus: (row: TypeRow, status: TypeRow["status"], now: number) =>
      setStatus.run(
        status,
        status === "DEPRECATED" ? now : null,
        row.domain,
        row.kind,
        row.name,
        row.version,
      ),
    deprecateAll: (domain: string, now: number) => deprecateAll.run(now, domain),
    remove: (row: TypeRow) => remove.run(row.domain, row.kind, row.name, row.version),
    page: (
      domain: string,
      kind: TypeKind,
      status: string,
      name: string | null,
      after: [string, string],
      reverse: boolean,
    ) =>
      (reverse ? pageDesc : pageAsc).all(
        domain,
        kind,
        status,
        name,
        name,
        after[0],
        after[0],
        after[1],
      ),
  };
}
