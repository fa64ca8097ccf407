/**
 * Poller leases: with several console processes on one database, each human task list is polled
 * and maintained by one of them — whoever holds the list's row in `poller_leases`. A lease is
 * taken or renewed with one atomic upsert that succeeds only when the row is free, already ours,
 * or expired, so of several processes trying at once exactly one holds it. The holder renews it
 * well before it expires; a holder that dies stops renewing and another process takes the lease
 * once it has expired; a holder that stops gracefully releases it at once.
 *
 * Expiry times are the processes' own clocks (epoch ms): the TTL must comfortably exceed the
 * clock skew between the console hosts.
 */
import type { Db } from "./db";

export interface Lease {
  name: string;
  holder: string;
  expiresAt: number;
}

/**
 * Takes or renews lease `name` for `holder` until `now + ttlMs`. Returns whether `holder` holds
 * it now; when another live holder has it, nothing changes.
 */
export async function takeLease(
  db: Db,
  name: string,
  holder: string,
  ttlMs: number,
  now: number,
): Promise<boolean> {
  const row = await db.get<{ holder: string }>(
    `INSERT INTO poller_leases (name, holder, expires_at) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
       WHERE poller_leases.holder = excluded.holder OR poller_leases.expires_at < ?
     RETURNING holder`,
    [name, holder, now + ttlMs, now],
  );
  return row?.holder === holder;
}

/** Gives up lease `name` if `holder` has it (a graceful stop): another process may take it at once. */
export async function releaseLease(db: Db, name: string, holder: string): Promise<boolean> {
  const { changes } = await db.run("DELETE FROM poller_leases WHERE name = ? AND holder = ?", [
    name,
    holder,
  ]);
  return changes === 1;
}

/** Every lease, with who holds it until when (expired ones included). */
export async function listLeases(db: Db): Promise<Lease[]> {
  return db.all<Lease>(
    `SELECT name, holder, expires_at AS "expiresAt" FROM poller_leases ORDER BY name`,
  );
}

/** Who holds lease `name` (possibly expired), if anyone. */
export async function leaseHolder(db: Db, name: string): Promise<Lease | undefined> {
  return db.get<Lease>(
    `SELECT name, holder, expires_at AS "expiresAt" FROM poller_leases WHERE name = ?`,
    [name],
  );
}
