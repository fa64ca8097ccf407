/**
 * `npm run audit:verify [-- --db <file>]`: walks the console's audit log (CONSOLE_DB by default)
 * and recomputes its hash chain. Exit 0 when every row follows from its content and its
 * predecessor; 1 with the first broken row otherwise (a row edited, removed or slipped in).
 * Opens the file read-only, so it can run beside a live console.
 */
import { parseArgs } from "node:util";
import { verifyAuditChain } from "../lib/console/audit";
import { consoleDbPath } from "../lib/console/config";
import { openSqlite } from "../lib/sqlite";

const { values } = parseArgs({ options: { db: { type: "string" } } });
const path = values.db ?? consoleDbPath();
try {
  const db = openSqlite(path, {
    migrations: [],
    name: "console",
    synchronous: "FULL",
    foreignKeys: false,
    readonly: true,
  });
  const report = verifyAuditChain(db);
  db.close();
  if (report.ok) {
    console.log(`audit log ${path}: ${report.rows} rows, hash chain intact`);
  } else {
    console.error(
      `audit log ${path}: BROKEN at row ${report.brokenAt} (${report.problem}); ${report.rows} rows read`,
    );
    process.exitCode = 1;
  }
} catch (e) {
  console.error(`audit log ${path}: cannot be read: ${(e as Error).message}`);
  process.exitCode = 2;
}
