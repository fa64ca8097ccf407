/**
 * The better-sqlite3 build that works on the running Node.
 *
 * 12.x (compiled from source at install) aborts processes on Node 24: its statement destructor
 * calls a Node API that asserts once the environment is gone, so a GC or an exit can end the
 * process with SIGABRT. 13.x (Node-API, with prebuilt binaries inside the package) fixes that,
 * but crashes on Node 20. Both are installed — 13.x as the alias `better-sqlite3-napi` — and the
 * running Node picks; each loads its native code only when a database is opened. The API is the
 * same, so everything else uses the `better-sqlite3` types.
 */
import Sqlite12 from "better-sqlite3";
import Sqlite13 from "better-sqlite3-napi";

export type { Database as SqliteDatabase, Statement as SqliteStatement } from "better-sqlite3";

const nodeMajor = Number(process.versions.node.split(".")[0]);

export const Database: typeof Sqlite12 = nodeMajor >= 22 ? Sqlite13 : Sqlite12;
