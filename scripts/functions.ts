/**
 * `npm run functions -- --dir ./functions --port 9001 [--host 127.0.0.1] [--insecure]`: serves the
 * Lambda Invoke API for the handlers in a folder (see lib/functions/server.ts). Point the engine at
 * it with `--lambda-endpoint http://127.0.0.1:9001` (or AWS_ENDPOINT_URL_LAMBDA). It checks no
 * signature, so it listens on loopback only unless `--insecure` says otherwise.
 */
import { existsSync, statSync } from "node:fs";
import { startFunctionsServer } from "../lib/functions/server";
import { commandLine } from "./command-line";
import { typedPath } from "../lib/typed-path";

const USAGE = `Usage: npm run functions -- [--dir DIR] [--port PORT] [--host HOST] [--insecure]

Serves the Lambda Invoke API for the handlers in DIR: one file per function, named after it
(shipping-quote.ts serves "shipping-quote"), exporting
\`async function handler(event, context)\`. Edited files run their new code from their next
invocation. Point the engine at it: npm run engine -- --lambda-endpoint http://127.0.0.1:PORT

  --dir DIR     the handlers' folder, relative to where you typed the command (FUNCTIONS_DIR;
                default ./functions)
  --port PORT   0: any free port (FUNCTIONS_PORT; default 9001)
  --host HOST   default 127.0.0.1; it checks no signature, so another address needs --insecure
  --insecure    listen off loopback anyway
  -h, --help    this text`;

const values = commandLine(
  {
    dir: { type: "string" },
    port: { type: "string" },
    host: { type: "string" },
    insecure: { type: "boolean" },
  },
  USAGE,
);
const port = Number(values.port ?? process.env.FUNCTIONS_PORT ?? "9001");
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got ${JSON.stringify(values.port)}`);
  process.exit(2);
}

// Relative to where the command was typed, as with `npm start`'s FUNCTIONS_DIR.
const dir = typedPath(values.dir ?? process.env.FUNCTIONS_DIR ?? "./functions", process.env);
// A mistyped folder would otherwise serve nothing, each invocation a "Function not found".
if (!existsSync(dir) || !statSync(dir).isDirectory()) {
  console.error(
    `--dir ${dir}: no such folder (the Lambda handlers to serve, one file per function)`,
  );
  process.exit(2);
}

startFunctionsServer({
  dir,
  port,
  host: values.host ?? "127.0.0.1",
  insecure: values.insecure === true,
  region: process.env.AWS_REGION,
})
  .then((running) => {
    console.log(`functions listening on ${running.url}`);
    const stop = () => void running.close().then(() => process.exit(0));
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  })
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
