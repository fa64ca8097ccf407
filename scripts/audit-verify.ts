/**
 * `npm run audit:verify [-- --db <file or postgres:// URL>]`: walks the console's audit log (the
 * configured console database by default) and recomputes its hash chain. Exit 0 when every row
 * follows from its content and its predecessor; 1 with the first broken row otherwise (a row
 * edited, removed or slipped in). Only reads, so it can run beside live consoles.
 */
import { verifyAuditChain } from "../lib/console/audit";
import { consoleDbLocation } from "../lib/console/config";
import { isPostgresUrl } from "../lib/console/config";
import { PostgresStore } from "../lib/console/db/postgres";
import { SqliteStore } from "../lib/console/db/sqlite";
import { openSqlite } from "../lib/sqlite";
import { commandLine } from "./command-line";
import { typedPath } from "../lib/typed-path";

const USAGE = `Usage: npm run audit:verify [-- --db FILE_OR_URL]

Walks the console's audit log and recomputes its hash chain: exit 0 when intact, 1 naming the
first row changed, removed or slipped in, 2 when the database cannot be read. Only reads.

  --db FILE_OR_URL   a SQLite file (relative to where you typed the command) or a
                     postgres:// URL; default: the console's own (CONSOLE_DATABASE_URL, else
                     CONSOLE_DB, else ./data/console.sqlite)
  -h, --help         this text`;

const values = commandLine({ db: { type: "string" } }, USAGE);
const location =
  values.db === undefined
    ? consoleDbLocation()
    : isPostgresUrl(values.db)
      ? values.db
      : typedPath(values.db, process.env);
// A URL's password is not for the terminal.
const shown = isPostgresUrl(location) ? location.replace(/\/\/[^@/]*@/, "//") : location;

async function main() {
  const db = isPostgresUrl(location)
    ? PostgresStore.connect(location, { max: 1 })
    : new SqliteStore(
        openSqlite(location, {
          migrations: [],
          name: "console",
          synchronous: "FULL",
          foreignKeys: false,
          readonly: true,
        }),
      );
  try {
    const report = await verifyAuditChain(db);
    if (report.ok) {
      console.log(`audit log ${shown}: ${report.rows} rows, hash chain intact`);
    } else {
      console.error(
        `audit log ${shown}: BROKEN at row ${report.brokenAt} (${report.problem}); ${report.rows} rows read`,
      );
      process.exitCode = 1;
    }
  } finally {
    await db.close();
  }
}

main().catch((e) => {
  console.error(`audit log ${shown}: cannot be read: ${(e as Error).message}`);
  process.exitCode = 2;
});
