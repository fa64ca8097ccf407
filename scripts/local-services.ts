/**
 * The child processes `npm start` runs beside the console when it serves the embedded engine: the
 * local Lambda function runner and the engine itself. Each is a `startChild` (own process group,
 * tethered to this process); each resolves `ready` with the URL it listens on.
 */
import { join, resolve } from "node:path";
import { sqliteFileSetting, typedPath } from "../lib/typed-path";
import { startChild, type Child } from "./processes";

export const root = resolve(__dirname, "..");

/** A command installed in the project's node_modules/.bin. */
export const bin = (name: string) => join(root, "node_modules", ".bin", name);

export interface Service {
  child: Child;
  /** The URL the service listens on, once it does; rejects if it exits first. */
  ready: Promise<string>;
}

/** The demo's Lambda handlers (the order-fulfillment example's shipping quote). */
export const DEMO_FUNCTIONS_DIR = join(root, "examples/order-fulfillment/functions");

/**
 * The engine's SQLite file npm start hands it: ENGINE_DB as typed (from where it was typed, as the
 * engine itself takes its --db), else the project's data/swf.sqlite.
 */
export function engineDb(env: Record<string, string | undefined>, cwd = process.cwd()): string {
  return sqliteFileSetting(env.ENGINE_DB, join(root, "data", "swf.sqlite"), env, cwd);
}

/** The folder of Lambda handlers npm start serves: FUNCTIONS_DIR (a typed path), else the demo's. */
export function functionsDir(env: Record<string, string | undefined>, cwd = process.cwd()): string {
  return env.FUNCTIONS_DIR ? typedPath(env.FUNCTIONS_DIR, env, cwd) : DEMO_FUNCTIONS_DIR;
}

/** The function runner for the handlers in `dir` (scripts/functions.ts); port "0": any free one. */
export function startFunctionRunner(options: {
  dir: string;
  port: string;
  onLine?: (line: string) => void;
}): Service {
  const child = startChild(
    "functions",
    bin("tsx"),
    [join(root, "scripts/functions.ts"), "--dir", options.dir, "--port", options.port],
    { onLine: options.onLine },
  );
  return { child, ready: child.waitFor(/functions listening on (\S+)/).then((m) => m[1]) };
}

/** The embedded engine (lib/engine/main.ts) on `port` ("0": any free one) over the SQLite `db`. */
export function startEngineProcess(options: {
  port: string;
  db: string;
  lambdaEndpoint?: string;
  onLine?: (line: string) => void;
}): Service {
  const lambda = options.lambdaEndpoint ? ["--lambda-endpoint", options.lambdaEndpoint] : [];
  const child = startChild(
    "engine",
    bin("tsx"),
    [join(root, "lib/engine/main.ts"), "--port", options.port, "--db", options.db, ...lambda],
    { onLine: options.onLine },
  );
  return { child, ready: child.waitFor(/listening on (\S+)/).then((m) => m[1]) };
}
