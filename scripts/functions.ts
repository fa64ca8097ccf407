/**
 * `npm run functions -- --dir ./functions --port 9001 [--host 127.0.0.1] [--insecure]`: serves the
 * Lambda Invoke API for the handlers in a folder (see lib/functions/server.ts). Point the engine at
 * it with `--lambda-endpoint http://127.0.0.1:9001` (or AWS_ENDPOINT_URL_LAMBDA). It checks no
 * signature, so it listens on loopback only unless `--insecure` says otherwise.
 */
import { existsSync, statSync } from "node:fs";
import { parseArgs } from "node:util";
import { startFunctionsServer } from "../lib/functions/server";

function flags() {
  try {
    return parseArgs({
      options: {
        dir: { type: "string" },
        port: { type: "string" },
        host: { type: "string" },
        insecure: { type: "boolean" },
      },
    }).values;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
}

const values = flags();
const port = Number(values.port ?? process.env.FUNCTIONS_PORT ?? "9001");
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got ${JSON.stringify(values.port)}`);
  process.exit(2);
}

const dir = values.dir ?? process.env.FUNCTIONS_DIR ?? "./functions";
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
